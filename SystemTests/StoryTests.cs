using System.Diagnostics;
using System.Text.RegularExpressions;
using SiotThing.TestServers;
using Xunit.Abstractions;
using static SiotThing.SystemTests.StoryParts;

namespace SiotThing.SystemTests;

/// <summary>
/// The ProtoXEP's story from unboxing to resale, each step checked by what each party receives:
/// the thing and the provisioning service run as their own processes, the owners, requestors and
/// a stranger are xmpp.js clients, and the XMPP server is a real one on loopback (each subclass
/// names which).
/// </summary>
public abstract partial class StoryTests(ITestOutputHelper output) : IAsyncLifetime
{
    private static readonly TimeSpan Quiet = TimeSpan.FromSeconds(2);

    private readonly XmppAccount thingAccount = new("thing", Domain, "thing-secret");
    private readonly XmppAccount ownerAccount = new("owner", Domain, "owner-secret");
    private readonly XmppAccount newOwnerAccount = new("buyer", Domain, "buyer-secret");
    private readonly XmppAccount[] requestorAccounts =
    [
        new("romeo", Domain, "romeo-secret"),
        new("mallory", Domain, "mallory-secret"),
        new("tybalt", Domain, "tybalt-secret"),
        new("juliet", Domain, "juliet-secret"),
    ];

    private readonly XmppAccount strangerAccount = new("stranger", Domain, "stranger-secret");
    private StoryTimings? storyTimings;
    private readonly string folder = Directory.CreateTempSubdirectory("siot-story-").FullName;
    private IXmppTestServer server = null!;
    private DotnetProgram? service;
    private DotnetProgram? thing;

    public async Task InitializeAsync()
    {
        server = await StartServerAsync([thingAccount, ownerAccount, newOwnerAccount, strangerAccount, .. requestorAccounts]);
    }

    public async Task DisposeAsync()
    {
        if (thing != null)
        {
            await thing.DisposeAsync();
        }

        if (service != null)
        {
            await service.DisposeAsync();
        }

        await server.DisposeAsync();
        Directory.Delete(folder, recursive: true);
    }

