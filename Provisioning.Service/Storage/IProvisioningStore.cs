namespace SiotThing.Provisioning.Storage;

/// <summary>
/// What the provisioning service knows: registered things with their claim keys and names, their
/// owners, friends and pending friendship requests, and recent failed claims. Every operation is
/// one transaction: it happens whole or not at all, also when the process dies in the middle.
/// JIDs are taken as bare JIDs and returned lower-cased (<see cref="Protocol.Xmpp.Jid"/>); an
/// input that is malformed or out of bounds (<see cref="ProvisioningLimits"/>) is rejected with an
/// <see cref="ArgumentException"/> before anything is read or written. No operation ever returns
/// a claim key.
/// <para>
/// The messages a change owes (an owner to a thing after a claim, a disown or a repeated
/// registration; friendship-states after an update; a pending-friend-notification to the owner
/// after a new request; thing-reset to the previous owner after a factory reset) are written to
/// the outbox in the change's own transaction (<see cref="OutboxMessage"/>), and stay there until
/// <see cref="MarkSentAsync"/>: a change is never committed without what it owes.
/// </para>
/// </summary>
public interface IProvisioningStore : IAsyncDisposable
{
    /// <summary>Registers a thing, or repeats or resets its registration (docs/protocol-notes.md, "Registration").</summary>
    /// <param name="thing">The thing's bare JID.</param>
    /// <param name="key">Its claim key; any form <see cref="Protocol.Siot.ClaimKey.Normalize"/> accepts, stored as a hash of the grouped form.</param>
    /// <param name="names">Its names, one per language, 1 to <see cref="ProvisioningLimits.MaxNames"/>.</param>
    /// <param name="now">The time of the registration.</param>
    /// <param name="cancellationToken">Cancels the operation; nothing is then written.</param>
    /// <returns>What happened, with the previous owner after a reset.</returns>
    Task<RegistrationResult> RegisterAsync(string thing, string key, IReadOnlyList<ThingName> names, DateTimeOffset now, CancellationToken cancellationToken = default);

    /// <summary>
    /// Claims the thing that has <paramref name="typedKey"/> and a name equal to <paramref name="name"/>
    /// (trimmed, case-insensitive), for <paramref name="claimant"/> (docs/protocol-notes.md, "Claiming").
    /// A claim that finds no such thing is a failure: it is recorded, and more than
    /// <see cref="ProvisioningLimits.MaxFailedClaims"/> failures within
    /// <see cref="ProvisioningLimits.FailedClaimWindow"/> make the claimant wait.
    /// </summary>
    /// <param name="claimant">The claimant's bare JID.</param>
    /// <param name="name">The name as the claimant typed it.</param>
    /// <param name="typedKey">The key as the claimant typed it.</param>
    /// <param name="now">The time of the claim.</param>
    /// <param name="cancellationToken">Cancels the operation; nothing is then written.</param>
    /// <returns>The claimed thing, or why not.</returns>
    Task<ClaimResult> ClaimAsync(string claimant, string name, string typedKey, DateTimeOffset now, CancellationToken cancellationToken = default);

    /// <summary>
    /// Answers a thing's is-friend query about <paramref name="requestor"/>; a request that is not
    /// decided yet is recorded as pending (also while the thing has no owner: it waits for one).
    /// </summary>
    /// <param name="thing">The asking thing's bare JID.</param>
    /// <param name="requestor">The requestor's bare JID.</param>
    /// <param name="now">The time of the query (a new pending request is dated with it).</param>
    /// <param name="cancellationToken">Cancels the operation; nothing is then written.</param>
    /// <returns>The answer; for a new pending request, whom to notify.</returns>
    Task<FriendshipResult> IsFriendAsync(string thing, string requestor, DateTimeOffset now, CancellationToken cancellationToken = default);

