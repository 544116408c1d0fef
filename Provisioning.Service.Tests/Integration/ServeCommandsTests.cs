using System.Xml.Linq;

namespace SiotThing.Provisioning.Tests.Integration;

/// <summary>
/// What an owner with an ordinary XMPP client does: discover the component and its ad-hoc
/// commands (XEP-0030, XEP-0050), and claim, list, approve, remove and disown through data forms
/// (XEP-0004), with the same effects on the thing as the siot IQs.
/// </summary>
public sealed class ServeCommandsTests(ITestOutputHelper output) : ServeFixture(output)
{
    public override async Task InitializeAsync()
    {
        await base.InitializeAsync();
        StartService();
    }

    [Fact]
    public async Task DiscoShowsTheComponentAndItsCommands()
    {
        var alice = await ConnectAsync(Alice);
        await WaitForServiceAsync(alice);

        var info = Siot.Payload(await alice.IqAsync("get", Service, new XElement(Siot.DiscoInfo + "query")), Siot.DiscoInfo + "query");
        Assert.Equal("component", (string?)info.Element(Siot.DiscoInfo + "identity")!.Attribute("category"));
        var features = info.Elements(Siot.DiscoInfo + "feature").Select(f => (string?)f.Attribute("var")).ToList();
        Assert.Contains("urn:xmpp:siot:1", features);
        Assert.Contains(Siot.Commands.NamespaceName, features);
        Assert.Contains(Siot.DiscoItems.NamespaceName, features);

        var items = Siot.Payload(
            await alice.IqAsync("get", Service, new XElement(Siot.DiscoItems + "query", new XAttribute("node", Siot.Commands.NamespaceName))),
            Siot.DiscoItems + "query");
        Assert.Equal(["claim", "things", "pending", "friends", "disown"], items.Elements(Siot.DiscoItems + "item").Select(i => (string?)i.Attribute("node")));
        Assert.All(items.Elements(), i => Assert.Equal(Service, (string?)i.Attribute("jid")));

        var node = Siot.Payload(await alice.IqAsync("get", Service, new XElement(Siot.DiscoInfo + "query", new XAttribute("node", "claim"))), Siot.DiscoInfo + "query");
        Assert.Equal(("automation", "command-node"), ((string?)node.Element(Siot.DiscoInfo + "identity")!.Attribute("category"), (string?)node.Element(Siot.DiscoInfo + "identity")!.Attribute("type")));
        Assert.Equal("error:item-not-found", Siot.Outcome(await alice.IqAsync("get", Service, new XElement(Siot.DiscoInfo + "query", new XAttribute("node", "nope")))));
    }

