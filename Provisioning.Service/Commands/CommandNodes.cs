namespace SiotThing.Provisioning.Commands;

/// <summary>The ad-hoc commands' nodes and titles (docs/protocol-notes.md, "Owners with ordinary clients").</summary>
public static class CommandNodes
{
    /// <summary>Claim a thing with its name and key.</summary>
    public const string Claim = "claim";

    /// <summary>The title of <see cref="Claim"/>.</summary>
    public const string ClaimTitle = "Claim a thing";

    /// <summary>List the things one owns.</summary>
    public const string Things = "things";

    /// <summary>The title of <see cref="Things"/>.</summary>
    public const string ThingsTitle = "My things";

    /// <summary>Approve or refuse pending friendship requests.</summary>
    public const string Pending = "pending";

    /// <summary>The title of <see cref="Pending"/>.</summary>
    public const string PendingTitle = "Pending friend requests";

    /// <summary>List and remove a thing's friends.</summary>
    public const string Friends = "friends";

    /// <summary>The title of <see cref="Friends"/>.</summary>
    public const string FriendsTitle = "Friends of a thing";

    /// <summary>Give a thing up.</summary>
    public const string Disown = "disown";

    /// <summary>The title of <see cref="Disown"/>.</summary>
    public const string DisownTitle = "Give up a thing";
}
