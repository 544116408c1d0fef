namespace SiotThing.TestServers.Tests;

/// <summary>The independent client (xmpp.js) logs in over STARTTLS with the test CA and exchanges stanzas.</summary>
public sealed class XmppPartyTests : IAsyncLifetime
{
    private readonly XmppAccount alice = new("alice", "example.org", "alice-secret");
    private readonly XmppAccount bob = new("bob", "example.org", "bob-secret");
    private ProsodyServer server = null!;

    public async Task InitializeAsync() => server = await ProsodyServer.StartAsync([alice, bob]);

    public async Task DisposeAsync() => await server.DisposeAsync();

    [Fact]
    public async Task TwoPartiesExchangeAMessage()
    {
        await using var first = await XmppParty.ConnectAsync(server, alice);
        await using var second = await XmppParty.ConnectAsync(server, bob);

        Assert.StartsWith("alice@example.org/", first.FullJid);
        first.Send($"<message to='{second.FullJid}' type='chat' id='m1'><body>hello from xmpp.js</body></message>");

        var message = second.WaitFor("<body>hello from xmpp.js</body>");
        Assert.Contains("from='alice@example.org/party'", message);
    }

    [Fact]
    public async Task WrongPasswordIsReported()
    {
        var error = await Assert.ThrowsAsync<InvalidOperationException>(() => XmppParty.ConnectAsync(server, alice with { Password = "wrong" }));

        Assert.Contains("not-authorized", error.Message);
    }
}
