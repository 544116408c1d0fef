using System;
using System.Threading;
using System.Threading.Tasks;
using SiotThing.Firmware.Host;
using SiotThing.Protocol.Xml;
using SiotThing.Protocol.Xmpp;
using SiotThing.TestServers;

namespace SiotThing.Tests.Host.Integration
{
    /// <summary>Our XMPP client, running over the .NET transport against a test server.</summary>
    internal sealed class ConnectedClient : IAsyncDisposable
    {
        private readonly CancellationTokenSource stop = new CancellationTokenSource();
        private readonly Task running;

        public ConnectedClient(IXmppTestServer server, XmppAccount account, bool directTls, Action<string> log, Action<XmppClientSettings> configure = null)
        {
            var settings = new XmppClientSettings(account.Jid, account.Password) { Resource = "test" };
            configure?.Invoke(settings);
            var entropy = new SystemEntropy();
            Client = new XmppClient(settings, Handler, entropy, new XmlLimits { KeepRawStanza = true });
            Connection = new HostXmppConnection(
                new XmppEndpoint("127.0.0.1", directTls ? server.DirectTlsPort : server.ClientPort, directTls, server.Authority.Certificate, account.Host),
                Client,
                new ReconnectPolicy(100, 1000, entropy),
                line => log(account.User + ": " + line));
            running = Connection.RunAsync(stop.Token);
        }

        public RecordingHandler Handler { get; } = new RecordingHandler();

        public XmppClient Client { get; }

        public HostXmppConnection Connection { get; }

        /// <summary>Runs <paramref name="action"/> on the connection's loop and waits for it.</summary>
        public Task RunAsync(Action<XmppClient, long> action)
        {
            var done = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            Connection.Post((client, now) =>
            {
                try
                {
                    action(client, now);
                    done.SetResult();
                }
                catch (Exception e)
                {
                    done.SetException(e);
                }
            });
            return done.Task;
        }

        public async ValueTask DisposeAsync()
        {
            stop.Cancel();
            await running;
            stop.Dispose();
        }
    }
}
