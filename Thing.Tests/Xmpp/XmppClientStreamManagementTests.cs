using nanoFramework.TestFramework;
using SiotThing.Protocol.Text;
using SiotThing.Protocol.Xmpp;

namespace SiotThing.Tests.Xmpp
{
    /// <summary>
    /// XEP-0198: enabling, counting both ways, acknowledgements, and resuming a dropped stream
    /// so that what the server did not get is sent again exactly once and nothing is lost.
    /// </summary>
    [TestClass]
    public class XmppClientStreamManagementTests
    {
        private const string Enable = "<enable xmlns='urn:xmpp:sm:3' resume='true'/>";
        private const string Request = "<r xmlns='urn:xmpp:sm:3'/>";

        [TestMethod]
        public void EnableIsSentAfterBindingWhenOffered()
        {
            var h = new ClientHarness();

            Assert.AreEqual(Enable, h.Online(ClientHarness.BindAndSmFeatures));
            Assert.AreEqual(1, h.Handler.Sessions);
            Assert.IsFalse(h.Client.CanResume, "not before the server says so");
        }

        [TestMethod]
        public void NothingIsEnabledWhenNotOffered()
        {
            var h = new ClientHarness();
            h.Online();

            h.SendMessage("one");
            h.TakeOutput();

            Assert.AreEqual(0, h.Client.UnacknowledgedStanzas);
            h.Advance(h.Settings.AckRequestDelay);
            Assert.AreEqual(string.Empty, h.TakeOutput(), "no acknowledgement requests");
        }

        [TestMethod]
        [DataRow("<enabled xmlns='urn:xmpp:sm:3' id='sm-1' resume='true'/>", true)]
        [DataRow("<enabled xmlns='urn:xmpp:sm:3' id='sm-1' resume='1'/>", true)]
        [DataRow("<enabled xmlns='urn:xmpp:sm:3'/>", false)]
        [DataRow("<enabled xmlns='urn:xmpp:sm:3' id='sm-1' resume='false'/>", false)]
        public void ResumptionIsPossibleWhenTheServerAllowsIt(string enabled, bool resumable)
        {
            var h = new ClientHarness();
            h.Online(ClientHarness.BindAndSmFeatures);

            h.Deliver(enabled);

            Assert.AreEqual(resumable, h.Client.CanResume);
        }

        [TestMethod]
        public void AFailedEnableLeavesTheStreamUnmanaged()
        {
            var h = new ClientHarness();
            h.Online(ClientHarness.BindAndSmFeatures);
            h.SendMessage("one");
            h.TakeOutput();

            h.Deliver("<failed xmlns='urn:xmpp:sm:3'><unexpected-request xmlns='urn:ietf:params:xml:ns:xmpp-stanzas'/></failed>");
            h.SendMessage("two");

            Assert.AreEqual((int)XmppClientState.Online, (int)h.Client.State);
            Assert.IsFalse(h.Client.CanResume);
            Assert.AreEqual(0, h.Client.UnacknowledgedStanzas);
            h.Advance(h.Settings.AckRequestDelay);
            Assert.DoesNotContains("<r ", h.TakeOutput());
        }

        [TestMethod]
        public void AnAcknowledgementRequestIsAnsweredWithTheStanzasReceived()
        {
            var h = new ClientHarness();
            h.Online(ClientHarness.BindAndSmFeatures);

            // Not counted: what comes before <enabled/>.
            h.Deliver("<presence from='owner@example.org/phone'/>");
            h.Deliver("<enabled xmlns='urn:xmpp:sm:3' id='sm-1' resume='true'/>");
            h.Deliver(Request);
            Assert.AreEqual("<a xmlns='urn:xmpp:sm:3' h='0'/>", h.TakeOutput());

            h.Deliver("<message from='owner@example.org/phone'><body>1</body></message>"
                + "<presence from='owner@example.org/phone'/>"
                + "<iq from='example.org' type='result' id='nobody-asked'/>"
                + "<a xmlns='urn:xmpp:sm:3' h='0'/>"
                + " "
                + Request);

            Assert.AreEqual("<a xmlns='urn:xmpp:sm:3' h='3'/>", h.TakeOutput(), "stanzas only: not the nonzas, not whitespace");
        }

