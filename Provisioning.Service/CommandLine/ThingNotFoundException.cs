namespace SiotThing.Provisioning.CommandLine;

/// <summary>An admin command named a thing that is not registered (<see cref="ExitCodes.NotFound"/>).</summary>
/// <param name="jid">The JID as the admin gave it.</param>
internal sealed class ThingNotFoundException(string jid) : Exception($"no thing {jid} is registered");
