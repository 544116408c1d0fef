using System.Security.Cryptography;
using SiotThing.Protocol.Ports;

namespace SiotThing.Firmware.Host;

/// <summary>The entropy port on .NET: the operating system's cryptographic random number generator.</summary>
public sealed class SystemEntropy : IEntropySource
{
    /// <inheritdoc />
    public void Fill(byte[] buffer, int offset, int count) => RandomNumberGenerator.Fill(buffer.AsSpan(offset, count));
}