        [TestMethod]
        public void SentStanzasAreKeptUntilAcknowledged()
        {
            var h = new ClientHarness();
            h.OnlineWithStreamManagement();

            h.SendMessage("one");
            h.SendMessage("two");
            h.SendMessage("three");
            Assert.AreEqual(3, h.Client.UnacknowledgedStanzas);

            h.Deliver("<a xmlns='urn:xmpp:sm:3' h='2'/>");
            Assert.AreEqual(1, h.Client.UnacknowledgedStanzas);
            h.Deliver("<a xmlns='urn:xmpp:sm:3' h='3'/>");
            Assert.AreEqual(0, h.Client.UnacknowledgedStanzas);
            h.Deliver("<a xmlns='urn:xmpp:sm:3' h='3'/>");
            Assert.AreEqual(0, h.Client.UnacknowledgedStanzas, "the same count again is no news");
            Assert.AreEqual((int)XmppClientState.Online, (int)h.Client.State);
        }

        [TestMethod]
        public void TheClientsOwnAnswersAreCountedToo()
        {
            var h = new ClientHarness();
            h.OnlineWithStreamManagement();

            h.Deliver("<iq from='example.org' type='get' id='p1'><ping xmlns='urn:xmpp:ping'/></iq>");

            Assert.AreEqual(1, h.Client.UnacknowledgedStanzas);
        }

        [TestMethod]
        public void AnAcknowledgementIsRequestedOnceAfterTheDelay()
        {
            var h = new ClientHarness();
            h.OnlineWithStreamManagement();
            h.Wait(1000);
            h.SendMessage("one");
            h.TakeOutput();

            h.Advance(h.Settings.AckRequestDelay - 1);
            Assert.AreEqual(string.Empty, h.TakeOutput());
            h.Advance(1);
            Assert.AreEqual(Request, h.TakeOutput());
            h.SendMessage("two");
            h.TakeOutput();
            h.Advance(h.Settings.AckRequestDelay);
            Assert.AreEqual(string.Empty, h.TakeOutput(), "one request at a time");

            h.Deliver("<a xmlns='urn:xmpp:sm:3' h='2'/>");
            h.Wait(1000);
            h.SendMessage("three");
            h.TakeOutput();
            h.Advance(h.Settings.AckRequestDelay);
            Assert.AreEqual(Request, h.TakeOutput(), "a new stanza, a new request");
        }

        [TestMethod]
        public void AnUnansweredRequestEndsTheConnectionAndTheStanzaIsKeptForResumption()
        {
            // On the ESP32 a TLS write that fails returns without an error: the stanza never
            // left, the server never counts it, and its acknowledgement never comes.
            var h = new ClientHarness();
            h.OnlineWithStreamManagement();
            h.Wait(1000);
            h.SendMessage("lost");
            h.TakeOutput();
            h.Advance(h.Settings.AckRequestDelay);
            Assert.AreEqual(Request, h.TakeOutput());

            // The server keeps talking (so no ping is due), with the window far from full.
            h.Advance(h.Settings.PingTimeout - 1);
            h.Deliver("<presence from='owner@example.org/phone'/>");
            Assert.AreEqual((int)XmppClientState.Online, (int)h.Client.State);
            h.Advance(1);

            Assert.AreEqual((int)XmppClientState.Closing, (int)h.Client.State);
            Assert.AreEqual("the server did not acknowledge our stanzas within 30 s (stream management)", h.Client.LastError);
            h.Client.ConnectionLost(h.Now, "closed");
            Assert.IsTrue(h.Client.CanResume);
            Assert.AreEqual(1, h.Client.UnacknowledgedStanzas, "sent again on resumption");
        }

