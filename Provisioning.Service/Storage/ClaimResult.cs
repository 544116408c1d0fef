namespace SiotThing.Provisioning.Storage;

/// <summary>The result of <see cref="IProvisioningStore.ClaimAsync"/>.</summary>
/// <param name="Outcome">What happened.</param>
/// <param name="Thing">After <see cref="ClaimOutcome.Claimed"/>, the thing's bare JID; otherwise <c>null</c>.</param>
/// <param name="RetryAfter">After <see cref="ClaimOutcome.RateLimited"/>, how long until the claimant may claim again; otherwise zero.</param>
public sealed record ClaimResult(ClaimOutcome Outcome, string? Thing = null, TimeSpan RetryAfter = default);
