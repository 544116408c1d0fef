using SiotThing.Protocol.Ports;

namespace SiotThing.Firmware.Host.Recording;

/// <summary>Draws from an entropy source and records what the core got (a replay gives it the same bytes).</summary>
/// <param name="inner">The real source.</param>
/// <param name="recorder">The recording.</param>
public sealed class EntropyRecorder(IEntropySource inner, SessionRecorder recorder) : IEntropySource
{
    /// <inheritdoc />
    public void Fill(byte[] buffer, int offset, int count)
    {
        inner.Fill(buffer, offset, count);
        recorder.Event(SessionEvent.Entropy).Bytes(buffer.AsSpan(offset, count));
    }
}
