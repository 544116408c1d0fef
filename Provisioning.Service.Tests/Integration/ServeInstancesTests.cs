namespace SiotThing.Provisioning.Tests.Integration;

/// <summary>
/// <c>serve</c> on one SQLite file: one instance at a time (a second is refused with a clear
/// message, and may start once the first stopped), and an ad-hoc command whose next step reaches
/// another instance (here the next one on the same file) goes on, because nothing of the session
/// is kept in a process.
/// </summary>
public sealed class ServeInstancesTests(ITestOutputHelper output) : ServeFixture(output)
{
    [Fact]
    public async Task ASecondServeOnOneSqliteFileIsRefusedUntilTheFirstStopped()
    {
        var first = StartService();
        var alice = await ConnectAsync(Alice);
        await WaitForServiceAsync(alice);

        await using (var second = RunningService.Start(Server, DatabasePath, Output))
        {
            Assert.Equal(3, await second.Exit.WaitAsync(TimeSpan.FromSeconds(30)));
            var message = second.Error.ToString().Trim();
            Assert.DoesNotContain('\n', message);
            Assert.StartsWith($"serve: another serve runs on {DatabasePath} ", message);
            Assert.Contains("--postgres", message);
        }

        Assert.Equal(0, await first.StopAsync());
        StartService();
        await WaitForServiceAsync(alice);
    }

    [Fact]
    public async Task ACommandStartedOnOneInstanceCompletesOnTheNext()
    {
        var first = StartService();
        var lamp = await ConnectAsync(Lamp);
        var alice = await ConnectAsync(Alice);
        await WaitForServiceAsync(lamp);
        Assert.Equal("result", Siot.Outcome(await lamp.IqAsync("set", Service, Siot.Register(LampKey, (null, LampName)))));
        var form = await alice.IqAsync("set", Service, Siot.Command("claim", action: "execute"));
        Assert.Equal("executing", Siot.Status(form));

        Assert.Equal(0, await first.StopAsync());
        StartService();
        await WaitForServiceAsync(alice);

        var claimed = await alice.IqAsync("set", Service, Siot.Command("claim", Siot.SessionId(form), "complete", ("name", [LampName]), ("key", [LampKey])));
        Assert.Equal(("result", "completed"), (Siot.Outcome(claimed), Siot.Status(claimed)));
        lamp.WaitFor(m => m.Element(Siot.Ns + "owner") is { } o && (string?)o.Attribute("jid") == Alice.Jid, "owner message");
        // Another requester cannot use the session, nor can a forged one pass.
        var bob = await ConnectAsync(Bob);
        Assert.Equal("error:bad-request", Siot.Outcome(await bob.IqAsync("set", Service, Siot.Command("claim", Siot.SessionId(form), "complete", ("name", [LampName]), ("key", [LampKey])))));
        var forged = Siot.SessionId(form)[..^2] + (Siot.SessionId(form).EndsWith("AA") ? "BB" : "AA");
        Assert.Equal("error:bad-request", Siot.Outcome(await alice.IqAsync("set", Service, Siot.Command("claim", forged, "complete", ("name", [LampName]), ("key", [LampKey])))));
    }
}
