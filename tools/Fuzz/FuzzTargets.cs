using SiotThing.Fuzz.Targets;

namespace SiotThing.Fuzz;

/// <summary>Every fuzz target, by name.</summary>
public static class FuzzTargets
{
    /// <summary>The targets.</summary>
    public static IReadOnlyList<IFuzzTarget> All { get; } =
    [
        new XmlParserTarget(),
        new ClientTarget(),
        new AgentTarget(),
        new ComponentTarget(),
        new SettingsTarget(),
        new StateTarget(),
        new ScramTarget(),
    ];

    /// <summary>The target named <paramref name="name"/>, or null.</summary>
    public static IFuzzTarget Find(string name) => All.FirstOrDefault(t => t.Name == name);
}
