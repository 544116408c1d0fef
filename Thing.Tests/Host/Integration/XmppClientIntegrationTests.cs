using System;
using System.Threading.Tasks;
using SiotThing.Protocol.Xmpp;
using SiotThing.TestServers;
using Xunit;
using Xunit.Abstractions;

namespace SiotThing.Tests.Host.Integration
{
    /// <summary>
    /// The client core against a real XMPP server on loopback: STARTTLS and direct TLS verified
    /// against the test CA, SCRAM-SHA-1 and SCRAM-SHA-256, ping, roster, a presence subscription
    /// between two accounts, a server restart, and XEP-0198 resumption after a dropped connection.
    /// One subclass per server (Prosody, ejabberd): every test must pass on both, because a thing
    /// meets whichever server its owner runs.
    /// </summary>
    public abstract class XmppClientIntegrationTests : IAsyncLifetime
    {
        private static readonly TimeSpan Patience = TimeSpan.FromSeconds(20);

        private readonly ITestOutputHelper output;
        private IXmppTestServer server;
        private XmppAccount alice;
        private XmppAccount bob;
        private XmppAccount carol;

        protected XmppClientIntegrationTests(ITestOutputHelper output)
        {
            this.output = output;
        }

        public async Task InitializeAsync()
        {
            alice = new XmppAccount("alice", "example.org", "alice-secret");
            bob = new XmppAccount("bob", "example.org", "bob-secret");
            carol = new XmppAccount("carol", "sha256.example.org", "carol-secret");
            server = await StartServerAsync(new[] { alice, bob, carol });
        }

        public async Task DisposeAsync() => await server.DisposeAsync();

        [Fact]
        public async Task LogsInOverStartTlsWithScramSha1AndCountsRoundTrips()
        {
            await using var client = Connect(alice, directTls: false);

            Assert.False(await client.Handler.Online.WaitAsync(Patience));
            Assert.StartsWith("alice@example.org/test", client.Client.BoundJid);
            Assert.Equal(ScramClient_Sha1, client.Client.ScramSecrets.Mechanism);
            output.WriteLine($"round trips from TCP connect to online (STARTTLS, {server.Name}): {client.Connection.RoundTripsToOnline}");
        }

        [Fact]
        public async Task LogsInOverDirectTlsWithScramSha256()
        {
            await using var client = Connect(carol, directTls: true);

            Assert.False(await client.Handler.Online.WaitAsync(Patience));
            Assert.StartsWith("carol@sha256.example.org/test", client.Client.BoundJid);
            Assert.Equal("SCRAM-SHA-256", client.Client.ScramSecrets.Mechanism);
            output.WriteLine($"round trips from TCP connect to online (direct TLS, {server.Name}): {client.Connection.RoundTripsToOnline}");
        }

        [Fact]
        public async Task WrongPasswordIsReportedAsRejectedCredentials()
        {
            await using var client = Connect(alice with { Password = "wrong" }, directTls: false);

            await WaitUntil(() => client.Client.AuthenticationRejected, "authentication rejected");
            Assert.Contains("not-authorized", client.Client.LastError ?? client.Handler.LastEndReason);
        }

        [Fact]
        public async Task PingAndRosterGetAreAnswered()
        {
            await using var client = Connect(alice, directTls: false);
            await client.Handler.Online.WaitAsync(Patience);

            await client.RunAsync((c, now) =>
            {
                var ping = c.BeginIq("get", null, 1, 10000, now);
                ping.StartElement("ping");
                ping.Attribute("xmlns", XmppNamespaces.Ping);
                c.EndStanza(now);
                var roster = c.BeginIq("get", null, 2, 10000, now);
                roster.StartElement("query");
                roster.Attribute("xmlns", XmppNamespaces.Roster);
                c.EndStanza(now);
            });

            Assert.Contains("type='result'", await client.Handler.AnswerTo(1).WaitAsync(Patience));
            Assert.Contains("jabber:iq:roster", await client.Handler.AnswerTo(2).WaitAsync(Patience));
        }

