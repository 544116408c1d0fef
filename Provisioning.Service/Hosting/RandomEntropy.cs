using System.Security.Cryptography;
using SiotThing.Protocol.Ports;

namespace SiotThing.Provisioning.Hosting;

/// <summary>The entropy port for the reconnect jitter: the operating system's random number generator.</summary>
internal sealed class RandomEntropy : IEntropySource
{
    /// <inheritdoc/>
    public void Fill(byte[] buffer, int offset, int count) => RandomNumberGenerator.Fill(buffer.AsSpan(offset, count));
}
