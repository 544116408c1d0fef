using System.Globalization;

namespace SiotThing.TestServers.Tests;

/// <summary>
/// The ejabberd cluster harness: two nodes joined as one, clients and the component on either
/// node, distribution on loopback only, and nothing left behind. One cluster for the class, since
/// each start takes seconds; the tests that stop a node or connect components put it back as it was.
/// </summary>
public sealed class EjabberdClusterTests : IAsyncLifetime
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(10);

    private readonly XmppAccount alice = new("alice", "example.org", "alice-secret");
    private readonly XmppAccount bob = new("bob", "example.org", "bob-secret");
    private EjabberdCluster cluster = null!;

    /// <inheritdoc/>
    public async Task InitializeAsync() => cluster = await EjabberdCluster.StartAsync([alice, bob]);

    /// <inheritdoc/>
    public async Task DisposeAsync() => await cluster.DisposeAsync();

    [Fact]
    public async Task EveryNodeSeesTheOthersAndListensOnLoopbackOnly()
    {
        var names = cluster.Nodes.Select(n => n.NodeName).Order().ToList();
        Assert.Equal(2, names.Distinct().Count());
        foreach (var node in cluster.Nodes)
        {
            Assert.Equal(names, (await EjabberdCluster.RunningNodesSeenByAsync(node)).Order());
        }

        var listening = ListeningSockets();
        Assert.Contains(("127.0.0.1", cluster.EpmdPort), listening);
        Assert.All(cluster.Nodes, node => Assert.Contains(("127.0.0.1", node.DistributionPort), listening));
        Assert.All(listening.Where(s => s.Port == cluster.EpmdPort || cluster.Nodes.Any(n => n.DistributionPort == s.Port)),
            socket => Assert.True(socket.Address is "127.0.0.1" or "::1", $"{socket.Address}:{socket.Port} is not loopback"));
    }

    [Fact]
    public async Task ClientsOnDifferentNodesExchangeMessages()
    {
        await using var onA = await XmppParty.ConnectAsync(cluster.Nodes[0].ClientPort, cluster.CaCertificatePath, alice);
        await using var onB = await XmppParty.ConnectAsync(cluster.Nodes[1].ClientPort, cluster.CaCertificatePath, bob);

        // To full JIDs: the parties send no presence, so a bare JID's message would go offline.
        onA.Send($"<message to='{onB.FullJid}' type='chat'><body>from node a</body></message>");
        onB.Send($"<message to='{onA.FullJid}' type='chat'><body>from node b</body></message>");

        Assert.Contains($"from='{onA.FullJid}'", onB.WaitFor("from node a"));
        Assert.Contains($"from='{onB.FullJid}'", onA.WaitFor("from node b"));
    }

    [Fact]
    public async Task ComponentOnOneNodeReceivesWhatIsSentThroughTheOther()
    {
        await using var component = await RawComponent.ConnectAsync(cluster.Nodes[1].ComponentPort, cluster.ComponentDomain, cluster.ComponentSecret);
        await using var onA = await XmppParty.ConnectAsync(cluster.Nodes[0].ClientPort, cluster.CaCertificatePath, alice);

        onA.Send($"<message to='{cluster.ComponentDomain}'><body>through node a</body></message>");
        Assert.True(await component.ReceivesAsync("through node a", Patience), component.Received);

        // And back: the component's answer reaches the client on the other node.
        await component.SendAsync($"<message from='{cluster.ComponentDomain}' to='{onA.FullJid}'><body>from the component on b</body></message>");
        Assert.Contains($"from='{cluster.ComponentDomain}'", onA.WaitFor("from the component on b"));
    }

    [Fact]
    public async Task ConnectionsOfTheComponentOnBothNodesEachReceiveAShare()
    {
        // ejabberd's default for several connections of one domain: at random among those on
        // the node where the stanza is routed, so a client's stanzas stay on its own node's connection.
        await using var onNodeA = await RawComponent.ConnectAsync(cluster.Nodes[0].ComponentPort, cluster.ComponentDomain, cluster.ComponentSecret);
        await using var onNodeB = await RawComponent.ConnectAsync(cluster.Nodes[1].ComponentPort, cluster.ComponentDomain, cluster.ComponentSecret);
        await using var aliceOnA = await XmppParty.ConnectAsync(cluster.Nodes[0].ClientPort, cluster.CaCertificatePath, alice);
        await using var bobOnB = await XmppParty.ConnectAsync(cluster.Nodes[1].ClientPort, cluster.CaCertificatePath, bob);

        aliceOnA.Send($"<message to='{cluster.ComponentDomain}'><body>alice on a</body></message>");
        bobOnB.Send($"<message to='{cluster.ComponentDomain}'><body>bob on b</body></message>");

        Assert.True(await onNodeA.ReceivesAsync("alice on a", Patience), onNodeA.Received);
        Assert.True(await onNodeB.ReceivesAsync("bob on b", Patience), onNodeB.Received);

        // What a connection sends to its own domain (the service's outbox probe) comes back to it,
        // the only connection on its node, never to the other node's.
        for (var i = 0; i < 10; i++)
        {
            await onNodeA.SendAsync($"<iq type='get' from='{cluster.ComponentDomain}' to='{cluster.ComponentDomain}' id='probe-{i}'><ping xmlns='urn:xmpp:ping'/></iq>");
        }

        Assert.True(await onNodeA.ReceivesAsync("id='probe-9'", Patience), onNodeA.Received);
        Assert.All(Enumerable.Range(0, 10), i => Assert.Contains($"id='probe-{i}'", onNodeA.Received));
        // The last arrived at node a's connection after every earlier one; node b's reads what came meanwhile.
        Assert.False(await onNodeB.ReceivesAsync("probe-", TimeSpan.FromSeconds(2)), onNodeB.Received);

        // A connection that drops is forgotten: the other node's connection then takes everything.
        // Until ejabberd has seen the close, what it routes to the dropped connection is lost, so
        // alice sends until one arrives (a bounded number of tries), and then every one arrives.
        await onNodeA.DisposeAsync();
        var tries = 0;
        bool arrived;
        do
        {
            aliceOnA.Send($"<message to='{cluster.ComponentDomain}'><body>alice again {tries}</body></message>");
            arrived = await onNodeB.ReceivesAsync($"alice again {tries}", TimeSpan.FromMilliseconds(500));
            tries++;
        }
        while (!arrived && tries < 40);

        Assert.True(arrived, onNodeB.Received);
        for (var i = 0; i < 5; i++)
        {
            aliceOnA.Send($"<message to='{cluster.ComponentDomain}'><body>alice after {i}</body></message>");
        }

        Assert.True(await onNodeB.ReceivesAsync("alice after 4", Patience), onNodeB.Received);
        Assert.All(Enumerable.Range(0, 5), i => Assert.Contains($"alice after {i}", onNodeB.Received));
    }

    [Fact]
    public async Task StoppedNodeRejoinsWhenItStartsAgain()
    {
        var (first, second) = (cluster.Nodes[0], cluster.Nodes[1]);
        await second.StopAsync();

        Assert.Equal([first.NodeName], await EjabberdCluster.RunningNodesSeenByAsync(first));
        await using (var onA = await XmppParty.ConnectAsync(first.ClientPort, cluster.CaCertificatePath, alice))
        {
            onA.Send("<iq type='get' id='alone'><ping xmlns='urn:xmpp:ping'/></iq>");
            Assert.Contains("type='result'", onA.WaitFor("id='alone'"));
        }

        await second.StartAsync();

        Assert.Equal(new[] { first.NodeName, second.NodeName }.Order(), (await EjabberdCluster.RunningNodesSeenByAsync(first)).Order());
        // An account registered while the node was away logs in on it: its Mnesia caught up.
        var carol = new XmppAccount("carol", cluster.Domain, "carol-secret");
        await first.RegisterAsync(carol);
        await using var onB = await XmppParty.ConnectAsync(second.ClientPort, cluster.CaCertificatePath, carol);
        Assert.StartsWith(carol.Jid, onB.FullJid);
    }

    [Fact]
    public async Task DisposingLeavesNoNodeAndNoEpmdBehind()
    {
        var processes = cluster.Nodes.SelectMany(n => n.ProcessesOfThisNode()).ToList();
        var epmd = cluster.EpmdProcessId;
        Assert.NotEmpty(processes);
        Assert.NotNull(epmd);

        await cluster.DisposeAsync();

        Assert.All(cluster.Nodes, node => Assert.Empty(node.ProcessesOfThisNode()));
        Assert.False(Directory.Exists($"/proc/{epmd}") && File.ReadAllText($"/proc/{epmd}/cmdline").Length > 0, "epmd is still there");
        Assert.DoesNotContain(ListeningSockets(), s => s.Port == cluster.EpmdPort);
    }

    /// <summary>The TCP sockets listening on this machine (IPv4 and IPv6), from /proc/net.</summary>
    private static List<(string Address, int Port)> ListeningSockets()
    {
        var found = new List<(string, int)>();
        foreach (var (file, loopback) in new[] { ("/proc/net/tcp", "0100007F"), ("/proc/net/tcp6", "00000000000000000000000001000000") })
        {
            // Columns: sl local_address rem_address st ...; st 0A is LISTEN; addresses are hex, little-endian words.
            foreach (var line in File.ReadLines(file).Skip(1))
            {
                var columns = line.Split(' ', StringSplitOptions.RemoveEmptyEntries);
                if (columns[3] != "0A")
                {
                    continue;
                }

                var (address, port) = (columns[1].Split(':')[0], int.Parse(columns[1].Split(':')[1], NumberStyles.HexNumber));
                found.Add((address == loopback ? (file.EndsWith('6') ? "::1" : "127.0.0.1") : address, port));
            }
        }

        return found;
    }
}
