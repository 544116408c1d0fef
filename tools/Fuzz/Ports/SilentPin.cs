using SiotThing.Protocol.Ports;

namespace SiotThing.Fuzz.Ports;

/// <summary>A pin with nothing on it.</summary>
public sealed class SilentPin : IDigitalOutput
{
    /// <inheritdoc />
    public void Write(bool high)
    {
    }
}
