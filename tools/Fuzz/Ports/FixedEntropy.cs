using SiotThing.Protocol.Ports;

namespace SiotThing.Fuzz.Ports;

/// <summary>The same "random" bytes every run, so that afl sees the same path for the same input.</summary>
public sealed class FixedEntropy : IEntropySource
{
    private byte next = 1;

    /// <inheritdoc />
    public void Fill(byte[] buffer, int offset, int count)
    {
        for (var i = 0; i < count; i++)
        {
            buffer[offset + i] = next;
            next = (byte)(next * 5 + 3);
        }
    }
}
