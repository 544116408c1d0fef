using System.Text;
using System.Xml.Linq;
using SiotThing.Protocol.Xml;
using SiotThing.Provisioning.Component;
using SiotThing.Provisioning.Storage;
using SiotThing.TestServers;

namespace SiotThing.Provisioning.Tests.Integration;

/// <summary>
/// The siot protocol end to end: real accounts on a real Prosody talk to <c>serve</c> through it.
/// A thing registers and is subscribed to, an owner claims it, a requestor becomes pending, the
/// owner is told and decides, the thing learns the decision; and every error of
/// docs/protocol-notes.md, spoofing included.
/// </summary>
public sealed class ServeProtocolTests(ITestOutputHelper output) : ServeFixture(output)
{
    private static readonly TimeSpan Quiet = TimeSpan.FromSeconds(1);

    public override async Task InitializeAsync()
    {
        await base.InitializeAsync();
        StartService();
    }

    /// <summary>Whether the thing's parser, with the ESP32's buffers, reads <paramref name="stanza"/> whole.</summary>
    private static bool ReadsOnAnEsp32(string stanza)
    {
        var parser = new XmlStreamParser(new XmlLimits { MaxStanzaBytes = ThingLimits.MaxStanzaBytes });
        var bytes = Encoding.UTF8.GetBytes($"<stream:stream xmlns='jabber:client' xmlns:stream='http://etherx.jabber.org/streams'>{stanza}");
        var offset = 0;
        while (offset < bytes.Length)
        {
            offset += parser.Feed(bytes, offset, bytes.Length - offset);
            if (parser.Event is XmlEvent.Stanza or XmlEvent.Skipped or XmlEvent.Error)
            {
                return parser.Event == XmlEvent.Stanza;
            }
        }

        return false;
    }

    [Fact]
    public async Task RegistrationIsAnsweredAndFollowedByASubscriptionRequest()
    {
        var (lamp, _) = await ClaimedLampAsync();

        // A repeat (a lost result) is a success that changes nothing: the owner stays.
        Assert.Equal("result", Siot.Outcome(await lamp.IqAsync("set", Service, Siot.Register(LampKey, (null, LampName)))));
        Assert.Equal("yes", Siot.FriendAnswer(await lamp.IqAsync("get", Service, Siot.IsFriend(Alice.Jid))));
    }

    [Fact]
    public async Task ClaimErrors()
    {
        var (lamp, alice) = await ClaimedLampAsync();
        var bob = await ConnectAsync(Bob);

        Assert.Equal("error:conflict", Siot.Outcome(await bob.IqAsync("set", Service, Siot.Claim(LampName, LampKey))));
        Assert.Equal("error:conflict", Siot.Outcome(await alice.IqAsync("set", Service, Siot.Claim(LampName.ToLowerInvariant(), LampKey))));
        var wrong = await bob.IqAsync("set", Service, Siot.Claim(LampName, SensorKey));
        Assert.Equal(("error:item-not-found", "cancel"), (Siot.Outcome(wrong), Siot.ErrorType(wrong)));
        var malformed = await bob.IqAsync("set", Service, new XElement(Siot.Ns + "claim", new XAttribute("name", LampName)));
        Assert.Equal(("error:bad-request", "modify"), (Siot.Outcome(malformed), Siot.ErrorType(malformed)));
        Assert.Equal("error:bad-request", Siot.Outcome(await bob.IqAsync("set", Service, Siot.Claim(new string('x', 101), LampKey))));
        Assert.False(lamp.Receives(m => m.Element(Siot.Ns + "owner") != null, Quiet));
    }

