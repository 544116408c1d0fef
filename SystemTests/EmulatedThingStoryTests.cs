using System.Diagnostics;
using System.Text;
using SiotThing.Esp32Run;
using SiotThing.NanoRun;
using SiotThing.TestServers;
using Xunit.Abstractions;
using static SiotThing.SystemTests.StoryParts;

namespace SiotThing.SystemTests;

/// <summary>
/// The story on the firmware itself: the application compiled against the real class libraries
/// and deployed with them on an emulated ESP32 (Espressif's QEMU, nanoFramework's ESP32_REV3
/// firmware with QEMU's openeth Ethernet; README, "The firmware on an emulated ESP32"), Prosody
/// on the host, the provisioning service as a process, the owner and a friend as xmpp.js clients.
/// The chip's serial console is the thing's log. Skipped, saying what is missing, where the
/// emulator and the firmware are not built.
/// </summary>
public sealed class EmulatedThingStoryTests(ITestOutputHelper output) : IAsyncLifetime
{
    // The emulation is slower than a chip, and slower still while CI runs the other tests beside it.
    private static readonly TimeSpan Slow = TimeSpan.FromMinutes(6);

    private readonly XmppAccount thingAccount = new("thing", Domain, "thing-secret");
    private readonly XmppAccount ownerAccount = new("owner", Domain, "owner-secret");
    private readonly XmppAccount friendAccount = new("romeo", Domain, "romeo-secret");
    private readonly StoryTimings timings = new(output, "system story on an emulated ESP32 (QEMU), per step:");
    private readonly string folder = Directory.CreateTempSubdirectory("siot-esp32-story-").FullName;

    /// <inheritdoc />
    public Task InitializeAsync() => Task.CompletedTask;

    /// <inheritdoc />
    public Task DisposeAsync()
    {
        Directory.Delete(folder, recursive: true);
        return Task.CompletedTask;
    }

    [SkippableFact]
    public async Task TheFirmwareOnAnEmulatedEsp32PlaysTheStory()
    {
        var (tools, nano) = ToolsOrSkip();
        using var clock = SntpServer.TryStart(out var noClock);
        Skip.If(clock is null, noClock);

        await using var server = await ProsodyServer.StartAsync([thingAccount, ownerAccount, friendAccount]);
        await using var proxy = new StallingProxy(server.DirectTlsPort);
        await using var service = StartService(server, folder);
        var flash = Flash(tools, nano, proxy.Port, File.ReadAllBytes(server.CaCertificatePath));
        var booted = Stopwatch.StartNew();
        using var chip = Emulator.Boot(tools.Qemu, flash, Path.Combine(folder, "chip"), line => output.WriteLine("esp32| " + line));
        string key = string.Empty;
        var bootsAfterStep1 = 0;
        XmppParty owner = null!;
        XmppParty friend = null!;
        try
        {
            await timings.Step("1 boots, trusts only its CA, finds no display (the key goes to the serial log), registers over TLS", async () =>
            {
                await Line(chip, "CA: the device's stored CA bundle is replaced by I:\\ca.pem");
                await Line(chip, "display: no panel answers at I2C address 0x3C");
                var online = await Line(chip, "online over Ethernet; managed heap free ");
                timings.Record("boot to online (emulator, wall clock)", booted.Elapsed);
                timings.Record("managed heap free with TLS up: " + online[(online.IndexOf("free ", StringComparison.Ordinal) + 5)..], TimeSpan.Zero);
                var started = await Line(chip, "session started");
                timings.Record("boot to session started, the chip's own clock: " + DeviceSeconds(started) + " s", TimeSpan.Zero);
                await Line(chip, "registered");

                // The screen, said on the console while the panel is missing: "... | key XXXX-...".
                var screen = await Line(chip, "| key ");
                key = screen[(screen.IndexOf("| key ", StringComparison.Ordinal) + 6)..].Trim();
                owner = Interested(await XmppParty.ConnectAsync(server, ownerAccount));
                friend = Interested(await XmppParty.ConnectAsync(server, friendAccount));
                bootsAfterStep1 = Boots(chip);
            });

            await timings.Step("2 the owner claims it with the key from the serial log", async () =>
            {
                owner.Send($"<iq type='set' to='{Service}' id='claim-1'><claim xmlns='urn:xmpp:siot:1' name='{ThingName}' key='{key}'/></iq>");
                owner.WaitFor(Slow, "id='claim-1'", "type='result'", "<claimed", $"jid='{ThingJid}'");
                await Line(chip, "owned by owner@example.org");
            });

            await timings.Step("3 a friend is approved by the owner and answered", async () =>
            {
                friend.Send($"<presence to='{ThingJid}' type='subscribe'/>");
                owner.WaitFor(Slow, "<pending-friend-notification", "jid='romeo@example.org'");
                owner.Send(FriendStateUpdate("update-1", friend: "romeo@example.org"));
                owner.WaitFor("id='update-1'", "type='result'");
                friend.WaitFor(Slow, "type='subscribed'", $"from='{ThingJid}'");
                await WaitUntilAnswered(friend, "status", "off", Slow);
            });

            await timings.Step("4 the server restarts; the thing is back without a reboot", async () =>
            {
                await server.StopAsync();
                await server.StartAsync();
                friend = Interested(await XmppParty.ConnectAsync(server, friendAccount));
                await WaitUntilAnswered(friend, "status", "off", Slow);
            });

            await timings.Step("5 a server that takes the connection and never answers TLS: the thing gets out and back", async () =>
            {
                var before = chip.Lines.Count;
                proxy.Stall(TimeSpan.FromSeconds(30));
                proxy.DropAll();
                await Line(chip, "connection ended", before);
                var stalled = Stopwatch.StartNew();
                while (proxy.Stalled == 0 && stalled.Elapsed < Slow)
                {
                    await Task.Delay(500);
                }

                Assert.True(proxy.Stalled > 0, "the thing did not connect into the stall");
                await Line(chip, "TLS with 10.0.2.2", before);
                proxy.Forward();
                await WaitUntilAnswered(friend, "status", "off", Slow);
            });

            Assert.Equal(bootsAfterStep1, Boots(chip));
            foreach (var online in chip.Lines.Where(line => line.Contains("managed heap free ", StringComparison.Ordinal)))
            {
                timings.Record("a session online at " + DeviceSeconds(online) + " s (chip's clock), managed heap free " + online[(online.IndexOf("free ", StringComparison.Ordinal) + 5)..], TimeSpan.Zero);
            }
            Assert.True(clock!.Answered > 0, "the thing asked the SNTP server");
        }
        finally
        {
            if (owner != null)
            {
                await owner.DisposeAsync();
            }

            if (friend != null)
            {
                await friend.DisposeAsync();
            }

            timings.WriteSummary();
        }
    }

