using SiotThing.Protocol.Configuration;

namespace SiotThing.Fuzz.Targets;

/// <summary>The thing's configuration file parser (a person writes the file; a wrong one gets a line to fix).</summary>
public sealed class SettingsTarget : IFuzzTarget
{
    /// <inheritdoc />
    public string Name => "settings";

    /// <inheritdoc />
    public void Run(byte[] input)
    {
        var settings = ThingSettings.Parse(input, onDevice: input.Length % 2 == 0);
        if (settings.Error == null && settings.Names.Length == 0)
        {
            throw new InvalidOperationException("accepted a configuration without a name");
        }
    }
}
