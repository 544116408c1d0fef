using System.Diagnostics;
using SiotThing.TestServers;
using static SiotThing.SystemTests.StoryParts;

namespace SiotThing.SystemTests;

/// <summary>
/// Issue 13, B1: what any stranger's account can send a thing beyond its limits, online and
/// kept offline by the server, costs it neither its connection nor its friends.
/// </summary>
public abstract partial class StoryTests
{
    private const int PoisonCharacters = 20000;
    private static readonly TimeSpan Promptly = TimeSpan.FromSeconds(5);

    [Fact]
    public async Task APoisonStanzaFromAStrangerDoesNotTakeTheThingOffline()
    {
        var key = StartServiceAndThing();
        await using var owner = Interested(await XmppParty.ConnectAsync(server, ownerAccount));
        await using var romeo = Interested(await XmppParty.ConnectAsync(server, requestorAccounts[0]));
        await using var stranger = Interested(await XmppParty.ConnectAsync(server, strangerAccount));
        await ClaimAndBefriend(owner, romeo, key);

        await Step("poison while online: a chat message of 20,000 characters, a deep IQ, a huge status", () =>
        {
            stranger.Send($"<message to='{ThingFullJid}' type='chat' id='poison-1'><body>{new string('x', PoisonCharacters)}</body></message>");
            thing!.WaitForLine(Patience, "skipped a message from stranger@example.org");
            AnsweredPromptly(romeo, "on", "on");

            stranger.Send($"<iq type='get' to='{ThingFullJid}' id='deep-1'>{Repeat("<a>", 20)}{Repeat("</a>", 20)}</iq>");
            stranger.WaitFor("id='deep-1'", "type='error'", "<policy-violation");

            // The server keeps a subscription request and delivers it at every login: it is answered.
            stranger.Send($"<presence to='{ThingJid}' type='subscribe'><status>{new string('s', PoisonCharacters)}</status></presence>");
            owner.WaitFor("<pending-friend-notification", "jid='stranger@example.org'");
            AnsweredPromptly(romeo, "off", "off");
            return Task.CompletedTask;
        });

        // One connection so far: the poison did not make it reconnect.
        Assert.Equal(1, Count(thing!.Output, "connected to "));

        await Step("poison kept offline by the server, delivered at the next login", async () =>
        {
            await thing.StopAsync();
            stranger.Send($"<message to='{ThingJid}' type='chat' id='poison-2'><body>{new string('y', PoisonCharacters)}</body></message>");
            await Task.Delay(Quiet);
            StartThing();
            thing!.WaitForLine(Patience, "skipped a message from stranger@example.org");
            AnsweredPromptly(romeo, "status", "off");
            await Task.Delay(Quiet);
        });

        // Nor the offline copy, which the server would deliver at every login again.
        Assert.Equal(1, Count(thing!.Output, "connected to "));
        Assert.DoesNotContain("reconnecting", thing.Output);
    }

    private static void AnsweredPromptly(XmppParty friend, string command, string expected)
    {
        var asked = Stopwatch.StartNew();
        friend.Forget();
        friend.Send($"<message to='{ThingFullJid}' type='chat'><body>{command}</body></message>");
        Assert.True(friend.Receives(Promptly, $"from='{ThingFullJid}'", $"<body>{expected}</body>"), $"the thing did not answer '{command}' within {Promptly.TotalSeconds} s ({asked.Elapsed})");
    }

    private static int Count(string text, string part)
    {
        var count = 0;
        for (var at = text.IndexOf(part, StringComparison.Ordinal); at >= 0; at = text.IndexOf(part, at + part.Length, StringComparison.Ordinal))
        {
            count++;
        }

        return count;
    }

    private static string Repeat(string text, int count) => string.Concat(Enumerable.Repeat(text, count));
}