        [Fact]
        public async Task PresenceSubscriptionBetweenTwoAccounts()
        {
            await using var first = Connect(alice, directTls: false);
            await using var second = Connect(bob, directTls: false);
            await first.Handler.Online.WaitAsync(Patience);
            await second.Handler.Online.WaitAsync(Patience);
            // RFC 6121 §3.1.3/§3.1.6: subscription requests reach available resources, approvals
            // "interested" ones: those that asked for the roster. The thing does both at login.
            foreach (var party in new[] { first, second })
            {
                await party.RunAsync((c, now) =>
                {
                    party.Handler.Roster.Request(c, RecordingHandler.RosterTag, now);
                    Stanzas.SendPresence(c, null, null, null, now);
                });
                await party.Handler.AnswerTo(RecordingHandler.RosterTag).WaitAsync(Patience);
                party.Handler.WaitForStanza("<presence", Patience);
            }

            Assert.True(first.Client.RosterVersioningOffered);
            await first.RunAsync((c, now) => Stanzas.SendPresence(c, bob.Jid, "subscribe", null, now));
            second.Handler.WaitForStanza("type='subscribe'", Patience);
            await second.RunAsync((c, now) => Stanzas.SendPresence(c, alice.Jid, "subscribed", null, now));

            var answer = first.Handler.WaitForStanza("type='subscribed'", Patience);
            Assert.Contains("bob@example.org", answer);
            // The roster pushes reached both rosters: bob receives alice's presence now, not the other way.
            await WaitUntil(() => second.Handler.Roster.IsSubscribedToUs(alice.Jid), "alice in bob's roster with subscription from");
            await WaitUntil(() => first.Handler.Roster.SubscriptionOf(bob.Jid) == RosterSubscription.To, "bob in alice's roster with subscription to");
            Assert.NotNull(first.Handler.Roster.Version);
        }

        [Fact]
        public async Task ReconnectsAfterTheServerRestarts()
        {
            await using var client = Connect(alice, directTls: false, s => s.StreamManagementStanzas = 32);
            await client.Handler.Online.WaitAsync(Patience);
            var sessionsBefore = client.Handler.Sessions;

            await server.StopAsync();
            await WaitUntil(() => client.Client.State != XmppClientState.Online, "the client noticing the restart");
            await server.StartAsync();

            await WaitUntil(() => client.Handler.Sessions > sessionsBefore && client.Client.State == XmppClientState.Online, "a new session");
            Assert.True(client.Connection.Connections >= 2);
        }

        [Fact]
        public async Task ResumesTheStreamAfterADroppedConnectionWithoutLosingStanzas()
        {
            await using var receiver = Connect(alice, directTls: false);
            await using var sender = Connect(bob, directTls: false);
            Assert.False(await receiver.Handler.Online.WaitAsync(Patience));
            await sender.Handler.Online.WaitAsync(Patience);
            await WaitUntil(() => receiver.Client.CanResume, "stream management enabled with resumption");
            var fullJid = receiver.Client.BoundJid;

            receiver.Connection.AbortConnection();
            await WaitUntil(() => receiver.Client.State != XmppClientState.Online, "the client noticing the drop");
            await sender.RunAsync((c, now) =>
            {
                var message = c.BeginStanza("message");
                message.Attribute("to", fullJid);
                message.Attribute("type", "chat");
                message.StartElement("body");
                message.Text("sent while you were away");
                c.EndStanza(now);
            });

            Assert.True(await receiver.Handler.Online.WaitAsync(Patience), "the session was resumed, not started anew");
            Assert.Contains("sent while you were away", receiver.Handler.WaitForStanza("sent while you were away", Patience));
            Assert.Equal(fullJid, receiver.Client.BoundJid);
        }

        private const string ScramClient_Sha1 = "SCRAM-SHA-1";

        /// <summary>Starts the server under test with these accounts.</summary>
        protected abstract Task<IXmppTestServer> StartServerAsync(XmppAccount[] accounts);

        private ConnectedClient Connect(XmppAccount account, bool directTls, Action<XmppClientSettings> configure = null) =>
            new ConnectedClient(server, account, directTls, line => output.WriteLine(line), configure);

        private static Task WaitUntil(Func<bool> condition, string what) => Polling.WaitUntil(condition, what, Patience);
    }
}
