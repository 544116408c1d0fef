using SiotThing.Protocol.Ports;

namespace SiotThing.Benchmarks;

/// <summary>Display, pin and log that do nothing, so that only the core's own memory is measured.</summary>
public sealed class QuietPorts : IDisplay, IDigitalOutput, ILog
{
    /// <inheritdoc />
    public void Show(string name, string claimKey, string status)
    {
    }

    /// <inheritdoc />
    public void Write(bool high)
    {
    }

    /// <inheritdoc />
    public void Write(string message)
    {
    }
}
