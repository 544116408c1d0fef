using nanoFramework.TestFramework;
using SiotThing.Protocol.Xmpp;

namespace SiotThing.Tests.Xmpp
{
    /// <summary>
    /// How sessions end: a clean close of ours, a lost connection, and what becomes of the
    /// requests still waiting for an answer.
    /// </summary>
    [TestClass]
    public class XmppClientSessionEndTests
    {
        [TestMethod]
        public void DisconnectClosesTheStream()
        {
            var h = new ClientHarness();
            h.Online();

            h.Client.Disconnect(h.Now);

            Assert.AreEqual(ClientHarness.StreamEnd, h.TakeOutput());
            Assert.AreEqual((int)XmppClientState.Closing, (int)h.Client.State);
            Assert.AreEqual("closed by us", h.Client.LastError);
            h.Deliver("<message from='owner@example.org/phone'><body>late</body></message>" + ClientHarness.StreamEnd);
            Assert.AreEqual(string.Empty, h.TakeOutput());
            Assert.AreEqual(0, h.Handler.Stanzas);

            h.Client.ConnectionLost(h.Now, "closed");

            Assert.AreEqual((int)XmppClientState.Disconnected, (int)h.Client.State);
            Assert.AreEqual("started resumed=false jid=thing@example.org/bulb\nended closed by us\n", h.Handler.Log);
        }

        [TestMethod]
        public void DisconnectAsksForAcknowledgementsAndGivesUpResumption()
        {
            var h = new ClientHarness();
            h.OnlineWithStreamManagement();
            h.SendMessage("bye");
            h.TakeOutput();

            h.Client.Disconnect(h.Now);

            Assert.AreEqual("<r xmlns='urn:xmpp:sm:3'/></stream:stream>", h.TakeOutput());
            Assert.IsFalse(h.Client.CanResume);
            h.Client.ConnectionLost(h.Now, "closed");

            h.StartTlsStep();
            h.AuthenticateStep(ClientHarness.Mechanisms("SCRAM-SHA-1"));
            h.Deliver(ClientHarness.ServerHeader + ClientHarness.BindAndSmFeatures);
            Assert.StartsWith("<iq type='set' id='", h.TakeOutput(), "a new session: bind, not resume");
        }

        [TestMethod]
        public void DisconnectAbandonsPendingRequests()
        {
            var h = new ClientHarness();
            h.OnlineWithStreamManagement();
            Query(h, 1);
            Query(h, 2);

            h.Client.Disconnect(h.Now);
            Assert.AreEqual(0, h.Handler.Answers, "until the connection is gone");
            h.Client.ConnectionLost(h.Now, "closed");

            Assert.AreEqual(2, h.Handler.Answers);
            Assert.IsNull(h.Handler.LastAnswer);
            Assert.EndsWith("answer 1 (none)\nanswer 2 (none)\nended closed by us\n", h.Handler.Log);
        }

        [TestMethod]
        public void DisconnectTwiceOrWhenNotConnectedDoesNothing()
        {
            var h = new ClientHarness();
            h.Client.Disconnect(h.Now);
            Assert.AreEqual((int)XmppClientState.Disconnected, (int)h.Client.State);
            Assert.AreEqual(0, h.Client.OutputLength);

            h.Online();
            h.Client.Disconnect(h.Now);
            h.TakeOutput();
            h.Client.Disconnect(h.Now);

            Assert.AreEqual(string.Empty, h.TakeOutput());
        }

        [TestMethod]
        public void ALostConnectionEndsTheSessionWithTheTransportsReason()
        {
            var h = new ClientHarness();
            h.Online();
            Query(h, 4);
            h.SendMessage("queued");

            h.Client.ConnectionLost(h.Now, "connection reset by peer");

            Assert.AreEqual((int)XmppClientState.Disconnected, (int)h.Client.State);
            Assert.AreEqual(0, h.Client.OutputLength, "nothing is sent on the next connection that was meant for this one");
            Assert.AreEqual("connection reset by peer", h.Client.LastError);
            Assert.AreEqual(
                "started resumed=false jid=thing@example.org/bulb\nanswer 4 (none)\nended connection reset by peer\n",
                h.Handler.Log,
                "the request cannot be answered on another session");
        }

        [TestMethod]
        public void AResumableSessionKeepsItsRequestsWhenTheConnectionIsLost()
        {
            var h = new ClientHarness();
            h.OnlineWithStreamManagement();
            Query(h, 4);

            h.Client.ConnectionLost(h.Now, "connection reset by peer");

            Assert.AreEqual(0, h.Handler.Answers);
            Assert.AreEqual("connection reset by peer", h.Handler.LastEndReason);
        }

        [TestMethod]
        public void ConnectionLostTwiceEndsTheSessionOnce()
        {
            var h = new ClientHarness();
            h.Online();

            h.Client.ConnectionLost(h.Now, "first");
            h.Client.ConnectionLost(h.Now, "second");

            Assert.AreEqual(1, h.Handler.Ends);
            Assert.AreEqual("first", h.Handler.LastEndReason);
        }

        [TestMethod]
        public void ALostConnectionDuringNegotiationIsReported()
        {
            var h = new ClientHarness();
            h.Connect(false);

            h.Client.ConnectionLost(h.Now, "connection refused");

            Assert.AreEqual((int)XmppClientState.Disconnected, (int)h.Client.State);
            Assert.AreEqual(0, h.Client.OutputLength);
            Assert.AreEqual("ended connection refused\n", h.Handler.Log);
        }

        [TestMethod]
        public void ANewConnectionForgetsTheLastOnesFailure()
        {
            var h = new ClientHarness();
            h.StartTlsStep();
            h.Deliver(ClientHarness.ServerHeader + ClientHarness.Mechanisms("PLAIN"));
            h.Deliver("<failure xmlns='urn:ietf:params:xml:ns:xmpp-sasl'><not-authorized/></failure>");
            h.Client.ConnectionLost(h.Now, "closed");
            Assert.IsTrue(h.Client.AuthenticationRejected);

            h.Connect(false);

            Assert.IsFalse(h.Client.AuthenticationRejected);
            Assert.IsNull(h.Client.LastError);
            Assert.AreEqual(ClientHarness.PlainHeader, h.TakeOutput());
        }

        [TestMethod]
        public void ANewConnectionStartsOverFromAnyState()
        {
            var h = new ClientHarness();
            h.StartTlsStep();
            h.Deliver(ClientHarness.ServerHeader + "<stream:features><mechanisms xmlns='urn:ietf:params:xml:ns:xmpp-sasl'><mechanism>SCRAM-SHA-1</mechanism></mechanisms>");
            h.Client.ConnectionLost(h.Now, "dropped in the middle of a stanza");

            h.Online();

            Assert.AreEqual(1, h.Handler.Sessions);
        }

        private static void Query(ClientHarness h, int tag)
        {
            var w = h.Client.BeginIq("get", "owner@example.org/phone", tag, 30000, h.Now);
            w.StartElement("query");
            w.Attribute("xmlns", "jabber:iq:version");
            h.Client.EndStanza(h.Now);
            h.TakeOutput();
        }
    }
}