    /// <summary>
    /// A thing tells that <paramref name="requestor"/> withdrew its subscription request before
    /// the owner decided it: its pending request (if any) is dropped. A decision already made
    /// (friend, refused) is not a request and stays.
    /// </summary>
    /// <param name="thing">The thing's bare JID.</param>
    /// <param name="requestor">The requestor's bare JID.</param>
    /// <param name="cancellationToken">Cancels the operation; nothing is then written.</param>
    /// <returns><c>false</c> when <paramref name="thing"/> is not registered; otherwise <c>true</c>, whether a request was dropped or there was none.</returns>
    Task<bool> WithdrawRequestAsync(string thing, string requestor, CancellationToken cancellationToken = default);

    /// <summary>Lists the pending friendship requests of the things <paramref name="owner"/> owns.</summary>
    /// <param name="owner">The owner's bare JID.</param>
    /// <param name="thing">Only this thing's requests, or <c>null</c> for all of the owner's things.</param>
    /// <param name="cancellationToken">Cancels the operation.</param>
    /// <returns>The requests, oldest first per thing, or why the owner may not see them.</returns>
    Task<PendingRequestsResult> PendingRequestsAsync(string owner, string? thing, CancellationToken cancellationToken = default);

    /// <summary>
    /// Applies an owner's friend-state-update: each JID becomes a friend or a non-friend of the
    /// thing, and its pending request (if any) is settled. A change that names the owner is left
    /// out: the owner is always a friend.
    /// </summary>
    /// <param name="owner">The owner's bare JID.</param>
    /// <param name="thing">The thing's bare JID, or <c>null</c> for the one thing the owner owns.</param>
    /// <param name="changes">Up to <see cref="ProvisioningLimits.MaxFriendChanges"/> changes, each JID at most once.</param>
    /// <param name="now">The time of the update.</param>
    /// <param name="cancellationToken">Cancels the operation; nothing is then written.</param>
    /// <returns>The thing and the changes applied (to tell the thing), or why nothing was.</returns>
    Task<FriendUpdateResult> UpdateFriendsAsync(string owner, string? thing, IReadOnlyList<FriendChange> changes, DateTimeOffset now, CancellationToken cancellationToken = default);

    /// <summary>The owner gives the thing up: its owner, friends and pending requests are dropped, its key stays (the next owner claims it with the same key).</summary>
    /// <param name="owner">The owner's bare JID.</param>
    /// <param name="thing">The thing's bare JID.</param>
    /// <param name="now">The time of the disown (the thing's owed message is dated with it).</param>
    /// <param name="cancellationToken">Cancels the operation; nothing is then written.</param>
    /// <returns><see cref="AccessOutcome.Done"/>, or why not.</returns>
    Task<AccessOutcome> DisownAsync(string owner, string thing, DateTimeOffset now, CancellationToken cancellationToken = default);

    /// <summary>Lists the things <paramref name="owner"/> owns, ordered by JID (for the owner's own view: no keys, as everywhere).</summary>
    /// <param name="owner">The owner's bare JID.</param>
    /// <param name="cancellationToken">Cancels the operation.</param>
    /// <returns>The things; empty for a JID that owns none.</returns>
    Task<IReadOnlyList<ThingInfo>> OwnedThingsAsync(string owner, CancellationToken cancellationToken = default);

    /// <summary>Lists the JIDs the owner made friends of <paramref name="thing"/> (the owner itself not included).</summary>
    /// <param name="owner">The owner's bare JID.</param>
    /// <param name="thing">The thing's bare JID.</param>
    /// <param name="cancellationToken">Cancels the operation.</param>
    /// <returns>The friends, ordered by JID, or why the caller may not see them.</returns>
    Task<FriendsResult> FriendsAsync(string owner, string thing, CancellationToken cancellationToken = default);

    /// <summary>Lists every registered thing, ordered by JID.</summary>
    /// <param name="cancellationToken">Cancels the operation.</param>
    /// <returns>The things.</returns>
    Task<IReadOnlyList<ThingInfo>> ListThingsAsync(CancellationToken cancellationToken = default);

    /// <summary>Lists every owner with the number of things they own, ordered by JID.</summary>
    /// <param name="cancellationToken">Cancels the operation.</param>
    /// <returns>The owners.</returns>
    Task<IReadOnlyList<OwnerInfo>> ListOwnersAsync(CancellationToken cancellationToken = default);