    [Fact]
    public async Task FromUnboxingToResale()
    {
        string key = string.Empty;
        XmppParty owner = null!;
        var requestors = new XmppParty[requestorAccounts.Length];
        XmppParty stranger = null!;

        await Step("1 the thing starts unclaimed, shows a key and registers; the service subscribes to it", async () =>
        {
            service = StartService(server, folder);
            var started = Stopwatch.StartNew();
            StartThing();
            key = WaitForKey();
            thing!.WaitForLine(Patience, "registered");
            Record("thing start to registered", started.Elapsed);
            owner = Interested(await XmppParty.ConnectAsync(server, ownerAccount));
            stranger = Interested(await XmppParty.ConnectAsync(server, strangerAccount));
            for (var i = 0; i < requestors.Length; i++)
            {
                requestors[i] = Interested(await XmppParty.ConnectAsync(server, requestorAccounts[i]));
            }
        });

        await Step("2 the owner claims it with name and key; the thing learns its owner", () =>
        {
            owner.Send($"<iq type='set' to='{Service}' id='claim-1'><claim xmlns='urn:xmpp:siot:1' name='{ThingName}' key='{key}'/></iq>");
            // Parts, not whole elements: xmpp.js writes attributes in its own order.
            owner.WaitFor("id='claim-1'", "type='result'", "<claimed", $"jid='{ThingJid}'");
            thing!.WaitForLine(Patience, "owned by owner@example.org");
            return Task.CompletedTask;
        });

        var romeo = requestors[0];
        await Step("3 a requestor subscribes: pending, the owner approves, the requestor switches the bulb", () =>
        {
            var asked = Stopwatch.StartNew();
            romeo.Send($"<presence to='{ThingJid}' type='subscribe'/>");
            Assert.Contains("jid='romeo@example.org'", owner.WaitFor("<pending-friend-notification"));
            owner.Send($"<iq type='get' to='{Service}' id='pending-1'><pending-friend-query xmlns='urn:xmpp:siot:1'/></iq>");
            owner.WaitFor("id='pending-1'", "<pending-friend ", "jid='romeo@example.org'");
            owner.Send(FriendStateUpdate("update-1", friend: "romeo@example.org"));
            Assert.Contains("type='result'", owner.WaitFor("id='update-1'"));
            romeo.WaitFor("type='subscribed'", $"from='{ThingJid}'");
            Record("subscription to approval (owner deciding at once)", asked.Elapsed);

            // The thing announces its new state in presence, then answers the chat.
            romeo.Send($"<message to='{ThingFullJid}' type='chat' id='chat-1'><body>on</body></message>");
            romeo.WaitFor($"from='{ThingFullJid}'", "<status>on</status>");
            Assert.Contains("<body>on</body>", romeo.WaitFor($"from='{ThingFullJid}'", "<body>"));
            thing!.WaitForLine(Patience, "[bulb] on");

            // Text beyond the BMP goes through byte for byte (and is in the replay fixtures).
            romeo.Send($"<message to='{ThingFullJid}' type='chat' id='chat-2'><body>\U0001F4A1?</body></message>");
            romeo.WaitFor($"from='{ThingFullJid}'", "unknown command", "\U0001F4A1?");

            romeo.Send(AdHoc("command-1", "toggle"));
            var toggled = romeo.WaitFor("id='command-1'");
            Assert.Contains("status='completed'", toggled);
            Assert.Contains(">off<", toggled);
            thing!.WaitForLine(Patience, "[bulb] off");
            return Task.CompletedTask;
        });

        await Step("4 a second requestor is refused; a third is approved, then removed", () =>
        {
            var mallory = requestors[1];
            var tybalt = requestors[2];
            mallory.Send($"<presence to='{ThingJid}' type='subscribe'/>");
            tybalt.Send($"<presence to='{ThingJid}' type='subscribe'/>");
            owner.WaitFor("<pending-friend-notification", "jid='mallory@example.org'");
            owner.WaitFor("<pending-friend-notification", "jid='tybalt@example.org'");
            owner.Send(FriendStateUpdate("update-2", friend: "tybalt@example.org", nonFriend: "mallory@example.org"));
            owner.WaitFor("id='update-2'", "type='result'");
            mallory.WaitFor("type='unsubscribed'", $"from='{ThingJid}'");
            tybalt.WaitFor("type='subscribed'", $"from='{ThingJid}'");

            owner.Send(FriendStateUpdate("update-3", nonFriend: "tybalt@example.org"));
            owner.WaitFor("id='update-3'", "type='result'");
            tybalt.WaitFor("type='unsubscribed'", $"from='{ThingJid}'");
            tybalt.Forget();
            tybalt.Send($"<message to='{ThingFullJid}' type='chat'><body>on</body></message>");
            Assert.False(tybalt.Receives(Quiet, $"from='{ThingFullJid}'", "<body>"), "a removed friend gets no answer");
            tybalt.Send(AdHoc("command-2", "on"));
            Assert.Contains("<forbidden", tybalt.WaitFor("id='command-2'"));
            mallory.Send(AdHoc("command-3", "on"));
            Assert.Contains("<forbidden", mallory.WaitFor("id='command-3'"));
            return Task.CompletedTask;
        });

        await Step("5 a stranger guesses a key, spoofs the service and commands the bulb: only errors", () =>
        {
            stranger.Send($"<iq type='set' to='{Service}' id='claim-2'><claim xmlns='urn:xmpp:siot:1' name='{ThingName}' key='TWNK-KD5Y-MT3T-E1GS-DRDB-KVTW'/></iq>");
            Assert.Contains("<item-not-found", stranger.WaitFor("id='claim-2'"));
            stranger.Send($"<message to='{ThingFullJid}'><owner xmlns='urn:xmpp:siot:1' jid='stranger@example.org'/></message>");
            thing!.WaitForLine(Patience, "spoofed siot message from stranger@example.org");
            stranger.Send(AdHoc("command-4", "on"));
            Assert.Contains("<forbidden", stranger.WaitFor("id='command-4'"));
            stranger.Send($"<iq type='get' to='{Service}' id='pending-2'><pending-friend-query xmlns='urn:xmpp:siot:1' thing='{ThingJid}'/></iq>");
            Assert.Contains("<forbidden", stranger.WaitFor("id='pending-2'"));
            Assert.DoesNotContain("owned by stranger", thing!.Output);
            return Task.CompletedTask;
        });

        await Step("6 the thing is offline while the owner approves; after reconnecting it settles the request", async () =>
        {
            var juliet = requestors[3];
            juliet.Send($"<presence to='{ThingJid}' type='subscribe'/>");
            owner.WaitFor("<pending-friend-notification", "jid='juliet@example.org'");
            await thing!.StopAsync();
            owner.Send(FriendStateUpdate("update-4", friend: "juliet@example.org"));
            owner.WaitFor("id='update-4'", "type='result'");
            StartThing();
            juliet.WaitFor("type='subscribed'", $"from='{ThingJid}'");
        });

        await Step("7 the thing's connection drops, as lost Wi-Fi would: it resumes its stream (XEP-0198) and goes on", async () =>
        {
            thing!.Type("drop");
            // Said in words, not with the socket's exception text.
            thing.WaitForLine(Patience, "connection ended: dropped (drop at the console)");
            thing.WaitForLine(Patience, "session resumed");
            await WaitUntilAnswered(romeo, "status", "off");
        });

        await Step("8 the XMPP server restarts; thing and service reconnect with their state", async () =>
        {
            await server.StopAsync();
            await server.StartAsync();
            foreach (var party in requestors.Append(owner).Append(stranger))
            {
                await party.DisposeAsync();
            }

            owner = Interested(await XmppParty.ConnectAsync(server, ownerAccount));
            romeo = requestors[0] = Interested(await XmppParty.ConnectAsync(server, requestorAccounts[0]));
            await WaitUntilAnswered(romeo, "status", "off");
        });

        await Step("9 factory reset by the button: new key, old owner and friends gone, a new owner claims it", async () =>
        {
            thing!.Type("reset");
            var newKey = WaitForKey();
            Assert.NotEqual(key, newKey);
            thing.WaitForLine(Patience, "registered");
            Assert.Contains($"jid='{ThingJid}'", owner.WaitFor("<thing-reset"));
            romeo.WaitFor("type='unsubscribe", $"from='{ThingJid}'");

            await using var buyer = await XmppParty.ConnectAsync(server, newOwnerAccount);
            buyer.Send($"<iq type='set' to='{Service}' id='claim-3'><command xmlns='http://jabber.org/protocol/commands' node='claim' action='execute'/></iq>");
            var form = buyer.WaitFor("id='claim-3'");
            var session = SessionId().Match(form).Groups["id"].Value;
            Assert.False(string.IsNullOrEmpty(session), form);
            buyer.Send($"<iq type='set' to='{Service}' id='claim-4'><command xmlns='http://jabber.org/protocol/commands' node='claim' sessionid='{session}'>"
                + "<x xmlns='jabber:x:data' type='submit'>"
                + $"<field var='name'><value>{ThingName}</value></field><field var='key'><value>{newKey.ToLowerInvariant()}</value></field>"
                + "</x></command></iq>");
            Assert.Contains("status='completed'", buyer.WaitFor("id='claim-4'"));
            thing.WaitForLine(Patience, "owned by buyer@example.org");
            romeo.Forget();
            romeo.Send($"<message to='{ThingFullJid}' type='chat'><body>on</body></message>");
            Assert.False(romeo.Receives(Quiet, $"from='{ThingFullJid}'", "<body>"), "the old friend is gone");
        });

        foreach (var party in requestors.Append(owner).Append(stranger))
        {
            await party.DisposeAsync();
        }

        WriteSummary();
    }