    [Fact]
    public async Task AClaimFromAnAddressLongerThanAThingStoresIsRefused()
    {
        // 90 + "@example.org": 102 bytes, and a thing stores an owner of at most 100 (issue 13, B5).
        var longOwner = new XmppAccount(new string('o', 90), "example.org", "long-secret");
        await Server.RegisterAsync(longOwner);
        var lamp = await ConnectAsync(Lamp);
        await WaitForServiceAsync(lamp);
        Assert.Equal("result", Siot.Outcome(await lamp.IqAsync("set", Service, Siot.Register(LampKey, (null, LampName)))));
        var claimant = await ConnectAsync(longOwner);

        var refused = await claimant.IqAsync("set", Service, Siot.Claim(LampName, LampKey));

        Assert.Equal("error:not-acceptable", Siot.Outcome(refused));
        Assert.Equal("cancel", Siot.ErrorType(refused));
        Assert.Contains("at most 100", (string?)refused.Descendants(Siot.Stanzas + "text").Single());
        Assert.False(lamp.Receives(m => m.Element(Siot.Ns + "owner") != null, Quiet));
        var alice = await ConnectAsync(Alice);
        Assert.Equal("result", Siot.Outcome(await alice.IqAsync("set", Service, Siot.Claim(LampName, LampKey))));
    }

    [Fact]
    public async Task FriendshipStatesAreSplitSoThatEveryMessageFitsAThing()
    {
        // Issue 13, B2: 126 items, and 9 JIDs of 1,900 characters; each within the service's limits.
        var (lamp, alice) = await ClaimedLampAsync();
        var many = Enumerable.Range(0, 126).Select(i => ($"friend{i}@example.org", i % 3 != 0)).ToArray();
        var domain = string.Join(".", Enumerable.Range(0, 15).Select(i => new string((char)('a' + i), 62))) + ".org";
        var huge = Enumerable.Range(0, 9).Select(i => (new string((char)('a' + i), 1900 - 1 - domain.Length) + "@" + domain, true)).ToArray();
        Assert.Equal(1900, huge[0].Item1.Length);

        foreach (var update in new[] { many, huge })
        {
            Assert.Equal("result", Siot.Outcome(await alice.IqAsync("set", Service, Siot.Update(Lamp.Jid, update))));
            var told = new List<(string?, string?)>();
            while (told.Count < update.Length)
            {
                var message = lamp.WaitFor(m => m.Element(Siot.Ns + "friendship-states") != null && Siot.From(m, Service), "friendship-states");
                var items = message.Element(Siot.Ns + "friendship-states")!.Elements(Siot.Ns + "item").ToList();
                Assert.InRange(items.Count, 1, ThingLimits.MaxItemsPerMessage);
                Assert.True(ReadsOnAnEsp32(TestClient.Raw(message)), $"a message of {items.Count} items that an ESP32 cannot read");
                told.AddRange(items.Select(i => ((string?)i.Attribute("jid"), (string?)i.Attribute("friend"))));
            }

            Assert.Equal(update.Select(u => ((string?)u.Item1, (string?)(u.Item2 ? "yes" : "no"))), told);
        }
    }

    [Fact]
    public async Task FailedClaimsAreRateLimited()
    {
        await ClaimedLampAsync();
        var mallory = await ConnectAsync(Mallory);

        for (var i = 0; i < 6; i++)
        {
            Assert.Equal("error:item-not-found", Siot.Outcome(await mallory.IqAsync("set", Service, Siot.Claim("Guess", SpareKey))));
        }

        var limited = await mallory.IqAsync("set", Service, Siot.Claim(LampName, LampKey));
        Assert.Equal(("error:policy-violation", "wait"), (Siot.Outcome(limited), Siot.ErrorType(limited)));
    }

