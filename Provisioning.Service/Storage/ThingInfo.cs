namespace SiotThing.Provisioning.Storage;

/// <summary>What the admin sees of a thing: everything but its key.</summary>
/// <param name="Jid">The thing's bare JID.</param>
/// <param name="Names">Its names, the default (no language) first, then by language.</param>
/// <param name="Owner">Its owner's bare JID, or <c>null</c> while unclaimed.</param>
/// <param name="RegisteredAt">When it registered its current key.</param>
/// <param name="ClaimedAt">When its owner claimed it, or <c>null</c> while unclaimed.</param>
/// <param name="Friends">How many JIDs the owner made friends.</param>
/// <param name="NonFriends">How many JIDs the owner refused or removed.</param>
/// <param name="Pending">How many friendship requests wait for the owner.</param>
public sealed record ThingInfo(
    string Jid,
    IReadOnlyList<ThingName> Names,
    string? Owner,
    DateTimeOffset RegisteredAt,
    DateTimeOffset? ClaimedAt,
    int Friends,
    int NonFriends,
    int Pending)
{
    /// <summary>The name to show: the default name, else the first one.</summary>
    public string DisplayName => Names.FirstOrDefault(n => n.Language.Length == 0, Names[0]).Name;
}
