using SiotThing.Protocol.Ports;

namespace SiotThing.Firmware.Host;

/// <summary>The display of the simulated thing: what an OLED would show, as one console line when it changes.</summary>
public sealed class ConsoleDisplay : IDisplay
{
    private string? last;

    /// <summary>The claim key last shown, or <c>null</c> when none is shown.</summary>
    public string? ShownKey { get; private set; }

    /// <inheritdoc />
    public void Show(string name, string claimKey, string status)
    {
        ShownKey = claimKey;
        var text = $"[display] {name} | {status}{(claimKey == null ? string.Empty : " | key " + claimKey)}";
        if (text != last)
        {
            last = text;
            Console.WriteLine(text);
        }
    }
}
