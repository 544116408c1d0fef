using System.Diagnostics;
using SiotThing.Provisioning.CommandLine;
using SiotThing.TestServers;

namespace SiotThing.Provisioning.Tests.Integration;

/// <summary>
/// <c>serve</c> as an operator meets it: a wrong secret, a restarted XMPP server, and the service
/// process killed and started again on the same SQLite file.
/// </summary>
public sealed class ServeLifecycleTests(ITestOutputHelper output) : ServeFixture(output)
{
    [Fact]
    public async Task WrongSecretStopsWithAClearMessage()
    {
        var service = StartService(secret: "not-the-secret");

        Assert.Equal(ExitCodes.Refused, await service.Exit.WaitAsync(TimeSpan.FromSeconds(30)));
        var error = service.Error.ToString();
        Assert.Contains("refused the component " + Service, error);
        Assert.Contains("not-authorized", error);
        Assert.Contains("secret", error);
    }

    [Fact]
    public async Task StopsCleanlyAndReportsAnUnreachableServer()
    {
        await Server.StopAsync();
        var service = StartService();

        await WaitUntilAsync(() => service.Logs.Text.Contains("cannot reach the component port", StringComparison.Ordinal), "the unreachable server logged");
        Assert.Equal(ExitCodes.Success, await service.StopAsync());
    }

    [Fact]
    public async Task ReconnectsAfterTheServerRestartsWithItsDataIntact()
    {
        var service = StartService();
        var (lamp, alice) = await ClaimedLampAsync();

        await Server.StopAsync();
        await Server.StartAsync();
        await WaitUntilAsync(() => service.Logs.Text.Split("Online as the component").Length > 2, "the component online again");

        await lamp.Online.WaitAsync(TimeSpan.FromSeconds(30));
        await alice.Online.WaitAsync(TimeSpan.FromSeconds(30));
        await WaitForServiceAsync(lamp);
        Assert.Equal("error:conflict", Siot.Outcome(await alice.IqAsync("set", Service, Siot.Claim(LampName, LampKey))));
        Assert.Equal("yes", (string?)Siot.Payload(await lamp.IqAsync("get", Service, Siot.IsFriend(Alice.Jid)), Siot.Ns + "is-friend-result").Attribute("friend"));
    }

    [Fact]
    public async Task KilledServiceStartsAgainWithItsState()
    {
        var first = StartProcess();
        try
        {
            var (lamp, alice) = await ClaimedLampAsync();
            Assert.Equal("result", Siot.Outcome(await alice.IqAsync("set", Service, Siot.Update(Lamp.Jid, (Bob.Jid, true)))));

            // SIGKILL: no clean close of the stream or the database.
            first.Kill();
            await first.WaitForExitAsync();

            using var second = StartProcess();
            try
            {
                await WaitForServiceAsync(lamp);
                Assert.Equal("yes", (string?)Siot.Payload(await lamp.IqAsync("get", Service, Siot.IsFriend(Bob.Jid)), Siot.Ns + "is-friend-result").Attribute("friend"));
                var bob = await ConnectAsync(Bob);
                Assert.Equal("error:conflict", Siot.Outcome(await bob.IqAsync("set", Service, Siot.Claim(LampName, LampKey))));
            }
            finally
            {
                second.Kill();
                await second.WaitForExitAsync();
            }
        }
        finally
        {
            first.Dispose();
        }
    }

    /// <summary>Starts the built binary's <c>serve</c> as its own process (the test project references it, so it is beside the tests).</summary>
    private Process StartProcess()
    {
        var binary = Path.Combine(AppContext.BaseDirectory, "Provisioning.Service.dll");
        var start = new ProcessStartInfo("dotnet", [binary, .. RunningService.Arguments(Server, DatabasePath)])
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        var process = Process.Start(start) ?? throw new InvalidOperationException("could not start the service");
        process.OutputDataReceived += (_, e) => Log(e.Data);
        process.ErrorDataReceived += (_, e) => Log(e.Data);
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        return process;
    }

    private void Log(string? line)
    {
        if (line == null)
        {
            return;
        }

        try
        {
            Output.WriteLine("service process: " + line);
        }
        catch (InvalidOperationException)
        {
            // The test has ended.
        }
    }

    private static async Task WaitUntilAsync(Func<bool> condition, string what)
    {
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(40);
        while (!condition())
        {
            if (DateTime.UtcNow > deadline)
            {
                throw new TimeoutException("waited in vain for " + what);
            }

            await Task.Delay(50);
        }
    }
}
