namespace SiotThing.Provisioning.Storage;

/// <summary>The result of <see cref="IProvisioningStore.FriendsAsync"/>.</summary>
/// <param name="Outcome"><see cref="AccessOutcome.Done"/>, or why the caller may not see the thing's friends.</param>
/// <param name="Friends">The friends' bare JIDs, ordered (empty unless <see cref="AccessOutcome.Done"/>).</param>
public sealed record FriendsResult(AccessOutcome Outcome, IReadOnlyList<string> Friends);
