namespace SiotThing.TestServers.Tests;

/// <summary>
/// deploy/ejabberd/cluster.yml on a cluster: <c>domain_balancing</c> with <c>bare_source</c> keeps
/// an account's stanzas on one connection of the component, and (ejabberd 23.01's router, read in
/// ejabberd_router.erl and ejabberd_router_mnesia.erl) a slot whose connection is gone swallows
/// what is hashed to it, with no error to the sender, until a new connection takes the slot.
/// </summary>
public sealed class EjabberdClusterBalancingTests : IAsyncLifetime
{
    // Long enough for a stanza that is coming to come; the checks that nothing comes wait it out.
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(5);

    private readonly XmppAccount alice = new("alice", "example.org", "alice-secret");
    private EjabberdCluster cluster = null!;

    /// <inheritdoc/>
    public async Task InitializeAsync() => cluster = await EjabberdCluster.StartAsync([alice], balancing: new ComponentBalancing("bare_source", 2));

    /// <inheritdoc/>
    public async Task DisposeAsync() => await cluster.DisposeAsync();

    [Fact]
    public async Task AnAccountStaysOnOneConnectionAndItsStanzasVanishWhileThatSlotIsEmpty()
    {
        var onA = await RawComponent.ConnectAsync(cluster.Nodes[0].ComponentPort, cluster.ComponentDomain, cluster.ComponentSecret);
        var onB = await RawComponent.ConnectAsync(cluster.Nodes[1].ComponentPort, cluster.ComponentDomain, cluster.ComponentSecret);
        await using var party = await XmppParty.ConnectAsync(cluster.Nodes[0].ClientPort, cluster.CaCertificatePath, alice);

        for (var i = 0; i < 10; i++)
        {
            party.Send($"<message to='{cluster.ComponentDomain}'><body>sticky {i}</body></message>");
        }

        var received = await Task.WhenAll(onA.ReceivesAsync("sticky 9", Patience), onB.ReceivesAsync("sticky 9", Patience));
        Assert.Single(received, true);
        var (sticky, other) = received[0] ? (onA, onB) : (onB, onA);
        Assert.DoesNotContain("sticky", other.Received);

        // The connection that had alice's slot drops: the slot stays, empty, and her stanzas go nowhere.
        await sticky.DisposeAsync();
        party.Send($"<message to='{cluster.ComponentDomain}'><body>lost</body></message>");
        Assert.False(await other.ReceivesAsync("lost", Patience), other.Received);
        // Nor does alice hear of it: no error comes back (the wait above gave it time to come).
        Assert.False(party.Receives(TimeSpan.FromSeconds(1), "type='error'"));

        // A new connection takes the empty slot, and with it alice's stanzas, but not at the
        // moment its handshake is answered: the new route has to reach alice's node, the other
        // one (a clean CI run under load lost a "found" sent at once). From the first that
        // arrives on, each does.
        await using var replacement = await RawComponent.ConnectAsync(cluster.Nodes[1].ComponentPort, cluster.ComponentDomain, cluster.ComponentSecret);
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(30);
        for (var i = 0; ; i++)
        {
            party.Send($"<message to='{cluster.ComponentDomain}'><body>found-{i}.</body></message>");
            if (await replacement.ReceivesAsync($"found-{i}.", TimeSpan.FromSeconds(1)))
            {
                break;
            }

            Assert.True(DateTime.UtcNow < deadline, "the new connection never took alice's slot: " + replacement.Received);
        }

        party.Send($"<message to='{cluster.ComponentDomain}'><body>after</body></message>");
        Assert.True(await replacement.ReceivesAsync("after", Patience), replacement.Received);
        await other.DisposeAsync();
    }
}
