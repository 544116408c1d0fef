namespace SiotThing.Provisioning.Storage;

/// <summary>The result of <see cref="IProvisioningStore.RegisterAsync"/>.</summary>
/// <param name="Outcome">What happened.</param>
/// <param name="PreviousOwner">After a <see cref="RegistrationOutcome.Reset"/>, the owner the thing had (to be told), if it had one; otherwise <c>null</c>.</param>
public sealed record RegistrationResult(RegistrationOutcome Outcome, string? PreviousOwner = null);
