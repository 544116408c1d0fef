namespace SiotThing.Provisioning.Storage;

/// <summary>The answer to a thing's is-friend query.</summary>
public enum FriendshipAnswer
{
    /// <summary>The requestor is the owner or a friend the owner approved.</summary>
    Yes,

    /// <summary>The owner refused or removed the requestor.</summary>
    No,

    /// <summary>Not decided: the request is recorded until the owner decides.</summary>
    Pending,

    /// <summary>The asking JID is not a registered thing (registration-required).</summary>
    UnknownThing,
}
