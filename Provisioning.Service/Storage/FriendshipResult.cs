namespace SiotThing.Provisioning.Storage;

/// <summary>The result of <see cref="IProvisioningStore.IsFriendAsync"/>.</summary>
/// <param name="Answer">The answer for the thing.</param>
/// <param name="NewlyPending">With <see cref="FriendshipAnswer.Pending"/>: whether this query recorded the request (so the owner is to be notified now) rather than finding it recorded.</param>
/// <param name="Owner">With <see cref="FriendshipAnswer.Pending"/>: the owner to notify, or <c>null</c> while the thing has none (the request then waits for the owner's pending-friend-query).</param>
public sealed record FriendshipResult(FriendshipAnswer Answer, bool NewlyPending = false, string? Owner = null);