    [Fact]
    public async Task OwnerClaimsListsApprovesRemovesAndDisownsThroughCommands()
    {
        var lamp = await ConnectAsync(Lamp);
        var alice = await ConnectAsync(Alice);
        await WaitForServiceAsync(lamp);
        Assert.Equal("result", Siot.Outcome(await lamp.IqAsync("set", Service, Siot.Register(LampKey, (null, LampName)))));

        // Claim: a form with name and key, then the claim.
        var form = await ExecuteAsync(alice, "claim");
        Assert.Equal(["name", "key"], Fields(form).Select(f => (string?)f.Attribute("var")));
        var claimed = await SubmitAsync(alice, form, ("name", [" futuretec light bulb 10x "]), ("key", ["twnk kd5y mt3t e1gs drdb kvtw"]));
        Assert.Equal("completed", Status(claimed));
        Assert.Contains(Lamp.Jid, Note(claimed));
        lamp.WaitFor(m => (string?)m.Element(Siot.Ns + "owner")?.Attribute("jid") == Alice.Jid, "owner message");

        // My things: a result table.
        var things = await ExecuteAsync(alice, "things");
        Assert.Equal("completed", Status(things));
        var row = Form(things)!.Elements(Siot.Forms + "item").Single();
        Assert.Equal(Lamp.Jid, Value(row, "jid"));
        Assert.Equal(LampName, Value(row, "name"));

        // A requestor waits; the owner approves through the pending form.
        Assert.Equal("pending", (string?)Siot.Payload(await lamp.IqAsync("get", Service, Siot.IsFriend(Bob.Jid)), Siot.Ns + "is-friend-result").Attribute("friend"));
        var pending = await ExecuteAsync(alice, "pending");
        Assert.Equal("executing", Status(pending));
        var option = Fields(pending).Single(f => (string?)f.Attribute("var") == "approve").Elements(Siot.Forms + "option").Single();
        var approved = await SubmitAsync(alice, pending, ("approve", [(string)option.Element(Siot.Forms + "value")!]));
        Assert.Equal("completed", Status(approved));
        var states = lamp.WaitFor(m => m.Element(Siot.Ns + "friendship-states") != null, "friendship-states after approval");
        Assert.Equal((Bob.Jid, "yes"), FirstItem(states));
        Assert.Equal("No friendship requests are waiting.", Note(await ExecuteAsync(alice, "pending")));

        // Friends: one thing, so straight to its friends; remove Bob.
        var friends = await ExecuteAsync(alice, "friends");
        Assert.Equal([Bob.Jid], Fields(friends).Single(f => (string?)f.Attribute("var") == "remove").Elements(Siot.Forms + "option").Select(o => (string?)o.Element(Siot.Forms + "value")));
        Assert.Equal("completed", Status(await SubmitAsync(alice, friends, ("remove", [Bob.Jid]))));
        Assert.Equal((Bob.Jid, "no"), FirstItem(lamp.WaitFor(m => m.Element(Siot.Ns + "friendship-states") != null, "friendship-states after removal")));

        // Disown: choose the thing; it is told it has no owner.
        var disown = await ExecuteAsync(alice, "disown");
        Assert.Equal("completed", Status(await SubmitAsync(alice, disown, ("thing", [Lamp.Jid]))));
        var owner = lamp.WaitFor(m => m.Element(Siot.Ns + "owner") != null, "owner message after disown").Element(Siot.Ns + "owner")!;
        Assert.Null(owner.Attribute("jid"));
        Assert.Contains("no things", Note(await ExecuteAsync(alice, "things")));
    }

    [Fact]
    public async Task CommandErrorsFollowTheProtocolsRules()
    {
        var (_, alice) = await ClaimedLampAsync();
        var bob = await ConnectAsync(Bob);

        // Claiming a claimed thing through the form: the claim's own error.
        var form = await ExecuteAsync(bob, "claim");
        var conflict = await bob.IqAsync("set", Service, Siot.Command("claim", SessionId(form), "complete", ("name", [LampName]), ("key", [LampKey])));
        Assert.Equal("error:conflict", Siot.Outcome(conflict));

        // A session is its requester's only, and is gone once used.
        var disown = await ExecuteAsync(alice, "disown");
        var stolen = await bob.IqAsync("set", Service, Siot.Command("disown", SessionId(disown), "complete", ("thing", [Lamp.Jid])));
        Assert.Equal("error:bad-request", Siot.Outcome(stolen));
        Assert.NotNull(stolen.Descendants(Siot.Commands + "bad-sessionid").SingleOrDefault());
        var missing = await alice.IqAsync("set", Service, Siot.Command("disown", SessionId(disown), "complete"));
        Assert.Equal("error:bad-request", Siot.Outcome(missing));
        Assert.NotNull(missing.Descendants(Siot.Commands + "bad-payload").SingleOrDefault());

        // A non-owner sees nothing to decide and owns nothing to give up.
        Assert.Equal("No friendship requests are waiting.", Note(await ExecuteAsync(bob, "pending")));
        Assert.Equal("You own no things.", Note(await ExecuteAsync(bob, "disown")));
        Assert.Equal("error:item-not-found", Siot.Outcome(await alice.IqAsync("set", Service, Siot.Command("nope"))));
        Assert.Equal("error:bad-request", Siot.Outcome(await alice.IqAsync("set", Service, Siot.Command("things", action: "dance"))));

        var started = await ExecuteAsync(alice, "claim");
        var cancel = Siot.Payload(await alice.IqAsync("set", Service, Siot.Command("claim", SessionId(started), "cancel")), Siot.Commands + "command");
        Assert.Equal("canceled", (string?)cancel.Attribute("status"));
    }