        [TestMethod]
        [DataRow("<a xmlns='urn:xmpp:sm:3' h='3'/>")]
        [DataRow("<a xmlns='urn:xmpp:sm:3' h='4294967295'/>")]
        [DataRow("<a xmlns='urn:xmpp:sm:3' h='-1'/>")]
        [DataRow("<a xmlns='urn:xmpp:sm:3' h='x'/>")]
        [DataRow("<a xmlns='urn:xmpp:sm:3'/>")]
        public void AnImpossibleHandledCountIsAStreamError(string ack)
        {
            var h = new ClientHarness();
            h.OnlineWithStreamManagement();
            h.SendMessage("one");
            h.SendMessage("two");
            h.TakeOutput();

            h.Deliver(ack);

            Assert.AreEqual(ClientHarness.StreamError("undefined-condition"), h.TakeOutput());
            Assert.AreEqual((int)XmppClientState.Closing, (int)h.Client.State);
            Assert.AreEqual("stream error undefined-condition: stream management: handled count out of range", h.Client.LastError);
        }

        [TestMethod]
        public void ADroppedStreamIsResumedAndWhatWasNotAcknowledgedSentAgainOnce()
        {
            var h = new ClientHarness();
            h.OnlineWithStreamManagement();
            h.Deliver("<message from='owner@example.org/phone'><body>a</body></message><message from='owner@example.org/phone'><body>b</body></message>");
            var first = h.SendMessage("one");
            var second = h.SendMessage("two");
            h.Deliver("<a xmlns='urn:xmpp:sm:3' h='1'/>");
            h.TakeOutput();

            h.Client.ConnectionLost(h.Now, "network down");

            Assert.AreEqual((int)XmppClientState.Disconnected, (int)h.Client.State);
            Assert.AreEqual("network down", h.Handler.LastEndReason);
            Assert.IsTrue(h.Client.CanResume);
            Assert.AreEqual(1, h.Client.UnacknowledgedStanzas);
            Assert.AreEqual(0, h.Client.OutputLength);

            Assert.AreEqual("<resume xmlns='urn:xmpp:sm:3' h='2' previd='sm-1'/>", Reconnect(h), "instead of binding");
            Assert.AreEqual((int)XmppClientState.Binding, (int)h.Client.State);
            h.Deliver("<resumed xmlns='urn:xmpp:sm:3' h='1' previd='sm-1'/>");

            Assert.AreEqual(second + Request, h.TakeOutput(), "only what the server did not get, and a request for its acknowledgement");
            Assert.AreNotEqual(first, second);
            Assert.AreEqual((int)XmppClientState.Online, (int)h.Client.State);
            Assert.AreEqual(2, h.Handler.Sessions);
            Assert.IsTrue(h.Handler.LastResumed);
            Assert.AreEqual(ClientHarness.FullJid, h.Client.BoundJid);
            Assert.AreEqual(1, h.Client.UnacknowledgedStanzas, "still unacknowledged");

            // Inbound counting goes on from where it was.
            h.Deliver("<message from='owner@example.org/phone'><body>c</body></message>" + Request);
            Assert.AreEqual("<a xmlns='urn:xmpp:sm:3' h='3'/>", h.TakeOutput());

            // Acknowledged now: a second drop sends nothing again.
            h.Deliver("<a xmlns='urn:xmpp:sm:3' h='2'/>");
            Assert.AreEqual(0, h.Client.UnacknowledgedStanzas);
            h.Client.ConnectionLost(h.Now, "network down again");
            Assert.AreEqual("<resume xmlns='urn:xmpp:sm:3' h='3' previd='sm-1'/>", Reconnect(h));
            h.Deliver("<resumed xmlns='urn:xmpp:sm:3' h='2' previd='sm-1'/>");
            Assert.AreEqual(string.Empty, h.TakeOutput());
            Assert.AreEqual(3, h.Handler.Sessions);
        }

