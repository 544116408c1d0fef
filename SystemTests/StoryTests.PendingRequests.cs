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
        var longAccount = new XmppAccount(new string('l', 95), Domain, "long-secret");
        await server.RegisterAsync(longAccount);
        await using var owner = await ClaimedByOwner();
        await using var longRequestor = Interested(await XmppParty.ConnectAsync(server, longAccount));

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
    /// Issue 23, items 2 and 3: 16 accounts subscribe, probe and withdraw, which Prosody and ejabberd
    /// end without telling the thing; a 17th requestor, turned away at the full list, still reaches the
    /// owner: the thing fetches what the server holds, drops the requests it no longer holds (the
    /// service told), and keeps the waiting one in a freed slot.
    /// </summary>
    protected async Task DeadRequestsDoNotSilenceANewOne()
    {
        var ghosts = await RegisterRequestors("ghost");
        await using var owner = await ClaimedByOwner();
        await using var late = Interested(await XmppParty.ConnectAsync(server, strangerAccount));

        await Step("16 accounts subscribe, probe and withdraw", async () =>
        {
            foreach (var ghost in ghosts)
            {
                await using var party = await Subscribed(ghost, owner);
                party.Send($"<presence to='{ThingJid}' type='probe'/><presence to='{ThingJid}' type='unsubscribe'/>");
                // Prosody answers the probe for the thing (unsubscribed); the withdrawal then never reaches the thing.
                party.Receives(Quiet, "type='unsubscribed'", $"from='{ThingJid}'");
            }
        });

        await Step("a 17th requestor reaches the owner; the dead requests are gone at the service", async () =>
        {
            late.Send($"<presence to='{ThingJid}' type='subscribe'/>");
            var pending = await WaitUntilPending(owner, strangerAccount.Jid, Patience + Patience);
            Assert.DoesNotContain("ghost", pending);
        });
    }

    /// <summary>
    /// Issue 23, item 3: 16 requests fill the list, a 17th waits at the server; when the owner
    /// refuses one, the thing fetches the waiting one (no new login) and it waits for the owner at
    /// the service.
    /// </summary>
    [Fact]
    public async Task AWaitingRequestComesBackWhenTheOwnerFreesASlot()
    {
        var askers = await RegisterRequestors("asker");
        await using var owner = await ClaimedByOwner();
        await using var late = Interested(await XmppParty.ConnectAsync(server, strangerAccount));

        await Step("16 requests fill the list; a 17th waits at the server", () => FillTheListAndTurnAway(askers, owner, late));

        await Step("the owner refuses one: the waiting request reaches the owner", async () =>
        {
            owner.Send(FriendStateUpdate("update-1", nonFriend: askers[0].Jid));
            owner.WaitFor("id='update-1'", "type='result'");
            await WaitUntilPending(owner, strangerAccount.Jid, Patience + Patience);
        });
    }

    /// <summary>
    /// Issue 23, item 3: 16 requests fill the list and a 17th waits at the server; the owner, who
    /// knows the requestor, approves it in advance (friend-state-update, docs/protocol-notes.md)
    /// while every slot stays taken. The thing remembers the approval, fetches what waits and
    /// approves the request when the server re-sends it: the requestor becomes a friend without
    /// the owner deciding again. (Freeing a slot would not show it: the fetch then keeps the
    /// request and the service answers its query with the approval.)
    /// </summary>
    [Fact]
    public async Task ARequestorApprovedInAdvanceWhileTheListIsFullBecomesAFriend()
    {
        var askers = await RegisterRequestors("asker");
        await using var owner = await ClaimedByOwner();
        await using var late = Interested(await XmppParty.ConnectAsync(server, strangerAccount));

        await Step("16 requests fill the list; a 17th waits at the server", () => FillTheListAndTurnAway(askers, owner, late));

        await Step("the owner approves the 17th in advance, no slot freed: it becomes a friend", async () =>
        {
            owner.Send(FriendStateUpdate("update-1", friend: strangerAccount.Jid));
            owner.WaitFor("id='update-1'", "type='result'");
            // Fetches that requestors cause go at most every 30 s (PendingRecheck.MinInterval).
            late.WaitFor(Patience + Patience, "type='subscribed'", $"from='{ThingJid}'");
            await WaitUntilAnswered(late, "status", "off");
        });
    }

    /// <summary>
    /// The <paramref name="askers"/> (16) subscribe, each until its request waits for the owner at
    /// the service; then <paramref name="late"/> (the stranger) subscribes and is turned away at the
    /// full list: its request waits at the server.
    /// </summary>
    private async Task FillTheListAndTurnAway(XmppAccount[] askers, XmppParty owner, XmppParty late)
    {
        foreach (var asker in askers)
        {
            await using var party = await Subscribed(asker, owner);
        }

        late.Send($"<presence to='{ThingJid}' type='subscribe'/>");
        thing!.WaitForLine(Patience, "pending requests full, stranger@example.org waits");
    }

    /// <summary>Registers as many requestors' accounts as the thing keeps requests (16), named <paramref name="prefix"/> and a number.</summary>
    private async Task<XmppAccount[]> RegisterRequestors(string prefix)
    {
        var accounts = Enumerable.Range(0, 16).Select(i => new XmppAccount(prefix + i, Domain, prefix + "-secret-" + i)).ToArray();
        await Task.WhenAll(accounts.Select(server.RegisterAsync));
        return accounts;
    }

    /// <summary>Starts the service and the thing, and has the owner claim it.</summary>
    /// <returns>The owner, connected.</returns>
    private async Task<XmppParty> ClaimedByOwner()
    {
        var key = StartServiceAndThing();
        var owner = Interested(await XmppParty.ConnectAsync(server, ownerAccount));
        owner.Send($"<iq type='set' to='{Service}' id='claim-1'><claim xmlns='urn:xmpp:siot:1' name='{ThingName}' key='{key}'/></iq>");
        owner.WaitFor("id='claim-1'", "type='result'");
        return owner;
    }

    /// <summary>Connects <paramref name="requestor"/> and subscribes to the thing, until the request waits for the owner at the service.</summary>
    private async Task<XmppParty> Subscribed(XmppAccount requestor, XmppParty owner)
    {
        var party = Interested(await XmppParty.ConnectAsync(server, requestor));
        party.Send($"<presence to='{ThingJid}' type='subscribe'/>");
        await WaitUntilPending(owner, requestor.Jid, Patience);
        return party;
    }

    /// <summary>
    /// Asks the service for the owner's pending requests until <paramref name="jid"/> is among
    /// them. That list is where an owner sees every request: a notification of each one comes only
    /// for the first few an hour (docs/protocol-notes.md, "What an owner is told, and how often"),
    /// and these stories make 16 or 17.
    /// </summary>
    /// <returns>The last answer of the service.</returns>
    private static async Task<string> WaitUntilPending(XmppParty owner, string jid, TimeSpan patience)
    {
        var deadline = DateTime.UtcNow + patience;
        while (true)
        {
            var id = "pending-" + Guid.NewGuid().ToString("N");
            owner.Send($"<iq type='get' to='{Service}' id='{id}'><pending-friend-query xmlns='urn:xmpp:siot:1'/></iq>");
            var answer = owner.WaitFor($"id='{id}'");
            if (answer.Contains($"jid='{jid}'", StringComparison.Ordinal))
            {
                return answer;
            }

            if (DateTime.UtcNow > deadline)
            {
                throw new TimeoutException($"{jid} is not among the owner's pending requests: {answer}");
            }

            await Task.Delay(250);
        }
    }
}
