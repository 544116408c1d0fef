using SiotThing.Protocol.Ports;

namespace SiotThing.Fuzz.Ports;

/// <summary>A display nobody reads.</summary>
public sealed class SilentDisplay : IDisplay
{
    /// <inheritdoc />
    public void Show(string name, string claimKey, string status)
    {
    }
}
