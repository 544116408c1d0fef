namespace SiotThing.Provisioning.Storage;

/// <summary>
/// A message the service owes someone because of a committed change, written in the change's own
/// transaction and kept until the XMPP server took it (<see cref="IProvisioningStore.MarkSentAsync"/>).
/// </summary>
/// <param name="Id">Its place in the outbox: a recipient's ids grow in the order its messages were owed (committed), and each recipient's are sent in id order.</param>
/// <param name="Kind">What it says.</param>
/// <param name="To">The recipient's bare JID: the thing, or the (previous) owner.</param>
/// <param name="Thing">The thing it is about.</param>
/// <param name="Jid">The owner (<see cref="OutboxKind.Owner"/>, <c>null</c> for none) or the requestor (<see cref="OutboxKind.PendingFriend"/>, <c>null</c> for the summary that more requests wait); otherwise <c>null</c>.</param>
/// <param name="Items">The decisions of a <see cref="OutboxKind.FriendshipStates"/>, in order; otherwise empty.</param>
public sealed record OutboxMessage(long Id, OutboxKind Kind, string To, string Thing, string? Jid, IReadOnlyList<FriendChange> Items);