    /// <summary>Starts the XMPP server the story runs on, with these accounts.</summary>
    /// <param name="accounts">The accounts of the thing and the people.</param>
    /// <returns>The running server.</returns>
    protected abstract Task<IXmppTestServer> StartServerAsync(XmppAccount[] accounts);

    /// <summary>Starts the service and the thing, and waits until the thing has registered.</summary>
    /// <param name="port">The port the thing connects to; the server's client port when <c>null</c>.</param>
    /// <returns>The thing's claim key.</returns>
    private string StartServiceAndThing(int? port = null)
    {
        service = StartService(server, folder);
        StartThing(port);
        var key = WaitForKey();
        thing!.WaitForLine(Patience, "registered");
        return key;
    }

    /// <summary>The owner claims the thing with <paramref name="key"/> and approves romeo, whom the thing then answers.</summary>
    private static async Task ClaimAndBefriend(XmppParty owner, XmppParty romeo, string key)
    {
        owner.Send($"<iq type='set' to='{Service}' id='claim-1'><claim xmlns='urn:xmpp:siot:1' name='{ThingName}' key='{key}'/></iq>");
        owner.WaitFor("id='claim-1'", "type='result'");
        romeo.Send($"<presence to='{ThingJid}' type='subscribe'/>");
        owner.WaitFor("<pending-friend-notification", "jid='romeo@example.org'");
        owner.Send(FriendStateUpdate("update-1", friend: "romeo@example.org"));
        romeo.WaitFor("type='subscribed'", $"from='{ThingJid}'");
        await WaitUntilAnswered(romeo, "status", "off");
    }