        [TestMethod]
        public void StanzasTheServerGotBeforeTheDropAreNotSentAgain()
        {
            var h = new ClientHarness();
            h.OnlineWithStreamManagement();
            h.SendMessage("one");
            h.SendMessage("two");
            h.TakeOutput();
            h.Client.ConnectionLost(h.Now, "network down");
            Reconnect(h);

            h.Deliver("<resumed xmlns='urn:xmpp:sm:3' h='2' previd='sm-1'/>");

            Assert.AreEqual(string.Empty, h.TakeOutput());
            Assert.AreEqual(0, h.Client.UnacknowledgedStanzas);
            Assert.IsTrue(h.Handler.LastResumed);
        }

        [TestMethod]
        public void PendingRequestsSurviveAResumption()
        {
            var h = new ClientHarness();
            h.OnlineWithStreamManagement();
            var w = h.Client.BeginIq("get", "owner@example.org/phone", 5, 60000, h.Now);
            w.StartElement("query");
            w.Attribute("xmlns", "jabber:iq:version");
            h.Client.EndStanza(h.Now);
            var id = ClientHarness.IdOf(h.TakeOutput());
            h.Client.ConnectionLost(h.Now, "network down");
            Assert.AreEqual(0, h.Handler.Answers, "not abandoned: the stream may resume");
            Reconnect(h);
            h.Deliver("<resumed xmlns='urn:xmpp:sm:3' h='1' previd='sm-1'/>");

            h.Deliver("<iq from='owner@example.org/phone' type='result' id='" + id + "'/>");

            Assert.AreEqual(1, h.Handler.Answers);
            Assert.AreEqual(5, h.Handler.LastAnswerTag);
            Assert.IsNotNull(h.Handler.LastAnswer);
        }

        [TestMethod]
        public void AFailedResumptionBindsAgainAndAbandonsTheOldSession()
        {
            var h = new ClientHarness();
            h.OnlineWithStreamManagement();
            var w = h.Client.BeginIq("get", "owner@example.org/phone", 5, 60000, h.Now);
            w.StartElement("query");
            w.Attribute("xmlns", "jabber:iq:version");
            h.Client.EndStanza(h.Now);
            h.SendMessage("lost");
            h.TakeOutput();
            h.Client.ConnectionLost(h.Now, "network down");
            Reconnect(h);

            h.Deliver("<failed xmlns='urn:xmpp:sm:3'><item-not-found xmlns='urn:ietf:params:xml:ns:xmpp-stanzas'/></failed>");

            var bind = h.TakeOutput();
            Assert.AreEqual("<iq type='set' id='" + ClientHarness.IdOf(bind) + "'><bind xmlns='urn:ietf:params:xml:ns:xmpp-bind'><resource>bulb</resource></bind></iq>", bind);
            Assert.AreEqual("answer 5 (none)", LastLine(h.Handler.Log), "the old session's request will never be answered");
            Assert.IsFalse(h.Client.CanResume);
            Assert.AreEqual(0, h.Client.UnacknowledgedStanzas);

            h.Deliver("<iq type='result' id='" + ClientHarness.IdOf(bind) + "'><bind xmlns='urn:ietf:params:xml:ns:xmpp-bind'><jid>thing@example.org/bulb2</jid></bind></iq>");

            Assert.AreEqual(Enable, h.TakeOutput(), "a new managed stream");
            Assert.AreEqual((int)XmppClientState.Online, (int)h.Client.State);
            Assert.IsFalse(h.Handler.LastResumed);
            Assert.AreEqual("thing@example.org/bulb2", h.Client.BoundJid);
        }