    /// <summary>Reads one thing.</summary>
    /// <param name="thing">The thing's bare JID.</param>
    /// <param name="cancellationToken">Cancels the operation.</param>
    /// <returns>The thing, or <c>null</c> when it is not registered.</returns>
    Task<ThingInfo?> GetThingAsync(string thing, CancellationToken cancellationToken = default);

    /// <summary>Removes a thing with its names, owner, friends and pending requests; its key becomes free.</summary>
    /// <param name="thing">The thing's bare JID.</param>
    /// <param name="cancellationToken">Cancels the operation; nothing is then written.</param>
    /// <returns><c>true</c> when the thing was registered and is now removed.</returns>
    Task<bool> RemoveThingAsync(string thing, CancellationToken cancellationToken = default);

    /// <summary>
    /// Begins a batch: the operations this caller's flow starts (the same async flow) until the
    /// batch is committed or ended run in one transaction and become durable together
    /// (<see cref="StoreBatch"/>). <c>null</c> where each operation is best committed alone: on
    /// PostgreSQL an operation that loses a serialization race runs again from its start, which a
    /// shared transaction cannot do, and its commits are not what limits it.
    /// </summary>
    /// <returns>The batch, or <c>null</c>.</returns>
    StoreBatch? BeginBatch();

    /// <summary>
    /// Takes what this store object's operations owed and committed since the last call to
    /// recipients whose leases it holds, in commit order, so that the sender can send them without
    /// reading them back. Others' messages, and those of recipients taken later, are read with
    /// <see cref="UnsentMessagesAsync"/>.
    /// </summary>
    /// <param name="into">Gets the messages.</param>
    /// <returns><c>false</c> when more were committed than the store keeps for the sender (<see cref="SqlProvisioningStore.MaxNewlyOwed"/>): some are missing, and the outbox has them.</returns>
    bool TakeNewlyOwed(List<NewlyOwed> into);

    /// <summary>
    /// Keeps this store object's outbox leases alive, gives up those with nothing left to send, and
    /// takes the recipients whose owed messages no live instance holds (their holder died). Called
    /// about every second by the instance that sends; a lease lives <c>15 s</c> without it.
    /// </summary>
    /// <param name="now">The time (leases are dated with it).</param>
    /// <param name="cancellationToken">Cancels the operation; nothing is then written.</param>
    /// <returns>The id of the oldest owed message of a recipient taken now (the sender goes back to it), or <c>null</c>.</returns>
    Task<long?> TakeOwedAsync(DateTimeOffset now, CancellationToken cancellationToken = default);

    /// <summary>Reads the messages still owed to the recipients this store object holds (its own operations' and those it took), oldest first.</summary>
    /// <param name="limit">At most this many.</param>
    /// <param name="cancellationToken">Cancels the operation.</param>
    /// <returns>The messages, in id order: each recipient's in the order they were owed.</returns>
    Task<IReadOnlyList<OutboxMessage>> UnsentMessagesAsync(int limit, CancellationToken cancellationToken = default);

    /// <summary>Marks owed messages as taken by the server; sent messages older than a week are pruned.</summary>
    /// <param name="ids">The messages the server took, at most <see cref="SqlProvisioningStore.MaxMarkedAtOnce"/>.</param>
    /// <param name="now">The time it took them.</param>
    /// <param name="cancellationToken">Cancels the operation; nothing is then written.</param>
    /// <returns>How many messages were marked (not counting those marked before).</returns>
    Task<int> MarkSentAsync(IReadOnlyCollection<long> ids, DateTimeOffset now, CancellationToken cancellationToken = default);

    /// <summary>A secret every service instance on this database shares: made (32 random bytes) by the first to ask for it, then kept.</summary>
    /// <param name="name">What it is for.</param>
    /// <param name="cancellationToken">Cancels the operation.</param>
    /// <returns>The secret.</returns>
    Task<byte[]> SharedKeyAsync(string name, CancellationToken cancellationToken = default);
}
