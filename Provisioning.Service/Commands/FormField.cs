namespace SiotThing.Provisioning.Commands;

/// <summary>A field of a data form the service sends (XEP-0004 §3.2).</summary>
/// <param name="Var">The field's name.</param>
/// <param name="Type">text-single, list-single, list-multi, fixed, hidden, ...</param>
/// <param name="Label">What a client shows beside it, or <c>null</c>.</param>
internal sealed record FormField(string Var, string Type, string? Label = null)
{
    /// <summary>The field's values.</summary>
    public IReadOnlyList<string> Values { get; init; } = [];

    /// <summary>The choices of a list field, each a label and its value.</summary>
    public IReadOnlyList<(string Label, string Value)> Options { get; init; } = [];

    /// <summary>Whether the form cannot be submitted without it.</summary>
    public bool Required { get; init; }
}
