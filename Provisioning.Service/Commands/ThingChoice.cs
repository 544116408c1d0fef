using SiotThing.Provisioning.Storage;

namespace SiotThing.Provisioning.Commands;

/// <summary>The field that asks an owner to choose one of its things.</summary>
internal static class ThingChoice
{
    /// <summary>A required list-single field <c>thing</c> with each thing as an option, labelled with its name.</summary>
    public static FormField Field(IReadOnlyList<ThingInfo> things) =>
        new("thing", "list-single", "Thing")
        {
            Required = true,
            Options = things.Select(t => ($"{t.DisplayName} ({t.Jid})", t.Jid)).ToList(),
        };
}
