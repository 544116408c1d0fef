namespace SiotThing.Provisioning.Storage;

/// <summary>
/// The bounds the store holds every input to (an input beyond them is an <see cref="ArgumentException"/>,
/// which the XMPP side answers with bad-request), and the claim rate limit.
/// </summary>
public static class ProvisioningLimits
{
    /// <summary>The longest JID RFC 7622 allows: three parts of 1023 bytes and two separators (checked in characters).</summary>
    public const int MaxJidLength = 3071;

    /// <summary>The longest name of a thing (docs/protocol-notes.md), and so of a name typed into a claim.</summary>
    public const int MaxNameLength = 100;

    /// <summary>How many names (languages) a thing may register.</summary>
    public const int MaxNames = 10;

    /// <summary>The longest xml:lang of a name: the 35 characters every BCP 47 implementation must handle (RFC 5646 §4.4.1).</summary>
    public const int MaxLanguageLength = 35;

    /// <summary>The longest key as typed: room for the 24 symbols with generous spacing, bounded so that a huge attribute costs nothing.</summary>
    public const int MaxTypedKeyLength = 100;

    /// <summary>How many changes one friend-state-update may carry.</summary>
    public const int MaxFriendChanges = 500;

    /// <summary>More failed claims than this from one bare JID within <see cref="FailedClaimWindow"/> make it wait.</summary>
    public const int MaxFailedClaims = 5;

    /// <summary>How long a failed claim counts.</summary>
    public static readonly TimeSpan FailedClaimWindow = TimeSpan.FromMinutes(15);

    /// <summary>
    /// An owner is told of one requestor of one thing at most once in this long, however often
    /// the request is withdrawn and made again; and of at most <see cref="MaxPendingNotifications"/>
    /// requests (all its things together) in this long, then once that there are more.
    /// </summary>
    public static readonly TimeSpan PendingNotificationWindow = TimeSpan.FromHours(1);

    /// <summary>How many pending-friend notifications an owner gets within <see cref="PendingNotificationWindow"/> before the one that says more wait.</summary>
    public const int MaxPendingNotifications = 5;
}
