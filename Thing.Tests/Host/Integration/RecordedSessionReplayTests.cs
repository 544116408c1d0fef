using System;
using System.IO;
using System.Linq;
using System.Text;
using System.Threading.Tasks;
using SiotThing.Firmware.Host;
using SiotThing.Firmware.Host.Recording;
using SiotThing.Protocol.Configuration;
using SiotThing.Protocol.Ports;
using SiotThing.Protocol.Xmpp;
using SiotThing.Tests.Replay;
using SiotThing.TestServers;
using Xunit;
using Xunit.Abstractions;

namespace SiotThing.Tests.Host.Integration
{
    /// <summary>
    /// The recorder and the replay checked against each other on every run: the .NET thing
    /// records two boots against a real server (first login with PBKDF2, a local switch, a login
    /// with the stored secrets, a factory reset), and the recording replays byte for byte through
    /// the device tests' replay (docs/replay.md). A port the recorder missed, or a step it left
    /// out, fails here. One subclass per server.
    /// </summary>
    public abstract class RecordedSessionReplayTests : IAsyncLifetime
    {
        private static readonly TimeSpan Patience = TimeSpan.FromSeconds(30);
        private readonly ITestOutputHelper output;
        private readonly XmppAccount thing = new XmppAccount("thing", "example.org", "thing-secret");
        private readonly string folder = Directory.CreateTempSubdirectory("siot-recording-").FullName;
        private IXmppTestServer server;

        protected RecordedSessionReplayTests(ITestOutputHelper output)
        {
            this.output = output;
        }

        public async Task InitializeAsync()
        {
            server = await StartServerAsync(new[] { thing });
        }

        public async Task DisposeAsync()
        {
            await server.DisposeAsync();
            Directory.Delete(folder, recursive: true);
        }

        [Fact]
        public async Task WhatTheThingRecordedReplaysByteForByte()
        {
            var recording = Path.Combine(folder, "thing.rec");
            var configuration = Encoding.UTF8.GetBytes(string.Join("\n",
                "xmpp.jid = " + thing.Jid,
                "xmpp.password = " + thing.Password,
                "xmpp.server = 127.0.0.1",
                "xmpp.port = " + server.ClientPort,
                "xmpp.ca_certificate = " + server.CaCertificatePath,
                "provisioning.jid = provisioning.example.org",
                "name = Recorded Bulb \U0001F4A1",
                "device.kind = bulb",
                string.Empty));
            var settings = ThingSettings.Parse(configuration, onDevice: false);
            Assert.Null(settings.Error);

            var first = await RunUntilOnline(settings, recording, configuration);
            first.Operate("on");
            await first.StopAsync();

            var second = await RunUntilOnline(settings, recording, configuration);
            var key = second.Display.ShownKey;
            second.FactoryReset();
            await Polling.WaitUntil(() => second.Display.ShownKey != key, "a new claim key after the factory reset", Patience);
            await second.StopAsync();

            var name = "live " + server.Name;
            var figures = new SessionReplay(new RecordingFixture(recording, name)).Run();
            output.WriteLine(figures.Describe(name));
            Assert.Equal(2, figures.Boots);
            Assert.Equal(2, figures.Sessions);
        }

        protected abstract Task<IXmppTestServer> StartServerAsync(XmppAccount[] accounts);

        private async Task<ThingHost> RunUntilOnline(ThingSettings settings, string recording, byte[] configuration)
        {
            var host = new ThingHost(settings, Path.Combine(folder, "state"), new OutputLog(output), SessionRecorder.Append(recording, configuration));
            host.Start();
            await Polling.WaitUntil(() => host.Client.State == XmppClientState.Online, "the thing online", Patience);
            return host;
        }
    }
}
