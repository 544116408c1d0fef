using SiotThing.Protocol.Ports;

namespace SiotThing.Benchmarks;

/// <summary>
/// "Randomness" that gives the same bytes on every call: every SCRAM exchange then has the same
/// client nonce, so the scripted server's answers can be computed once, outside the measurement.
/// Never a real entropy source.
/// </summary>
public sealed class RepeatingEntropy : IEntropySource
{
    /// <inheritdoc />
    public void Fill(byte[] buffer, int offset, int count)
    {
        for (var i = 0; i < count; i++)
        {
            buffer[offset + i] = (byte)(0x5A + (37 * i));
        }
    }
}
