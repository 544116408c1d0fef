using SiotThing.Protocol.Ports;

namespace SiotThing.Fuzz.Ports;

/// <summary>A log nobody reads.</summary>
public sealed class SilentLog : ILog
{
    /// <inheritdoc />
    public void Write(string message)
    {
    }
}
