using SiotThing.TestServers;
using static SiotThing.SystemTests.StoryParts;

namespace SiotThing.SystemTests;

/// <summary>
/// Issue 23, item 1: strangers who start ad-hoc commands at the service and never finish them do
/// not lock owners out of claiming and deciding. The service once kept each command session in
/// memory, at most 20 per account and 1,000 in all, for 10 minutes: 50 accounts of 20 sessions
/// filled it, and an owner's "Claim a thing" got <c>resource-constraint</c>. A session id is now
/// the session itself, signed, and nothing is kept.
/// </summary>
public abstract partial class StoryTests
{
    // 50 accounts of 20 sessions: each account at the old per-account cap, together at the old
    // global cap (1,000), so that the owner's first command was the one refused.
    private const int LockoutStrangers = 50;
    private const int LockoutSessionsEach = 20;

    // How many of them are online at once (each is a Node.js process on a 2-core machine): the
    // service kept a session whether its requester stayed online or not.
    private const int LockoutConnections = 4;

    private const string CommandsNs = "http://jabber.org/protocol/commands";

    /// <summary>
    /// 50 strangers start 20 claim commands each and finish none; the owner then claims the thing
    /// and approves a request through the commands' forms, and the new friend reads the status.
    /// </summary>
    [Fact]
    public async Task StrangersCommandsLeftUnfinishedDoNotLockTheOwnerOut()
    {
        var strangers = Enumerable.Range(0, LockoutStrangers).Select(i => new XmppAccount("locker" + i, Domain, "locker-secret-" + i)).ToArray();
        var bounded = new ParallelOptions { MaxDegreeOfParallelism = LockoutConnections };
        await Step($"{LockoutStrangers} stranger accounts are created", () =>
            Parallel.ForEachAsync(strangers, bounded, async (account, _) => await server.RegisterAsync(account)));
        var key = StartServiceAndThing();
        await using var owner = Interested(await XmppParty.ConnectAsync(server, ownerAccount));
        await using var romeo = Interested(await XmppParty.ConnectAsync(server, requestorAccounts[0]));

        await Step($"each stranger starts {LockoutSessionsEach} claims and finishes none", () =>
            Parallel.ForEachAsync(strangers, bounded, async (account, _) =>
            {
                await using var stranger = await XmppParty.ConnectAsync(server, account);
                stranger.Send(string.Concat(Enumerable.Range(0, LockoutSessionsEach).Select(i => StartCommand("lock-" + i, "claim"))));
                for (var i = 0; i < LockoutSessionsEach; i++)
                {
                    // Each one a session waiting for its form: the attack is real.
                    Assert.Contains("status='executing'", stranger.WaitFor(Patience, $"id='lock-{i}'"));
                }
            }));

        await Step("the owner claims the thing through the claim command's form", () =>
        {
            var form = StartedCommand(owner, "claim-1", "claim");
            var claimed = SubmitCommand(owner, "claim-2", "claim", form,
                $"<field var='name'><value>{ThingName}</value></field><field var='key'><value>{key}</value></field>");
            Assert.Contains("status='completed'", claimed);
            thing!.WaitForLine(Patience, "owned by owner@example.org");
            return Task.CompletedTask;
        });

        await Step("the owner approves a request through the pending command's form; the friend reads the status", async () =>
        {
            romeo.Send($"<presence to='{ThingJid}' type='subscribe'/>");
            owner.WaitFor("<pending-friend-notification", "jid='romeo@example.org'");
            var form = StartedCommand(owner, "pending-1", "pending");
            Assert.Contains($"{ThingJid} romeo@example.org", form);
            var decided = SubmitCommand(owner, "pending-2", "pending", form,
                $"<field var='approve'><value>{ThingJid} romeo@example.org</value></field>");
            Assert.Contains("status='completed'", decided);
            romeo.WaitFor("type='subscribed'", $"from='{ThingJid}'");
            await WaitUntilAnswered(romeo, "status", "off");
        });
    }

    /// <summary>The ad-hoc command <paramref name="node"/> of the service, started (XEP-0050 <c>execute</c>).</summary>
    private static string StartCommand(string id, string node) =>
        $"<iq type='set' to='{Service}' id='{id}'><command xmlns='{CommandsNs}' node='{node}' action='execute'/></iq>";

    /// <summary>Starts the service's command <paramref name="node"/> as <paramref name="party"/> and checks that it answers with a form to fill.</summary>
    /// <returns>The answer, with its session id.</returns>
    private static string StartedCommand(XmppParty party, string id, string node)
    {
        party.Send(StartCommand(id, node));
        var answer = party.WaitFor($"id='{id}'");
        // The whole answer in the failure message (Assert.Contains cuts it): the old service's
        // resource-constraint error showed here.
        Assert.True(answer.Contains("status='executing'", StringComparison.Ordinal), answer);
        return answer;
    }

    /// <summary>Submits <paramref name="fields"/> to the command session that <paramref name="form"/> (the command's last answer) carries.</summary>
    /// <returns>The service's answer.</returns>
    private static string SubmitCommand(XmppParty party, string id, string node, string form, string fields)
    {
        var session = SessionId().Match(form).Groups["id"].Value;
        Assert.False(string.IsNullOrEmpty(session), form);
        party.Send($"<iq type='set' to='{Service}' id='{id}'><command xmlns='{CommandsNs}' node='{node}' sessionid='{session}'>"
            + $"<x xmlns='jabber:x:data' type='submit'>{fields}</x></command></iq>");
        return party.WaitFor($"id='{id}'");
    }
}
