using nanoFramework.TestFramework;
using SiotThing.Protocol.Xmpp;

namespace SiotThing.Tests.Xmpp
{
    /// <summary>
    /// Time: whitespace keepalives when we have been quiet, a ping when the server has been quiet,
    /// a dead connection noticed when the ping goes unanswered, and a negotiation that takes too long.
    /// </summary>
    [TestClass]
    public class XmppClientLivenessTests
    {
        private const string PingPrefix = "<iq type='get' id='";
        private const string PingPayload = "'><ping xmlns='urn:xmpp:ping'/></iq>";

        [TestMethod]
        public void AKeepaliveGoesOutAfterTheIntervalWithoutSending()
        {
            var h = new ClientHarness(Settings());
            h.Online();
            h.Deliver(" ");

            h.Advance(9999);
            Assert.AreEqual(string.Empty, h.TakeOutput());
            h.Advance(1);
            Assert.AreEqual(" ", h.TakeOutput());

            h.Advance(5000);
            h.SendMessage("hello");
            h.TakeOutput();
            h.Advance(9999);
            Assert.AreEqual(string.Empty, h.TakeOutput(), "a stanza counts as sending");
            h.Advance(1);
            Assert.AreEqual(" ", h.TakeOutput());
        }

        [TestMethod]
        public void APingGoesOutAfterSilenceFromTheServer()
        {
            var h = new ClientHarness(Settings());
            h.Online();

            h.Advance(29999);
            Assert.DoesNotContains("ping", h.TakeOutput());
            h.Advance(1);

            var ping = h.TakeOutput();
            Assert.AreEqual(PingPrefix + ClientHarness.IdOf(ping) + PingPayload, ping);
        }

        [TestMethod]
        public void WhitespaceFromTheServerCountsAsLife()
        {
            var h = new ClientHarness(Settings());
            h.Online();

            h.Wait(20000);
            h.Deliver("\n");
            h.Advance(29999);

            Assert.DoesNotContains("ping", h.TakeOutput(), "the server spoke 29.999 s ago");
            h.Advance(1);
            Assert.Contains("urn:xmpp:ping", h.TakeOutput());
        }

        [TestMethod]
        public void AnUnansweredPingWithNothingReceivedClosesTheConnection()
        {
            var h = new ClientHarness(Settings());
            h.Online();
            h.Advance(30000);
            h.TakeOutput();

            h.Advance(4999);
            Assert.AreEqual((int)XmppClientState.Online, (int)h.Client.State);
            h.Advance(1);

            Assert.AreEqual((int)XmppClientState.Closing, (int)h.Client.State);
            Assert.AreEqual("the server did not answer a ping within 5 s", h.Client.LastError);
            Assert.AreEqual(string.Empty, h.TakeOutput(), "nobody is listening");
            Assert.AreEqual(0, h.Handler.Answers, "our own ping is not the handler's");
            h.Client.ConnectionLost(h.Now, "closed");
            Assert.AreEqual("the server did not answer a ping within 5 s", h.Handler.LastEndReason);
        }

        [TestMethod]
        public void AnAnsweredPingKeepsTheConnection()
        {
            var h = new ClientHarness(Settings());
            h.Online();
            h.Advance(30000);
            var id = ClientHarness.IdOf(h.TakeOutput());

            h.Wait(1000);
            h.Deliver("<iq type='result' id='" + id + "' from='example.org'/>");
            h.Advance(10000);

            Assert.AreEqual((int)XmppClientState.Online, (int)h.Client.State);
            Assert.AreEqual(0, h.Handler.Answers);

            // The next ping after the next silence, counted from the answer.
            h.Advance(19999);
            Assert.DoesNotContains("ping", h.TakeOutput());
            h.Advance(1);
            Assert.Contains("urn:xmpp:ping", h.TakeOutput());
        }

        [TestMethod]
        public void OtherBytesAfterThePingKeepTheConnection()
        {
            var h = new ClientHarness(Settings());
            h.Online();
            h.Advance(30000);
            h.TakeOutput();

            h.Wait(1000);
            h.Deliver("<message from='owner@example.org/phone'><body>busy server</body></message>");
            h.Advance(4000);

            Assert.AreEqual((int)XmppClientState.Online, (int)h.Client.State, "the server is alive, the answer is merely slow");
            Assert.IsNull(h.Client.LastError);
        }

        [TestMethod]
        public void OnlyOnePingIsOutstanding()
        {
            var h = new ClientHarness(Settings());
            h.Online();
            h.Advance(30000);
            Assert.Contains("urn:xmpp:ping", h.TakeOutput());

            h.Advance(1000);
            h.Advance(1000);

            Assert.DoesNotContains("ping", h.TakeOutput());
        }

