using SiotThing.Protocol.Ports;

namespace SiotThing.Fuzz.Ports;

/// <summary>The two state slots in memory, optionally starting with given bytes.</summary>
public sealed class MemoryStateStore(byte[] slot0 = null, byte[] slot1 = null) : IStateStore
{
    private readonly byte[][] slots = [slot0, slot1];

    /// <inheritdoc />
    public byte[] ReadSlot(int slot) => slots[slot] is { } bytes ? (byte[])bytes.Clone() : null;

    /// <inheritdoc />
    public void WriteSlot(int slot, byte[] data, int count) => slots[slot] = data.AsSpan(0, count).ToArray();
}