    private static string AdHoc(string id, string node) =>
        $"<iq type='set' to='{ThingFullJid}' id='{id}'><command xmlns='http://jabber.org/protocol/commands' node='{node}' action='execute'/></iq>";

    private void StartThing(int? port = null)
    {
        var config = Path.Combine(folder, "thing.conf");
        File.WriteAllText(config, string.Join("\n",
            $"xmpp.jid = {ThingJid}",
            $"xmpp.password = {thingAccount.Password}",
            "xmpp.server = 127.0.0.1",
            $"xmpp.port = {port ?? server.ClientPort}",
            $"xmpp.ca_certificate = {server.CaCertificatePath}",
            $"provisioning.jid = {Service}",
            $"name = {ThingName}",
            "name.de = Futuretec Glühbirne 10X",
            "name.ja = フューチャーテック電球 \U0001F4A1",
            "device.kind = bulb",
            string.Empty));
        thing = DotnetProgram.Start("Thing.Firmware", "siot-thing", ["--config", config, "--state", Path.Combine(folder, "thing-state"), .. RecordingArguments()]);
    }

    /// <summary>
    /// With SIOT_RECORD_FIXTURES naming a folder (tools/record-replay-fixtures), the thing records
    /// its side of the story there, as SERVER.rec (docs/replay.md); both boots go into one file.
    /// </summary>
    private string[] RecordingArguments()
    {
        var folder = Environment.GetEnvironmentVariable("SIOT_RECORD_FIXTURES");
        return string.IsNullOrEmpty(folder) ? [] : ["--record", Path.Combine(folder, GetType().Name.Replace("StoryTests", string.Empty) + ".rec")];
    }

    private string WaitForKey()
    {
        var line = thing!.WaitForLine(Patience, "[display]", "| key ");
        return line[(line.IndexOf("| key ", StringComparison.Ordinal) + 6)..].Trim();
    }

    private StoryTimings Timings => storyTimings ??= new(output, $"system story on {GetType().Name.Replace("StoryTests", string.Empty)}, per step:");

    private Task Step(string name, Func<Task> step) => Timings.Step(name, step);

    private void Record(string what, TimeSpan took) => Timings.Record(what, took);

    private void WriteSummary() => Timings.WriteSummary();

    [GeneratedRegex("sessionid='(?<id>[^']+)'")]
    private static partial Regex SessionId();
}
