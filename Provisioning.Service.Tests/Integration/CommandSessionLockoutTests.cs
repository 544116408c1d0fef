using SiotThing.TestServers;

namespace SiotThing.Provisioning.Tests.Integration;

/// <summary>
/// Issue 23, item 1: on a server with open registration accounts cost nothing, and strangers who
/// start many ad-hoc commands and never finish them must not lock owners out of claiming and
/// deciding. Before, sessions were kept in memory, 20 per account and 1000 in all: 50 accounts of
/// 20 filled them and an owner's "Claim a thing" got <c>resource-constraint</c> for 10 minutes.
/// </summary>
public sealed class CommandSessionLockoutTests(ITestOutputHelper output) : ServeFixture(output)
{
    private const int StrangerCount = 50;
    private const int CommandsPerStranger = 20;

    private static readonly XmppAccount[] Strangers = Enumerable.Range(0, StrangerCount).Select(i => new XmppAccount("stranger" + i, "example.org", "stranger-secret-" + i)).ToArray();

    internal override IReadOnlyList<XmppAccount> Accounts => [.. base.Accounts, .. Strangers];

    public override async Task InitializeAsync()
    {
        await base.InitializeAsync();
        StartService();
    }

    [Fact]
    public async Task StrangersStartingCommandsTheyNeverFinishDoNotLockOutOwners()
    {
        var (lamp, alice) = await ClaimedLampAsync();
        var sensor = await ConnectAsync(Sensor);
        Assert.Equal("result", Siot.Outcome(await sensor.IqAsync("set", Service, Siot.Register(SensorKey, (null, "Futuretec Sensor")))));
        Assert.Equal("pending", (string?)Siot.Payload(await lamp.IqAsync("get", Service, Siot.IsFriend(Bob.Jid)), Siot.Ns + "is-friend-result").Attribute("friend"));

        // Every stranger starts as many claims as it may, and leaves each waiting for its form.
        var strangers = await Task.WhenAll(Strangers.Select(s => ConnectAsync(s, quiet: true)));
        var started = await Task.WhenAll(strangers.Select(async stranger =>
        {
            var outcomes = new List<string>();
            for (var i = 0; i < CommandsPerStranger; i++)
            {
                outcomes.Add(Siot.Outcome(await stranger.IqAsync("set", Service, Siot.Command("claim", action: "execute"))));
            }

            return outcomes;
        }));
        Assert.All(started.SelectMany(o => o), o => Assert.Equal("result", o));

        // The owner still claims a thing and decides a request, through the same commands.
        var claim = await alice.IqAsync("set", Service, Siot.Command("claim", action: "execute"));
        Assert.Equal(("result", "executing"), (Siot.Outcome(claim), Siot.Status(claim)));
        var claimed = await alice.IqAsync("set", Service, Siot.Command("claim", Siot.SessionId(claim), "complete", ("name", ["Futuretec Sensor"]), ("key", [SensorKey])));
        Assert.Equal(("result", "completed"), (Siot.Outcome(claimed), Siot.Status(claimed)));
        var pending = await alice.IqAsync("set", Service, Siot.Command("pending", action: "execute"));
        Assert.Equal(("result", "executing"), (Siot.Outcome(pending), Siot.Status(pending)));
        var decided = await alice.IqAsync("set", Service, Siot.Command("pending", Siot.SessionId(pending), "complete", ("approve", [Lamp.Jid + " " + Bob.Jid])));
        Assert.Equal(("result", "completed"), (Siot.Outcome(decided), Siot.Status(decided)));
        lamp.WaitFor(m => m.Element(Siot.Ns + "friendship-states") != null, "friendship-states after the approval");
    }
}
