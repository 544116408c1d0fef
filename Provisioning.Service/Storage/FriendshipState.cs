namespace SiotThing.Provisioning.Storage;

/// <summary>The values of the friendships table's state column: a JID is in at most one state per thing.</summary>
internal static class FriendshipState
{
    /// <summary>The owner made the JID a friend.</summary>
    public const string Friend = "friend";

    /// <summary>The owner refused the JID or removed it as a friend.</summary>
    public const string Refused = "refused";

    /// <summary>The thing asked about the JID and the owner has not decided.</summary>
    public const string Pending = "pending";
}
