using SiotThing.TestServers;
using static SiotThing.SystemTests.StoryParts;

namespace SiotThing.SystemTests;

/// <summary>
/// Issue 23, items 2, 3 and 5: the thing's list of pending requests cannot be filled for good,
/// what waits at the server comes back when room frees, and a request the thing cannot keep is
/// answered.
/// </summary>
public abstract partial class StoryTests
{
    /// <summary>Issue 23, item 5: a requestor whose bare JID is longer than the thing keeps (100 bytes) is refused, and the log says so.</summary>
    [Fact]
    public async Task ARequestorJidTooLongToKeepIsRefusedWithTheReasonLogged()
    {
        var key = StartServiceAndThing();
        var longAccount = new XmppAccount(new string('l', 95), Domain, "long-secret");
        await server.RegisterAsync(longAccount);
        await using var owner = Interested(await XmppParty.ConnectAsync(server, ownerAccount));
        await using var longRequestor = Interested(await XmppParty.ConnectAsync(server, longAccount));
        owner.Send($"<iq type='set' to='{Service}' id='claim-1'><claim xmlns='urn:xmpp:siot:1' name='{ThingName}' key='{key}'/></iq>");
        owner.WaitFor("id='claim-1'", "type='result'");

        await Step("a requestor with a 107-byte JID subscribes: refused, with the reason in the log", () =>
        {
            longRequestor.Send($"<presence to='{ThingJid}' type='subscribe'/>");
            longRequestor.WaitFor("type='unsubscribed'", $"from='{ThingJid}'");
            thing!.WaitForLine(Patience, "request refused, its JID is longer than 100 bytes");
            return Task.CompletedTask;
        });

        Assert.DoesNotContain("pending requests full", thing!.Output);
    }

    /// <summary>
    /// Issue 23, items 2 and 3: 16 accounts subscribe, probe and withdraw, which Prosody cancels
    /// without telling the thing; a 17th requestor, turned away at the full list, still reaches the
    /// owner: the thing fetches what the server holds, drops the requests it no longer holds (the
    /// service told), and keeps the waiting one in a freed slot.
    /// </summary>
    protected async Task DeadRequestsDoNotSilenceANewOne()
    {
        var key = StartServiceAndThing();
        var ghosts = Enumerable.Range(0, 16).Select(i => new XmppAccount("ghost" + i, Domain, "ghost-secret-" + i)).ToArray();
        await Task.WhenAll(ghosts.Select(server.RegisterAsync));
        await using var owner = Interested(await XmppParty.ConnectAsync(server, ownerAccount));
        await using var late = Interested(await XmppParty.ConnectAsync(server, strangerAccount));
        owner.Send($"<iq type='set' to='{Service}' id='claim-1'><claim xmlns='urn:xmpp:siot:1' name='{ThingName}' key='{key}'/></iq>");
        owner.WaitFor("id='claim-1'", "type='result'");

        await Step("16 accounts subscribe, probe and withdraw", async () =>
        {
            foreach (var ghost in ghosts)
            {
                await using var party = Interested(await XmppParty.ConnectAsync(server, ghost));
                party.Send($"<presence to='{ThingJid}' type='subscribe'/>");
                owner.WaitFor("<pending-friend-notification", $"jid='{ghost.Jid}'");
                party.Send($"<presence to='{ThingJid}' type='probe'/><presence to='{ThingJid}' type='unsubscribe'/>");
                // Prosody answers the probe for the thing (unsubscribed); then the withdrawal goes nowhere.
                party.Receives(Quiet, "type='unsubscribed'", $"from='{ThingJid}'");
            }
        });

        await Step("a 17th requestor reaches the owner; the dead requests are gone at the service", () =>
        {
            late.Send($"<presence to='{ThingJid}' type='subscribe'/>");
            owner.WaitFor(Patience + Patience, "<pending-friend-notification", "jid='stranger@example.org'");
            owner.Send($"<iq type='get' to='{Service}' id='pending-1'><pending-friend-query xmlns='urn:xmpp:siot:1'/></iq>");
            var pending = owner.WaitFor("id='pending-1'");
            Assert.Contains("jid='stranger@example.org'", pending);
            Assert.DoesNotContain("ghost", pending);
            return Task.CompletedTask;
        });
    }

    /// <summary>
    /// Issue 23, item 3: 16 requests fill the list, a 17th waits at the server; when the owner
    /// refuses one, the thing fetches the waiting one (no new login) and its owner is notified.
    /// </summary>
    [Fact]
    public async Task AWaitingRequestComesBackWhenTheOwnerFreesASlot()
    {
        var key = StartServiceAndThing();
        var askers = Enumerable.Range(0, 16).Select(i => new XmppAccount("asker" + i, Domain, "asker-secret-" + i)).ToArray();
        await Task.WhenAll(askers.Select(server.RegisterAsync));
        await using var owner = Interested(await XmppParty.ConnectAsync(server, ownerAccount));
        await using var late = Interested(await XmppParty.ConnectAsync(server, strangerAccount));
        owner.Send($"<iq type='set' to='{Service}' id='claim-1'><claim xmlns='urn:xmpp:siot:1' name='{ThingName}' key='{key}'/></iq>");
        owner.WaitFor("id='claim-1'", "type='result'");

        await Step("16 requests fill the list; a 17th waits at the server", async () =>
        {
            foreach (var asker in askers)
            {
                await using var party = Interested(await XmppParty.ConnectAsync(server, asker));
                party.Send($"<presence to='{ThingJid}' type='subscribe'/>");
                owner.WaitFor("<pending-friend-notification", $"jid='{asker.Jid}'");
            }

            late.Send($"<presence to='{ThingJid}' type='subscribe'/>");
            thing!.WaitForLine(Patience, "pending requests full, stranger@example.org waits");
        });

        await Step("the owner refuses one: the waiting request reaches the owner", () =>
        {
            owner.Send(FriendStateUpdate("update-1", nonFriend: askers[0].Jid));
            owner.WaitFor("id='update-1'", "type='result'");
            owner.WaitFor(Patience + Patience, "<pending-friend-notification", "jid='stranger@example.org'");
            return Task.CompletedTask;
        });
    }
}
