using SiotThing.Protocol.Ports;

namespace SiotThing.Firmware.Host.Recording;

/// <summary>Uses a state store and records its reads (replayed) and writes (compared).</summary>
/// <param name="inner">The real store.</param>
/// <param name="recorder">The recording.</param>
public sealed class StateStoreRecorder(IStateStore inner, SessionRecorder recorder) : IStateStore
{
    /// <inheritdoc />
    public byte[]? ReadSlot(int slot)
    {
        var contents = inner.ReadSlot(slot);
        recorder.Event(SessionEvent.StoreRead).Number(slot).OptionalBytes(contents);
        return contents;
    }

    /// <inheritdoc />
    public void WriteSlot(int slot, byte[] data, int count)
    {
        recorder.Event(SessionEvent.StoreWrite).Number(slot).Bytes(data.AsSpan(0, count));
        inner.WriteSlot(slot, data, count);
    }
}