    [Fact]
    public async Task FriendsOfOneOfSeveralThingsKeepOneSessionIdThroughBothForms()
    {
        var (_, alice) = await ClaimedLampAsync();
        var sensor = await ConnectAsync(Sensor);
        Assert.Equal("result", Siot.Outcome(await sensor.IqAsync("set", Service, Siot.Register(SensorKey, (null, "Futuretec Sensor")))));
        Assert.Equal("result", Siot.Outcome(await alice.IqAsync("set", Service, Siot.Claim("Futuretec Sensor", SensorKey))));
        Assert.Equal("result", Siot.Outcome(await alice.IqAsync("set", Service, Siot.Update(Sensor.Jid, (Bob.Jid, true)))));

        var choose = await ExecuteAsync(alice, "friends");
        Assert.Equal(["thing"], Fields(choose).Select(f => (string?)f.Attribute("var")));
        var answer = await alice.IqAsync("set", Service, Siot.Command("friends", SessionId(choose), "next", ("thing", [Sensor.Jid])));
        var friends = Siot.Payload(answer, Siot.Commands + "command");
        Assert.Equal(SessionId(choose), SessionId(friends));
        var shown = Fields(friends).Single(f => (string?)f.Attribute("type") == "hidden");
        Assert.Equal(("friends-of", Sensor.Jid), ((string?)shown.Attribute("var"), (string?)shown.Element(Siot.Forms + "value")));

        // The client returns the hidden field with its choice, under the same session id.
        Assert.Equal("completed", Status(await SubmitAsync(alice, friends, ("remove", [Bob.Jid]), ("friends-of", [Sensor.Jid]))));
        sensor.WaitFor(m => m.Element(Siot.Ns + "friendship-states") != null && FirstItem(m) == (Bob.Jid, "no"), "friendship-states of the removal");
    }

    [Fact]
    public async Task BadRequestTextsNameNoParameter()
    {
        var alice = await ConnectAsync(Alice);
        await WaitForServiceAsync(alice);

        var tooLong = await alice.IqAsync("set", Service, Siot.Claim(LampName, new string('A', 101)));

        Assert.Equal("error:bad-request", Siot.Outcome(tooLong));
        var text = (string?)tooLong.Element(XName.Get("error", "jabber:client"))!.Element(Siot.Stanzas + "text");
        Assert.Equal("a key has at most 100 characters", text);
    }

    private async Task<XElement> ExecuteAsync(TestClient client, string node)
    {
        var answer = await client.IqAsync("set", Service, Siot.Command(node, action: "execute"));
        Assert.Equal("result", Siot.Outcome(answer));
        return Siot.Payload(answer, Siot.Commands + "command");
    }

    private async Task<XElement> SubmitAsync(TestClient client, XElement executing, params (string Var, string[] Values)[] fields)
    {
        var answer = await client.IqAsync("set", Service, Siot.Command((string)executing.Attribute("node")!, SessionId(executing), "complete", fields));
        Assert.Equal("result", Siot.Outcome(answer));
        return Siot.Payload(answer, Siot.Commands + "command");
    }

    private static string SessionId(XElement command) => (string)command.Attribute("sessionid")!;

    private static string Status(XElement command) => (string)command.Attribute("status")!;

    private static string Note(XElement command) => (string)command.Element(Siot.Commands + "note")!;

    private static XElement? Form(XElement command) => command.Element(Siot.Forms + "x");

    private static IEnumerable<XElement> Fields(XElement command) => Form(command)!.Elements(Siot.Forms + "field");

    private static string? Value(XElement item, string field) =>
        (string?)item.Elements(Siot.Forms + "field").Single(f => (string?)f.Attribute("var") == field).Element(Siot.Forms + "value");

    private static (string?, string?) FirstItem(XElement message)
    {
        var item = message.Element(Siot.Ns + "friendship-states")!.Element(Siot.Ns + "item")!;
        return ((string?)item.Attribute("jid"), (string?)item.Attribute("friend"));
    }
}
