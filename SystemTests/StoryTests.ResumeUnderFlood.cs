using System.Text;
using SiotThing.TestServers;
using static SiotThing.SystemTests.StoryParts;

namespace SiotThing.SystemTests;

/// <summary>
/// Issue 23, item 6: strangers flood the thing while its connection is down, more stanzas than
/// the server keeps for a session waiting to be resumed. A friend's requests sent in that gap,
/// before and after the flood, each end answered or refused (an error the friend's client sees),
/// never silently lost.
/// </summary>
public abstract partial class StoryTests
{
    private const int GapFloodAccounts = 6;

    /// <summary>The story; run by the server classes (a [Fact] there).</summary>
    /// <param name="messagesPerAccount">
    /// How many messages each of the strangers sends: together more than the server keeps for a
    /// hibernated session.
    /// </param>
    protected async Task FriendsRequestsInAFloodedGapAreAnsweredOrRefused(int messagesPerAccount)
    {
        // The thing reaches the server through a proxy that can hold it off: the gap lasts until
        // the flood is in, whatever the thing's reconnect delay.
        await using var proxy = new StallingProxy(server.ClientPort);
        var key = StartServiceAndThing(proxy.Port);
        var flooders = Enumerable.Range(0, GapFloodAccounts).Select(i => new XmppAccount("gapflood" + i, Domain, "gapflood-secret-" + i)).ToArray();
        await Task.WhenAll(flooders.Select(server.RegisterAsync));
        await using var owner = Interested(await XmppParty.ConnectAsync(server, ownerAccount));
        await using var romeo = Interested(await XmppParty.ConnectAsync(server, requestorAccounts[0]));
        await ClaimAndBefriend(owner, romeo, key);
        var parties = new List<XmppParty>();
        try
        {
            // One at a time: Node.js processes starting at once starve two shared cores (xmpp.js times out).
            foreach (var flooder in flooders)
            {
                parties.Add(await XmppParty.ConnectAsync(server, flooder));
            }

            await Step("the connection drops and the thing's reconnects are held off", async () =>
            {
                proxy.Stall(TimeSpan.FromMinutes(10));
                proxy.DropAll();
                thing!.WaitForLine(Patience, "offline:");
                var held = DateTime.UtcNow + Patience;
                while (proxy.Stalled == 0)
                {
                    Assert.True(DateTime.UtcNow < held, "the thing did not reconnect into the stall");
                    await Task.Delay(100);
                }
            });

            await Step($"in the gap: the friend asks, {GapFloodAccounts * messagesPerAccount} messages from strangers, the friend asks again", () =>
            {
                romeo.Forget();
                Ask(romeo, "gap-1");
                var flood = new StringBuilder();
                for (var i = 0; i < messagesPerAccount; i++)
                {
                    flood.Append($"<message to='{ThingFullJid}' type='chat'><body>flood {i}</body></message>");
                }

                for (var i = 0; i < parties.Count; i++)
                {
                    parties[i].Send(flood + ServerPing($"flooded-{i}"));
                }

                // The server handles each stream in order: its answer to the ping means the flood
                // before it has been routed to the thing's session.
                for (var i = 0; i < parties.Count; i++)
                {
                    parties[i].WaitFor(Patience, $"id='flooded-{i}'");
                }

                Ask(romeo, "gap-2");
                return Task.CompletedTask;
            });

            await Step("the thing is let back in: each request is answered or refused", () =>
            {
                proxy.Forward();
                proxy.DropAll();
                output.WriteLine("the friend's requests: " + AnsweredOrRefused(romeo, ["gap-1", "gap-2"], TimeSpan.FromSeconds(60)));
                return Task.CompletedTask;
            });
        }
        finally
        {
            foreach (var party in parties)
            {
                await party.DisposeAsync();
            }

            File.WriteAllText(RepositoryPaths.Combine("artifacts", $"flooded-gap-{GetType().Name}-thing.txt"), thing!.Output);
            File.WriteAllText(RepositoryPaths.Combine("artifacts", $"flooded-gap-{GetType().Name}-server.log"), server.ReadLog());
            WriteSummary();
        }
    }

    /// <summary>
    /// The friend's "status" with an id, then a ping to its own server, whose answer says the
    /// request has been routed (a stream is handled in order).
    /// </summary>
    private static void Ask(XmppParty friend, string id)
    {
        friend.Send($"<message to='{ThingFullJid}' type='chat' id='{id}'><body>status</body></message>" + ServerPing(id + "-routed"));
        friend.WaitFor(Patience, $"id='{id}-routed'");
    }

    private static string ServerPing(string id) => $"<iq type='get' to='{Domain}' id='{id}'><ping xmlns='urn:xmpp:ping'/></iq>";

    /// <summary>
    /// Waits until each request has an outcome the friend sees: an error that names it (its id),
    /// or an answer. The thing's chat answers carry no id, so answers are counted: every request
    /// is settled when the answers and the refused requests add up to all of them.
    /// </summary>
    private static string AnsweredOrRefused(XmppParty friend, string[] ids, TimeSpan patience)
    {
        var refused = new HashSet<string>();
        var answers = 0;
        var deadline = DateTime.UtcNow + patience;
        while (answers + refused.Count < ids.Length)
        {
            var left = deadline - DateTime.UtcNow;
            Assert.True(left > TimeSpan.Zero, $"{ids.Length} requests, within {patience.TotalSeconds} s {answers} answered and refused: [{string.Join(", ", refused)}]");
            string stanza;
            try
            {
                stanza = friend.WaitFor(left, $"from='{ThingJid}");
            }
            catch (TimeoutException)
            {
                continue;
            }

            var id = ids.FirstOrDefault(id => stanza.Contains("type='error'", StringComparison.Ordinal) && stanza.Contains($"id='{id}'", StringComparison.Ordinal));
            if (id != null)
            {
                refused.Add(id);
            }
            else if (stanza.StartsWith("<message", StringComparison.Ordinal) && stanza.Contains("<body>off</body>", StringComparison.Ordinal))
            {
                answers++;
            }
        }

        return $"{answers} answered, refused: [{string.Join(", ", refused)}]";
    }
}
