namespace SiotThing.Provisioning.Storage;

/// <summary>The result of <see cref="IProvisioningStore.UpdateFriendsAsync"/>.</summary>
/// <param name="Outcome">What happened.</param>
/// <param name="Thing">After <see cref="FriendUpdateOutcome.Updated"/>, the thing's bare JID (also when the caller named none); otherwise <c>null</c>.</param>
/// <param name="Applied">The changes applied, in the given order, with lower-cased JIDs and without the owner (to tell the thing in friendship-states); empty unless <see cref="FriendUpdateOutcome.Updated"/>.</param>
public sealed record FriendUpdateResult(FriendUpdateOutcome Outcome, string? Thing, IReadOnlyList<FriendChange> Applied);
