namespace SiotThing.Provisioning.Storage;

/// <summary>What a friend-state-update did.</summary>
public enum FriendUpdateOutcome
{
    /// <summary>The changes were applied.</summary>
    Updated,

    /// <summary>The caller does not own the named thing (forbidden).</summary>
    Forbidden,

    /// <summary>The named thing is not registered (item-not-found).</summary>
    NotFound,

    /// <summary>No thing was named and the caller does not own exactly one (bad-request).</summary>
    ThingRequired,
}
