using System.Buffers.Binary;
using System.Diagnostics;
using System.Text;
using SiotThing.TestServers;
using static SiotThing.SystemTests.StoryParts;

namespace SiotThing.SystemTests;

/// <summary>
/// Issue 23, item 4: one stranger subscribing and withdrawing in a loop. The owner is told of it
/// once (docs/protocol-notes.md: once per requestor and thing an hour), the thing's state
/// writes stay within its flash budget (8 at once, then one a minute), counted by the sequence
/// number every write of the state record carries, and the service is left holding no request.
/// </summary>
public abstract partial class StoryTests
{
    private const int SpamPairs = 200;

    /// <summary>The loop; run by the server classes (a [Fact] there).</summary>
    /// <param name="withdrawalsReachTheThing">
    /// Whether the server delivers the stranger's <c>unsubscribe</c> to the thing (Prosody). ejabberd
    /// 23.01 does not (it forgets the request without a word and delivers the next <c>subscribe</c>
    /// as new): the thing sees only requests, and its fetch of what the server holds ends the last one.
    /// </param>
    protected async Task OneStrangersSubscribeLoopTellsTheOwnerOnceAndWritesLittle(bool withdrawalsReachTheThing = true)
    {
        var key = StartServiceAndThing();
        await using var owner = Interested(await XmppParty.ConnectAsync(server, ownerAccount));
        await using var romeo = Interested(await XmppParty.ConnectAsync(server, requestorAccounts[0]));
        await using var stranger = Interested(await XmppParty.ConnectAsync(server, strangerAccount));
        await ClaimAndBefriend(owner, romeo, key);
        owner.Forget();
        var writesBefore = StateWrites();

        // Paced as the issue's attacker did (200 pairs in 28 s): each pair after the thing took the
        // one before and had a moment to tell the service, so that each request reaches the service
        // as a new one. (Sent in one burst, the thing folds them into a few queries, and the owner
        // is told once even without a limit.) The pace only makes the attack real; nothing is
        // asserted of the time.
        var sent = Stopwatch.StartNew();
        for (var i = 0; i < SpamPairs; i++)
        {
            stranger.Send($"<presence to='{ThingJid}' type='subscribe'/><presence to='{ThingJid}' type='unsubscribe'/>");
            if (withdrawalsReachTheThing)
            {
                thing!.WaitForLine(Patience, "request withdrawn: stranger@example.org");
            }
            else
            {
                // Nothing of the pair shows in the thing's log; its answer to a ping sent after the
                // pair (any answer: it comes after the thing took what came before) is the barrier.
                stranger.Send($"<iq type='get' to='{ThingFullJid}' id='spam-ping-{i}'><ping xmlns='urn:xmpp:ping'/></iq>");
                stranger.WaitFor($"id='spam-ping-{i}'", $"from='{ThingFullJid}'");
            }

            await Task.Delay(100);
        }

        // The service holds no request of the stranger's any more: it took every query and withdrawal.
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(120);
        for (var round = 0; ; round++)
        {
            owner.Send($"<iq type='get' to='{Service}' id='spam-pending-{round}'><pending-friend-query xmlns='urn:xmpp:siot:1'/></iq>");
            if (!owner.WaitFor($"id='spam-pending-{round}'").Contains("<pending-friend ", StringComparison.Ordinal))
            {
                break;
            }

            Assert.True(DateTime.UtcNow < deadline, "the stranger's withdrawn request is still pending at the service");
            await Task.Delay(1000);
        }

        var writes = StateWrites() - writesBefore;
        var elapsed = sent.Elapsed;
        // What the service told the owner, until it is quiet (its outbox sends after the answers).
        var told = new List<string>();
        while (true)
        {
            try
            {
                told.Add(owner.WaitFor(Quiet, $"from='{Service}'", "<body>"));
            }
            catch (TimeoutException)
            {
                break;
            }
        }

        output.WriteLine($"{SpamPairs} pairs handled in {elapsed.TotalSeconds:F1} s: {writes} state writes, {told.Count} messages to the owner, "
            + $"{thing!.Output.Split("fetching the subscription requests the server holds").Length - 1} fetches of what the server holds");
        if (!withdrawalsReachTheThing)
        {
            // The server swallowed every withdrawal; the thing's fetches found the requests dead.
            Assert.DoesNotContain("request withdrawn: stranger@example.org", thing!.Output);
            Assert.Contains("request no longer held by the server, dropped: stranger@example.org", thing.Output);
        }

        var notification = Assert.Single(told);
        Assert.Contains("<pending-friend-notification", notification);
        Assert.Contains("jid='stranger@example.org'", notification);
        // The budget: 8 at once, then one for each minute begun since.
        Assert.InRange(writes, 1, 8 + 1 + (int)elapsed.TotalMinutes);
    }

    /// <summary>How many times the thing wrote its state: the sequence number of the newest slot (DurableRecord's layout).</summary>
    private long StateWrites()
    {
        long newest = 0;
        for (var slot = 0; slot < 2; slot++)
        {
            var path = Path.Combine(folder, "thing-state", $"siot-state-{slot}.bin");
            var bytes = File.Exists(path) ? File.ReadAllBytes(path) : [];
            if (bytes.Length >= 9 && Encoding.ASCII.GetString(bytes, 0, 4) == "SiTS")
            {
                newest = Math.Max(newest, BinaryPrimitives.ReadUInt32BigEndian(bytes.AsSpan(5, 4)));
            }
        }

        return newest;
    }
}
