namespace SiotThing.Provisioning.Storage;

/// <summary>The result of <see cref="IProvisioningStore.PendingRequestsAsync"/>.</summary>
/// <param name="Outcome"><see cref="AccessOutcome.Done"/>, or why the caller may not see the requests of the thing it named.</param>
/// <param name="Requests">The requests (empty unless <see cref="AccessOutcome.Done"/>).</param>
public sealed record PendingRequestsResult(AccessOutcome Outcome, IReadOnlyList<PendingRequest> Requests);