    [Fact]
    public async Task AnOwnerIsToldOfAFewNewRequestsThenOnceWithABodyOnlyThatMoreWait()
    {
        var (lamp, alice) = await ClaimedLampAsync();

        for (var i = 0; i < ProvisioningLimits.MaxPendingNotifications + 3; i++)
        {
            Assert.Equal("pending", Siot.FriendAnswer(await lamp.IqAsync("get", Service, Siot.IsFriend($"r{i}@example.org"))));
        }

        for (var i = 0; i < ProvisioningLimits.MaxPendingNotifications; i++)
        {
            var pending = alice.WaitFor(m => m.Element(Siot.Ns + "pending-friend-notification") != null, "pending-friend-notification").Element(Siot.Ns + "pending-friend-notification")!;
            Assert.Equal($"r{i}@example.org", (string?)pending.Attribute("jid"));
        }

        var summary = alice.WaitFor(m => Siot.From(m, Service) && m.Element(XName.Get("body", "jabber:client")) != null, "the summary");
        Assert.Equal(("normal", 1), ((string?)summary.Attribute("type"), summary.Elements().Count()));
        Assert.Contains("More people ask to be friends of your things", (string?)summary.Element(XName.Get("body", "jabber:client")));
        Assert.False(alice.Receives(m => Siot.From(m, Service) && m.Name.LocalName == "message", Quiet));
        Assert.Equal(ProvisioningLimits.MaxPendingNotifications + 3, Siot.Payload(await alice.IqAsync("get", Service, Siot.PendingQuery()), Siot.Ns + "pending-friend-requests").Elements().Count());
    }

    [Fact]
    public async Task PendingRequestIsNotifiedDecidedAndPassedToTheThing()
    {
        var (lamp, alice) = await ClaimedLampAsync();

        Assert.Equal("pending", Siot.FriendAnswer(await lamp.IqAsync("get", Service, Siot.IsFriend(Bob.Jid))));
        var notification = alice.WaitFor(m => m.Element(Siot.Ns + "pending-friend-notification") != null, "pending-friend-notification");
        var pending = notification.Element(Siot.Ns + "pending-friend-notification")!;
        Assert.Equal((Lamp.Jid, Bob.Jid, "normal"), ((string?)pending.Attribute("thing"), (string?)pending.Attribute("jid"), (string?)notification.Attribute("type")));
        Assert.Contains(Bob.Jid, (string?)notification.Element(XName.Get("body", "jabber:client")));

        // Asked again: still pending, and the owner is not told twice.
        Assert.Equal("pending", Siot.FriendAnswer(await lamp.IqAsync("get", Service, Siot.IsFriend(Bob.Jid))));
        Assert.False(alice.Receives(m => m.Element(Siot.Ns + "pending-friend-notification") != null, Quiet));

        var list = await alice.IqAsync("get", Service, Siot.PendingQuery());
        var items = Siot.Payload(list, Siot.Ns + "pending-friend-requests").Elements(Siot.Ns + "pending-friend").ToList();
        Assert.Equal([(Bob.Jid, Lamp.Jid)], items.Select(i => ((string?)i.Attribute("jid"), (string?)i.Attribute("thing"))));
        Assert.Single(Siot.Payload(await alice.IqAsync("get", Service, Siot.PendingQuery(Lamp.Jid)), Siot.Ns + "pending-friend-requests").Elements());

        // The ProtoXEP's form without 'thing': the owner's only thing.
        Assert.Equal("result", Siot.Outcome(await alice.IqAsync("set", Service, Siot.Update(null, (Bob.Jid, true), ("carol@example.org", false), (Alice.Jid, false)))));
        var states = lamp.WaitFor(m => m.Element(Siot.Ns + "friendship-states") != null && Siot.From(m, Service), "friendship-states");
        Assert.Equal(
            [(Bob.Jid, "yes"), ("carol@example.org", "no")],
            states.Element(Siot.Ns + "friendship-states")!.Elements(Siot.Ns + "item").Select(i => ((string?)i.Attribute("jid"), (string?)i.Attribute("friend"))));
        Assert.Equal("yes", Siot.FriendAnswer(await lamp.IqAsync("get", Service, Siot.IsFriend(Bob.Jid))));
        Assert.Equal("no", Siot.FriendAnswer(await lamp.IqAsync("get", Service, Siot.IsFriend("carol@example.org"))));
        Assert.Empty(Siot.Payload(await alice.IqAsync("get", Service, Siot.PendingQuery()), Siot.Ns + "pending-friend-requests").Elements());
    }

