namespace SiotThing.Provisioning.Storage;

/// <summary>A friendship request the owner has not decided yet.</summary>
/// <param name="Thing">The thing's bare JID.</param>
/// <param name="Requestor">The requestor's bare JID.</param>
/// <param name="Since">When the thing first asked about it.</param>
public sealed record PendingRequest(string Thing, string Requestor, DateTimeOffset Since);
