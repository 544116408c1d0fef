using SiotThing.Protocol.Ports;

namespace SiotThing.Firmware.Host;

/// <summary>Simulated hardware: a pin whose level is printed when written and can be set from the console.</summary>
/// <param name="name">What is attached, e.g. "bulb".</param>
public sealed class ConsolePin(string name) : IDigitalOutput, IDigitalInput
{
    /// <summary>The pin's level.</summary>
    public bool Level { get; set; }

    /// <inheritdoc />
    public void Write(bool high)
    {
        Level = high;
        Console.WriteLine($"[{name}] {(high ? "on" : "off")}");
    }

    /// <inheritdoc />
    public bool Read() => Level;
}