    [Fact]
    public async Task AWithdrawnRequestLeavesThePendingList()
    {
        var (lamp, alice) = await ClaimedLampAsync();
        Assert.Equal("pending", Siot.FriendAnswer(await lamp.IqAsync("get", Service, Siot.IsFriend(Bob.Jid))));
        Assert.Equal("result", Siot.Outcome(await alice.IqAsync("set", Service, Siot.Update(null, ("carol@example.org", true)))));

        Assert.Equal("result", Siot.Outcome(await lamp.IqAsync("set", Service, Siot.Withdrawn(Bob.Jid))));
        Assert.Equal("result", Siot.Outcome(await lamp.IqAsync("set", Service, Siot.Withdrawn("carol@example.org"))));
        Assert.Equal("result", Siot.Outcome(await lamp.IqAsync("set", Service, Siot.Withdrawn("nobody@example.org"))));

        Assert.Empty(Siot.Payload(await alice.IqAsync("get", Service, Siot.PendingQuery()), Siot.Ns + "pending-friend-requests").Elements());
        Assert.Equal("yes", Siot.FriendAnswer(await lamp.IqAsync("get", Service, Siot.IsFriend("carol@example.org"))));
        Assert.Equal("error:bad-request", Siot.Outcome(await lamp.IqAsync("set", Service, new XElement(Siot.Ns + "friend-request-withdrawn"))));
        var notAThing = await alice.IqAsync("set", Service, Siot.Withdrawn(Bob.Jid));
        Assert.Equal(("error:registration-required", "auth"), (Siot.Outcome(notAThing), Siot.ErrorType(notAThing)));
    }

    [Fact]
    public async Task FactoryResetTellsTheOldOwner()
    {
        var (lamp, alice) = await ClaimedLampAsync();

        Assert.Equal("result", Siot.Outcome(await lamp.IqAsync("set", Service, Siot.Register(SpareKey, (null, LampName)))));

        var reset = alice.WaitFor(m => m.Element(Siot.Ns + "thing-reset") != null, "thing-reset");
        Assert.Equal(Lamp.Jid, (string?)reset.Element(Siot.Ns + "thing-reset")!.Attribute("jid"));
        Assert.Contains("factory settings", (string?)reset.Element(XName.Get("body", "jabber:client")));
        // The new key makes it claimable again, by anyone.
        var bob = await ConnectAsync(Bob);
        Assert.Equal("result", Siot.Outcome(await bob.IqAsync("set", Service, Siot.Claim(LampName, SpareKey))));
    }

    [Fact]
    public async Task SpoofingAndStrangersAreRefused()
    {
        var (lamp, _) = await ClaimedLampAsync();
        var mallory = await ConnectAsync(Mallory);

        // Mallory can only register herself: with the lamp's key that is a conflict, with her own key it is her registration.
        Assert.Equal("error:conflict", Siot.Outcome(await mallory.IqAsync("set", Service, Siot.Register(LampKey, (null, "Evil")))));
        Assert.Equal("result", Siot.Outcome(await mallory.IqAsync("set", Service, Siot.Register(SpareKey, (null, LampName)))));
        Assert.Equal("yes", Siot.FriendAnswer(await lamp.IqAsync("get", Service, Siot.IsFriend(Alice.Jid))));

        var query = await mallory.IqAsync("get", Service, Siot.PendingQuery(Lamp.Jid));
        Assert.Equal(("error:forbidden", "auth"), (Siot.Outcome(query), Siot.ErrorType(query)));
        Assert.Equal("error:forbidden", Siot.Outcome(await mallory.IqAsync("set", Service, Siot.Update(Lamp.Jid, (Mallory.Jid, true)))));
        Assert.Equal("error:item-not-found", Siot.Outcome(await mallory.IqAsync("set", Service, Siot.Update("ghost@example.org", (Mallory.Jid, true)))));
        Assert.Equal("error:bad-request", Siot.Outcome(await mallory.IqAsync("set", Service, Siot.Update(null, (Mallory.Jid, true)))));
        Assert.False(lamp.Receives(m => m.Element(Siot.Ns + "friendship-states") != null, Quiet));

        var bob = await ConnectAsync(Bob);
        var notAThing = await bob.IqAsync("get", Service, Siot.IsFriend(Mallory.Jid));
        Assert.Equal(("error:registration-required", "auth"), (Siot.Outcome(notAThing), Siot.ErrorType(notAThing)));
        Assert.Empty(Siot.Payload(await bob.IqAsync("get", Service, Siot.PendingQuery()), Siot.Ns + "pending-friend-requests").Elements());
    }