        [TestMethod]
        public void ProsodysRefusalOfAnOverflowedSessionEndsTheConnectionWithItsReason()
        {
            var h = new ClientHarness();
            h.OnlineWithStreamManagement();
            h.SendMessage("one");
            h.SendMessage("two");
            h.Deliver("<a xmlns='urn:xmpp:sm:3' h='2'/>");
            h.TakeOutput();
            h.Client.ConnectionLost(h.Now, "network down");
            Reconnect(h);

            // What Prosody 0.12 writes when the hibernated session's queue overflowed (mod_smacks
            // handle_resume): <failed/> with the h of the old session, then, as it closes that
            // session on the new connection, its last <a/> and a stream error. (With its default
            // buffered writes a second close of the connection drops these bytes before they
            // leave; a server that delivers them must not be answered with a stream error.)
            h.Deliver("<failed h='2' xmlns='urn:xmpp:sm:3' previd='sm-1'/><a xmlns='urn:xmpp:sm:3' h='2'/>"
                + "<stream:error><resource-constraint xmlns='urn:ietf:params:xml:ns:xmpp-streams'/>"
                + "<text xmlns='urn:ietf:params:xml:ns:xmpp-streams'>Too many unacked stanzas remaining, session can&apos;t be resumed</text></stream:error></stream:stream>");

            var output = h.TakeOutput();
            Assert.AreEqual(-1, Utf16.IndexOf(output, "<stream:error>", 0), "the old session's last acknowledgement is no error of the server's: " + output);
            Assert.AreEqual("stream error from the server: resource-constraint", h.Client.LastError);
        }

        [TestMethod]
        public void WithoutStreamManagementOnTheNewConnectionTheSessionStartsAnew()
        {
            var h = new ClientHarness();
            h.OnlineWithStreamManagement();
            var w = h.Client.BeginIq("get", "owner@example.org/phone", 5, 60000, h.Now);
            w.StartElement("query");
            w.Attribute("xmlns", "jabber:iq:version");
            h.Client.EndStanza(h.Now);
            h.TakeOutput();
            h.Client.ConnectionLost(h.Now, "network down");
            h.StartTlsStep();
            h.AuthenticateStep(ClientHarness.Mechanisms("SCRAM-SHA-1"));

            var after = h.BindStep(ClientHarness.BindFeatures, ClientHarness.FullJid);

            Assert.AreEqual(string.Empty, after);
            Assert.IsFalse(h.Handler.LastResumed);
            Assert.IsFalse(h.Client.CanResume);
            Assert.AreEqual(1, h.Handler.Answers);
            Assert.IsNull(h.Handler.LastAnswer);
        }

        [TestMethod]
        public void AResumedCountAboveWhatWasSentIsAStreamError()
        {
            var h = new ClientHarness();
            h.OnlineWithStreamManagement();
            h.SendMessage("one");
            h.Client.ConnectionLost(h.Now, "network down");
            Reconnect(h);

            h.Deliver("<resumed xmlns='urn:xmpp:sm:3' h='5' previd='sm-1'/>");

            Assert.AreEqual(ClientHarness.StreamError("undefined-condition"), h.TakeOutput());
            Assert.AreEqual((int)XmppClientState.Closing, (int)h.Client.State);
            Assert.AreEqual(1, h.Handler.Sessions, "not resumed");
        }

        /// <summary>Reconnects after a drop: STARTTLS, SCRAM, and the features with stream management.</summary>
        /// <returns>What the client wrote after the features.</returns>
        internal static string Reconnect(ClientHarness h)
        {
            h.Wait(1000);
            h.StartTlsStep();
            h.AuthenticateStep(ClientHarness.Mechanisms("SCRAM-SHA-1"));
            h.Deliver(ClientHarness.ServerHeader + ClientHarness.BindAndSmFeatures);
            return h.TakeOutput();
        }

        private static string LastLine(string log)
        {
            var end = log.Length - 1;
            var start = log.LastIndexOf('\n', end - 1) + 1;
            return log.Substring(start, end - start);
        }
    }
}
