namespace SiotThing.TestServers.Tests;

/// <summary>The Prosody harness: every check of <see cref="XmppTestServerTests"/>.</summary>
public sealed class ProsodyServerTests : XmppTestServerTests
{
    /// <inheritdoc/>
    protected override async Task<IXmppTestServer> StartServerAsync() => await ProsodyServer.StartAsync([]);
}