    [Fact]
    public async Task MalformedAndUnknownRequests()
    {
        var (lamp, alice) = await ClaimedLampAsync();

        Assert.Equal("error:bad-request", Siot.Outcome(await lamp.IqAsync("set", Service, new XElement(Siot.Ns + "register", new XElement(Siot.Ns + "name", "No key")))));
        Assert.Equal("error:bad-request", Siot.Outcome(await lamp.IqAsync("set", Service, Siot.Register("NOT-A-KEY", (null, LampName)))));
        Assert.Equal("error:bad-request", Siot.Outcome(await lamp.IqAsync("set", Service, Siot.Register(LampKey))));
        Assert.Equal("error:bad-request", Siot.Outcome(await lamp.IqAsync("set", Service, Siot.Register(LampKey, ("de", "A"), ("DE", "B")))));
        Assert.Equal("error:bad-request", Siot.Outcome(await lamp.IqAsync("get", Service, Siot.IsFriend("bob@example.org/phone"))));
        Assert.Equal("error:bad-request", Siot.Outcome(await lamp.IqAsync("get", Service, new XElement(Siot.Ns + "is-friend-query"))));
        var tooMany = Enumerable.Range(0, 501).Select(i => ($"friend{i}@example.org", true)).ToArray();
        Assert.Equal("error:bad-request", Siot.Outcome(await alice.IqAsync("set", Service, Siot.Update(Lamp.Jid, tooMany))));
        Assert.Equal("error:bad-request", Siot.Outcome(await alice.IqAsync("set", Service, Siot.Update(Lamp.Jid, (Bob.Jid, true), (Bob.Jid, false)))));
        Assert.Equal("error:bad-request", Siot.Outcome(await alice.IqAsync("set", Service, new XElement(Siot.Ns + "friend-state-update", new XElement(Siot.Ns + "maybe-friend", new XAttribute("jid", Bob.Jid))))));

        var unknown = await alice.IqAsync("get", Service, new XElement(XName.Get("query", "urn:example:unknown")));
        Assert.Equal(("error:service-unavailable", "cancel"), (Siot.Outcome(unknown), Siot.ErrorType(unknown)));
        Assert.Equal("error:service-unavailable", Siot.Outcome(await alice.IqAsync("get", Service, Siot.Claim(LampName, LampKey))));
        Assert.Equal("error:service-unavailable", Siot.Outcome(await alice.IqAsync("get", "someone@" + Service, new XElement(XName.Get("ping", "urn:xmpp:ping")))));
        Assert.Equal("result", Siot.Outcome(await alice.IqAsync("get", Service, new XElement(XName.Get("ping", "urn:xmpp:ping")))));
        // Nothing of this changed the lamp.
        Assert.Equal("yes", Siot.FriendAnswer(await lamp.IqAsync("get", Service, Siot.IsFriend(Alice.Jid))));
    }

    [Fact]
    public async Task SubscriptionRequestsAreApprovedForThingsOnly()
    {
        var (lamp, alice) = await ClaimedLampAsync();

        await alice.SendAsync(new XElement(XName.Get("presence", "jabber:client"), new XAttribute("to", Service), new XAttribute("type", "subscribe")));
        await lamp.SendAsync(new XElement(XName.Get("presence", "jabber:client"), new XAttribute("to", Service), new XAttribute("type", "subscribe")));

        alice.WaitFor(p => (string?)p.Attribute("type") == "unsubscribed" && Siot.From(p, Service), "refusal");
        lamp.WaitFor(p => (string?)p.Attribute("type") == "subscribed" && Siot.From(p, Service), "approval");
    }
}