        [TestMethod]
        [DataRow(0)]
        [DataRow(1)]
        [DataRow(2)]
        [DataRow(3)]
        [DataRow(4)]
        public void ANegotiationThatTakesTooLongIsGivenUp(int stage)
        {
            var h = new ClientHarness(Settings());
            h.Connect(false);
            if (stage >= 1)
            {
                h.Deliver(ClientHarness.ServerHeader + ClientHarness.StartTlsFeatures + ClientHarness.Proceed);
            }

            if (stage >= 2)
            {
                h.TlsEstablished();
            }

            if (stage >= 3)
            {
                h.Deliver(ClientHarness.ServerHeader + ClientHarness.Mechanisms("PLAIN"));
            }

            if (stage >= 4)
            {
                h.Deliver("<success xmlns='urn:ietf:params:xml:ns:xmpp-sasl'/>" + ClientHarness.ServerHeader + ClientHarness.BindFeatures);
                Assert.AreEqual((int)XmppClientState.Binding, (int)h.Client.State);
            }

            h.TakeOutput();

            // The first tick sees the server's last step; the 20 s are counted from there.
            h.Advance(0);
            h.Advance(19999);
            Assert.AreNotEqual((int)XmppClientState.Closing, (int)h.Client.State);
            h.Advance(1);

            Assert.AreEqual((int)XmppClientState.Closing, (int)h.Client.State);
            Assert.AreEqual("the server did not move the negotiation on within 20 s", h.Client.LastError);
            Assert.AreEqual(string.Empty, h.TakeOutput(), "no keepalives or pings before the session");
        }

        [TestMethod]
        public void AFirstLoginWhosePbkdf2TakesLongerThanTheTimeoutIsNotGivenUp()
        {
            // On the ESP32 a first SCRAM login hashes inside Receive for seconds (native HMAC) to
            // minutes (managed SCRAM-SHA-1): the timeout counts the server's silence, not that.
            var h = new ClientHarness(Settings());
            h.Connect(true);
            h.TakeOutput();
            h.Deliver(ClientHarness.ServerHeader + ClientHarness.Mechanisms("SCRAM-SHA-256"));
            var auth = h.TakeOutput();
            var scram = new ScramServer("SCRAM-SHA-256");
            h.Deliver("<challenge xmlns='urn:ietf:params:xml:ns:xmpp-sasl'>" + scram.ServerFirst(ClientHarness.Between(auth, "'>", "</auth>")) + "</challenge>");

            // The clock moved on while Receive ran PBKDF2: the next tick comes 5 minutes later.
            h.Wait(300000);
            h.Advance(0);
            Assert.AreEqual((int)XmppClientState.Authenticating, (int)h.Client.State);

            var response = ClientHarness.Between(h.TakeOutput(), "<response xmlns='urn:ietf:params:xml:ns:xmpp-sasl'>", "</response>");
            h.Advance(19000);
            h.Deliver("<success xmlns='urn:ietf:params:xml:ns:xmpp-sasl'>" + scram.ServerFinal(response) + "</success>");
            Assert.AreEqual(ClientHarness.TlsHeader, h.TakeOutput(), "the restarted header");
            h.BindStep(ClientHarness.BindFeatures, ClientHarness.FullJid);

            Assert.AreEqual((int)XmppClientState.Online, (int)h.Client.State);
        }

        [TestMethod]
        public void TheNegotiationTimeoutEndsWithTheSession()
        {
            var h = new ClientHarness(Settings());
            h.Connect(true);
            h.TakeOutput();
            h.Wait(15000);
            h.AuthenticateStep(ClientHarness.Mechanisms("SCRAM-SHA-1"));
            h.BindStep(ClientHarness.BindFeatures, ClientHarness.FullJid);
            h.Deliver(" ");

            h.Advance(10000);

            Assert.AreEqual((int)XmppClientState.Online, (int)h.Client.State);
        }

        [TestMethod]
        public void TickingADisconnectedClientDoesNothing()
        {
            var h = new ClientHarness(Settings());

            h.Advance(1000000);

            Assert.AreEqual((int)XmppClientState.Disconnected, (int)h.Client.State);
            Assert.AreEqual(0, h.Client.OutputLength);
        }

        [TestMethod]
        public void TickingAClosingClientDoesNothing()
        {
            var h = new ClientHarness(Settings());
            h.Online();
            h.Deliver(ClientHarness.StreamEnd);
            h.TakeOutput();

            h.Advance(1000000);

            Assert.AreEqual(string.Empty, h.TakeOutput());
            Assert.AreEqual("the server closed the stream", h.Client.LastError);
        }

        private static XmppClientSettings Settings()
        {
            var settings = ClientHarness.DefaultSettings();
            settings.KeepaliveInterval = 10000;
            settings.PingAfterSilence = 30000;
            settings.PingTimeout = 5000;
            settings.NegotiationTimeout = 20000;
            return settings;
        }
    }
}