    // The emulator, the firmware, the libraries and the metadata processor, or the test skips saying which is missing.
    private static (Esp32Tools Tools, NanoTools Nano) ToolsOrSkip()
    {
        var tools = Esp32Tools.Locate();
        var missing = tools.Missing().ToList();
        Skip.If(missing.Count > 0, "no emulated ESP32: missing " + string.Join("; ", missing));
        var nano = NanoTools.Locate(null, null, null);
        Skip.IfNot(File.Exists(nano.MetadataProcessor) && File.Exists(Path.Combine(tools.LibraryAssemblies, "mscorlib.dll")),
            $"no metadata processor at {nano.MetadataProcessor} or no class libraries in {tools.LibraryAssemblies}");
        return (tools, nano);
    }

    // The seconds since the chip's boot that the thing's log puts first: "[14.650] ...".
    private static string DeviceSeconds(string line) => line[(line.IndexOf('[', StringComparison.Ordinal) + 1)..line.IndexOf(']', StringComparison.Ordinal)];

    private static int Boots(Emulator chip) => chip.Lines.Count(line => line.Contains("SiotThing starting", StringComparison.Ordinal));

    private static async Task<string> Line(Emulator chip, string text, int from = 0)
    {
        var at = await chip.WaitForLine(line => line.Contains(text, StringComparison.Ordinal), Slow, from);
        Assert.True(at >= 0, $"no serial line with \"{text}\" within {Slow.TotalMinutes} min; the console's last lines:\n{string.Join("\n", chip.Lines.TakeLast(40))}");
        return chip.Lines[at];
    }

    [SkippableFact]
    public async Task TheFirmwareRefusesAServerWhoseCertificateItsCaDidNotSign()
    {
        var (tools, nano) = ToolsOrSkip();
        using var clock = SntpServer.TryStart(out var noClock);
        Skip.If(clock is null, noClock);

        await using var server = await ProsodyServer.StartAsync([thingAccount]);
        await using var proxy = new StallingProxy(server.DirectTlsPort);
        var stranger = TestCertificateAuthority.Create(Domain);
        var flash = Flash(tools, nano, proxy.Port, Encoding.ASCII.GetBytes(stranger.CertificatePem));
        using var chip = Emulator.Boot(tools.Qemu, flash, Path.Combine(folder, "chip"), line => output.WriteLine("esp32| " + line));

        var refused = await Line(chip, "TLS with 10.0.2.2:");
        Assert.Contains("failed", refused);
        await Line(chip, "TLS with 10.0.2.2:", chip.Lines.ToList().IndexOf(refused) + 1);

        Assert.DoesNotContain(chip.Lines, line => line.Contains("session started", StringComparison.Ordinal));
        Assert.DoesNotContain(chip.Lines, line => line.Contains("Guru Meditation", StringComparison.Ordinal));
        Assert.Equal(1, Boots(chip));
    }

    private byte[] Flash(Esp32Tools tools, NanoTools nano, int port, byte[] ca)
    {
        var application = ApplicationBuild.Build(RepositoryPaths.Root, tools.LibraryAssemblies, nano.MetadataProcessor, Path.Combine(folder, "app"));
        var config = string.Join("\n",
            "network.link = ethernet",
            $"xmpp.jid = {ThingJid}",
            $"xmpp.password = {thingAccount.Password}",
            // QEMU's user network: 10.0.2.2 is the host's 127.0.0.1; direct TLS, so that a
            // stalled server stalls the TLS handshake itself.
            "xmpp.server = 10.0.2.2",
            $"xmpp.port = {port}",
            "xmpp.direct_tls = true",
            "xmpp.ca_certificate = I:\\ca.pem",
            $"provisioning.jid = {Service}",
            $"name = {ThingName}",
            "device.kind = bulb",
            "device.pin = 4",
            // QEMU's I2C bus has no SSD1306: the thing finds no panel there.
            "display.address = 0x3C",
            "display.sda_pin = 13",
            "display.scl_pin = 14",
            string.Empty);
        var files = new List<(string, byte[])> { ("thing.conf", Encoding.UTF8.GetBytes(config)), ("ca.pem", ca) };
        var assemblies = Deployment.Assemblies(tools.Libraries, application);
        timings.Record($"deployment: {assemblies.Count} assemblies, {FlashImage.DeploymentSize(assemblies):N0} bytes", TimeSpan.Zero);
        return Deployment.Flash(tools, assemblies, files, folder);
    }
}
