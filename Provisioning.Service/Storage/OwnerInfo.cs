namespace SiotThing.Provisioning.Storage;

/// <summary>An owner and how many things it owns.</summary>
/// <param name="Owner">The owner's bare JID.</param>
/// <param name="Things">How many things it owns.</param>
public sealed record OwnerInfo(string Owner, int Things);
