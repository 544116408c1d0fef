using SiotThing.Protocol.Ports;

namespace SiotThing.Firmware.Host;

/// <summary>The log on .NET: timestamped lines on the console.</summary>
public sealed class ConsoleLog : ILog
{
    /// <inheritdoc />
    public void Write(string message) => Console.WriteLine($"{DateTime.Now:HH:mm:ss.fff} {message}");
}
