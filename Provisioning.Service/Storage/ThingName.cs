namespace SiotThing.Provisioning.Storage;

/// <summary>One of a thing's names.</summary>
/// <param name="Language">Its xml:lang, or the empty string for the name without one (the default).</param>
/// <param name="Name">The name as the thing registered it.</param>
public readonly record struct ThingName(string Language, string Name);
