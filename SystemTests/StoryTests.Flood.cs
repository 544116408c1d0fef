using System.Diagnostics;
using System.Text;
using SiotThing.TestServers;
using static SiotThing.SystemTests.StoryParts;

namespace SiotThing.SystemTests;

/// <summary>
/// Issue 13, W2: a flood of subscription requests and withdrawals from many accounts. The thing
/// paces its own output against its XEP-0198 window instead of dropping the connection, keeps
/// serving its friend, and afterwards neither it nor the service keeps the withdrawn requests,
/// so that a new requestor reaches the owner at once.
/// </summary>
public abstract partial class StoryTests
{
    private const int FloodAccounts = 20;
    private const int FloodRounds = 100;

    /// <summary>The flood; run by the server classes that can take it in CI time (a [Fact] there).</summary>
    protected async Task FloodOfSubscriptionsAndWithdrawalsCostsNoReconnect()
    {
        var key = StartServiceAndThing();
        var flooders = Enumerable.Range(0, FloodAccounts).Select(i => new XmppAccount("flood" + i, Domain, "flood-secret-" + i)).ToArray();
        await Task.WhenAll(flooders.Select(server.RegisterAsync));
        await using var owner = Interested(await XmppParty.ConnectAsync(server, ownerAccount));
        await using var romeo = Interested(await XmppParty.ConnectAsync(server, requestorAccounts[0]));
        await using var stranger = Interested(await XmppParty.ConnectAsync(server, strangerAccount));
        await ClaimAndBefriend(owner, romeo, key);
        // Two at a time: 20 Node.js processes starting and logging in at once starve two cores (xmpp.js times out).
        var parties = new List<XmppParty>();
        try
        {
            foreach (var batch in flooders.Chunk(2))
            {
                parties.AddRange(await Task.WhenAll(batch.Select(a => XmppParty.ConnectAsync(server, a))));
            }

            var flood = new StringBuilder();
            for (var i = 0; i < FloodRounds; i++)
            {
                flood.Append($"<presence to='{ThingJid}' type='subscribe'/><presence to='{ThingJid}' type='unsubscribe'/>");
            }

            var sent = Stopwatch.StartNew();
            await Step($"flood: {FloodAccounts} accounts x {FloodRounds} subscribe + unsubscribe, each account's in one burst", () =>
            {
                foreach (var party in parties)
                {
                    party.Send(flood.ToString());
                }

                // The friend is served while the flood goes on (not promptly promised: the
                // server's queue to the thing is long), and promptly once it is through.
                AnsweredWithin(romeo, "on", "on", Patience);
                return Task.CompletedTask;
            });
            Record("friend answered during the flood", sent.Elapsed);

            await Step("after the flood: the service's pending list empties, the friend is answered within 5 s", async () =>
            {
                var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(90);
                var round = 0;
                while (true)
                {
                    var id = "pending-" + round++;
                    owner.Send($"<iq type='get' to='{Service}' id='{id}'><pending-friend-query xmlns='urn:xmpp:siot:1'/></iq>");
                    var list = owner.WaitFor($"id='{id}'");
                    if (!list.Contains("<pending-friend ", StringComparison.Ordinal))
                    {
                        break;
                    }

                    Assert.True(DateTime.UtcNow < deadline, $"withdrawn requests still pending at the service: {list}");
                    await Task.Delay(1000);
                }

                Record("flood sent to an empty pending list", sent.Elapsed);
                AnsweredPromptly(romeo, "off", "off");
                AnsweredPromptly(romeo, "status", "off");
            });

            await Step("a new requestor after the flood reaches the owner at once", () =>
            {
                owner.Forget();
                stranger.Send($"<presence to='{ThingJid}' type='subscribe'/>");
                Assert.True(owner.Receives(Promptly, "<pending-friend-notification", "jid='stranger@example.org'"), "the owner was not told of a new request within 5 s");
                return Task.CompletedTask;
            });
        }
        finally
        {
            foreach (var party in parties)
            {
                await party.DisposeAsync();
            }

            File.WriteAllText(RepositoryPaths.Combine("artifacts", "flood-thing-output.txt"), thing!.Output);
            output.WriteLine("thing's output lines about refused output: " + string.Join(" | ", thing!.Output.Split('\n').Where(l => l.Contains("output refused", StringComparison.Ordinal))));
            WriteSummary();
        }

        // One connection from start to end: the flood did not make it reconnect.
        Assert.Equal(1, Count(thing!.Output, "connected to "));
        Assert.DoesNotContain("reconnecting", thing.Output);
        Assert.DoesNotContain("stream management store full", thing.Output);
    }

    private static void AnsweredWithin(XmppParty friend, string command, string expected, TimeSpan patience)
    {
        var asked = Stopwatch.StartNew();
        friend.Forget();
        friend.Send($"<message to='{ThingFullJid}' type='chat'><body>{command}</body></message>");
        Assert.True(friend.Receives(patience, $"from='{ThingFullJid}'", $"<body>{expected}</body>"), $"the thing did not answer '{command}' within {patience.TotalSeconds} s ({asked.Elapsed})");
    }
}
