namespace SiotThing.Provisioning.Commands;

/// <summary>A command in progress: who runs it, which, what its next step needs, and until when it is kept.</summary>
/// <param name="Requester">The requester's full JID (XEP-0050 ties a session to it).</param>
/// <param name="Node">The command.</param>
/// <param name="State">What the next step needs (<see cref="CommandStep.State"/>).</param>
/// <param name="Expires">When the session is forgotten.</param>
internal sealed record CommandSession(string Requester, string Node, string? State, DateTimeOffset Expires);
