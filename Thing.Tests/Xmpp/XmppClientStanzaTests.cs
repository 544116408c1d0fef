using nanoFramework.TestFramework;
using SiotThing.Protocol.Xmpp;

namespace SiotThing.Tests.Xmpp
{
    /// <summary>
    /// Stanzas once the session is up: which IQ requests the client answers itself, which it
    /// leaves to the handler, how answers to our requests are matched (by id and by sender),
    /// timeouts, and that errors are never answered.
    /// </summary>
    [TestClass]
    public class XmppClientStanzaTests
    {
        private const string Owner = "owner@example.org/phone";

        [TestMethod]
        [DataRow("get")]
        [DataRow("set")]
        public void AnIqRequestTheHandlerDoesNotTakeIsServiceUnavailable(string type)
        {
            var h = new ClientHarness();
            h.Online();

            h.Deliver("<iq from='" + Owner + "' to='thing@example.org/bulb' type='" + type + "' id='q1'><query xmlns='jabber:iq:version'/></iq>");

            Assert.AreEqual(
                "<iq type='error' id='q1' to='owner@example.org/phone'><error type='cancel'><service-unavailable xmlns='urn:ietf:params:xml:ns:xmpp-stanzas'/></error></iq>",
                h.TakeOutput());
            Assert.AreEqual(1, h.Handler.Stanzas, "the handler was asked first");
        }

        [TestMethod]
        public void TheAnswerGoesBackToTheServerWhenTheRequestHasNoFrom()
        {
            var h = new ClientHarness();
            h.Online();

            h.Deliver("<iq type='get' id='q2'><query xmlns='jabber:iq:version'/></iq>");

            Assert.AreEqual(
                "<iq type='error' id='q2'><error type='cancel'><service-unavailable xmlns='urn:ietf:params:xml:ns:xmpp-stanzas'/></error></iq>",
                h.TakeOutput());
        }

        [TestMethod]
        public void TheAnswerCarriesTheIdAndSenderEscaped()
        {
            var h = new ClientHarness();
            h.Online();

            h.Deliver("<iq from=\"o'neil@example.org/a&amp;b\" type='get' id=\"it's&lt;1&gt;\"><query xmlns='jabber:iq:version'/></iq>");

            Assert.StartsWith("<iq type='error' id='it&apos;s&lt;1&gt;' to='o&apos;neil@example.org/a&amp;b'>", h.TakeOutput());
        }

        [TestMethod]
        public void AHandlerThatAnswersIsNotOverruled()
        {
            var h = new ClientHarness();
            h.Online();
            h.Handler.Reply = RecordingClientHandler.AnswerResult;

            h.Deliver("<iq from='" + Owner + "' type='get' id='q3'><query xmlns='jabber:iq:version'/></iq>");

            Assert.AreEqual("<iq type='result' id='q3' to='owner@example.org/phone'><answer xmlns='urn:example:test'/></iq>", h.TakeOutput());
        }

        [TestMethod]
        [DataRow("type='unknown'")]
        [DataRow("")]
        public void AnIqOfNoKnownTypeIsABadRequest(string type)
        {
            var h = new ClientHarness();
            h.Online();

            h.Deliver("<iq from='" + Owner + "' " + type + " id='q4'><query xmlns='jabber:iq:version'/></iq>");

            Assert.AreEqual(
                "<iq type='error' id='q4' to='owner@example.org/phone'><error type='modify'><bad-request xmlns='urn:ietf:params:xml:ns:xmpp-stanzas'/></error></iq>",
                h.TakeOutput());
            Assert.AreEqual(0, h.Handler.Stanzas);
        }

        [TestMethod]
        [DataRow("<iq from='owner@example.org/phone' type='error' id='nobody-asked'><error type='cancel'><item-not-found xmlns='urn:ietf:params:xml:ns:xmpp-stanzas'/></error></iq>")]
        [DataRow("<iq from='owner@example.org/phone' type='result' id='nobody-asked'/>")]
        [DataRow("<iq type='result'/>")]
        public void AnAnswerNobodyAskedForIsNeverAnswered(string xml)
        {
            var h = new ClientHarness();
            h.Online();

            h.Deliver(xml);

            Assert.AreEqual(string.Empty, h.TakeOutput());
            Assert.AreEqual(0, h.Handler.Stanzas);
            Assert.AreEqual(0, h.Handler.Answers);
            Assert.AreEqual((int)XmppClientState.Online, (int)h.Client.State);
        }

        [TestMethod]
        [DataRow("example.org")]
        [DataRow("owner@example.org/phone")]
        public void PingsAreAnsweredByTheClient(string from)
        {
            var h = new ClientHarness();
            h.Online();

            h.Deliver("<iq from='" + from + "' to='thing@example.org/bulb' type='get' id='ping-7'><ping xmlns='urn:xmpp:ping'/></iq>");

            Assert.AreEqual("<iq type='result' id='ping-7' to='" + from + "'/>", h.TakeOutput());
            Assert.AreEqual(0, h.Handler.Stanzas);
        }

        [TestMethod]
        public void APingWithTypeSetIsNotAPing()
        {
            var h = new ClientHarness();
            h.Online();

            h.Deliver("<iq from='example.org' type='set' id='ping-8'><ping xmlns='urn:xmpp:ping'/></iq>");

            Assert.Contains("<service-unavailable ", h.TakeOutput());
        }

        [TestMethod]
        public void MessagesAndPresencesGoToTheHandlerUnanswered()
        {
            var h = new ClientHarness();
            h.Online();

            h.Deliver("<message from='" + Owner + "' type='chat' id='m1'><body>on</body></message><presence from='" + Owner + "'/>");

            Assert.AreEqual(string.Empty, h.TakeOutput());
            Assert.AreEqual(2, h.Handler.Stanzas);
            Assert.AreEqual(
                "started resumed=false jid=thing@example.org/bulb\n"
                + "stanza <message from='owner@example.org/phone' type='chat' id='m1'><body>on</body></message>\n"
                + "stanza <presence from='owner@example.org/phone'/>\n",
                h.Handler.Log);
        }

        [TestMethod]
        public void OurRequestIsAnsweredOnlyByWhomItWentTo()
        {
            var h = new ClientHarness();
            h.Online();
            Query(h, Owner, 7, 30000);
            var request = h.TakeOutput();
            var id = ClientHarness.IdOf(request);
            Assert.AreEqual("<iq type='get' id='" + id + "' to='owner@example.org/phone'><query xmlns='jabber:iq:version'/></iq>", request);

            // A forged result with the right id, from someone else or from the owner's other resources.
            h.Deliver("<iq from='mallory@example.org/x' type='result' id='" + id + "'/>");
            h.Deliver("<iq from='owner@example.org' type='result' id='" + id + "'/>");
            h.Deliver("<iq type='result' id='" + id + "'/>");
            h.Deliver("<iq from='example.org' type='result' id='" + id + "'/>");

            Assert.AreEqual(0, h.Handler.Answers, "still waiting");
            Assert.AreEqual(string.Empty, h.TakeOutput(), "answers are never answered");

            h.Deliver("<iq from='owner@example.org/phone' type='result' id='" + id + "'><query xmlns='jabber:iq:version'><name>phone</name></query></iq>");

            Assert.AreEqual(1, h.Handler.Answers);
            Assert.AreEqual(7, h.Handler.LastAnswerTag);
            Assert.Contains("<name>phone</name>", h.Handler.LastAnswer);

            h.Deliver("<iq from='owner@example.org/phone' type='result' id='" + id + "'/>");
            Assert.AreEqual(1, h.Handler.Answers, "a request is answered once");
        }

        [TestMethod]
        [DataRow("")]
        [DataRow("from='thing@example.org'")]
        [DataRow("from='thing@example.org/bulb'")]
        [DataRow("from='example.org'")]
        public void OurRequestToTheServerIsAnsweredByTheServerOrTheAccount(string from)
        {
            var h = new ClientHarness();
            h.Online();
            Query(h, null, 3, 30000);
            var id = ClientHarness.IdOf(h.TakeOutput());

            h.Deliver("<iq " + from + " type='error' id='" + id + "'><error type='cancel'><service-unavailable xmlns='urn:ietf:params:xml:ns:xmpp-stanzas'/></error></iq>");

            Assert.AreEqual(1, h.Handler.Answers);
            Assert.AreEqual(3, h.Handler.LastAnswerTag);
            Assert.Contains("type='error'", h.Handler.LastAnswer);
        }

        [TestMethod]
        [DataRow("from='other@example.org'")]
        [DataRow("from='example.net'")]
        [DataRow("from='thing@example.net'")]
        public void OurRequestToTheServerIsNotAnsweredByOthers(string from)
        {
            var h = new ClientHarness();
            h.Online();
            Query(h, null, 3, 30000);
            var id = ClientHarness.IdOf(h.TakeOutput());

            h.Deliver("<iq " + from + " type='result' id='" + id + "'/>");

            Assert.AreEqual(0, h.Handler.Answers);
        }

        [TestMethod]
        public void ARequestTimesOutAfterItsTimeout()
        {
            var h = new ClientHarness();
            h.Online();
            Query(h, Owner, 9, 5000);
            var id = ClientHarness.IdOf(h.TakeOutput());

            h.Advance(4999);
            Assert.AreEqual(0, h.Handler.Answers);
            h.Advance(1);

            Assert.AreEqual(1, h.Handler.Answers);
            Assert.AreEqual(9, h.Handler.LastAnswerTag);
            Assert.IsNull(h.Handler.LastAnswer);

            h.Deliver("<iq from='owner@example.org/phone' type='result' id='" + id + "'/>");
            Assert.AreEqual(1, h.Handler.Answers, "too late: forgotten");
        }

        [TestMethod]
        public void TheDefaultTimeoutIsTheSettingsIqTimeout()
        {
            var h = new ClientHarness();
            h.Online();
            Query(h, Owner, 4, h.Settings.IqTimeout);

            h.Advance(h.Settings.IqTimeout - 1);
            Assert.AreEqual(0, h.Handler.Answers);
            h.Advance(1);
            Assert.AreEqual("answer 4 (none)", LastLine(h.Handler.Log));
        }

        [TestMethod]
        public void TheRequestTableIsBounded()
        {
            var settings = ClientHarness.DefaultSettings();
            settings.MaxPendingIqs = 2;
            var h = new ClientHarness(settings);
            h.Online();
            Assert.IsTrue(h.Client.CanSendIq);

            Query(h, Owner, 1, 30000);
            Query(h, Owner, 2, 30000);

            Assert.IsFalse(h.Client.CanSendIq);
            Assert.ThrowsException(typeof(System.InvalidOperationException), () => { h.Client.BeginIq("get", Owner, 3, 30000, h.Now); });
            h.Deliver("<iq from='owner@example.org/phone' type='result' id='" + ClientHarness.IdOf(h.TakeOutput()) + "'/>");
            Assert.IsTrue(h.Client.CanSendIq);
        }

        [TestMethod]
        [DataRow("<message from='owner@example.org/phone' type='error' id='m3'><error type='cancel'><item-not-found xmlns='urn:ietf:params:xml:ns:xmpp-stanzas'/></error></message>")]
        [DataRow("<presence from='owner@example.org/phone' type='error'><error type='cancel'><item-not-found xmlns='urn:ietf:params:xml:ns:xmpp-stanzas'/></error></presence>")]
        public void SendErrorNeverAnswersAnError(string xml)
        {
            var h = new ClientHarness();
            h.Online();
            h.Handler.Reply = RecordingClientHandler.AnswerError;

            h.Deliver(xml);

            Assert.AreEqual(1, h.Handler.Stanzas);
            Assert.AreEqual(string.Empty, h.TakeOutput());
        }

        [TestMethod]
        public void SendErrorAnswersAMessage()
        {
            var h = new ClientHarness();
            h.Online();
            h.Handler.Reply = RecordingClientHandler.AnswerError;

            h.Deliver("<message from='owner@example.org/phone' type='chat' id='m4'><body>?</body></message>");

            Assert.AreEqual(
                "<message type='error' id='m4' to='owner@example.org/phone'><error type='cancel'><feature-not-implemented xmlns='urn:ietf:params:xml:ns:xmpp-stanzas'/></error></message>",
                h.TakeOutput());
        }

        [TestMethod]
        [DataRow("id")]
        [DataRow("from")]
        public void ARequestTooLongToAnswerIsLeftUnansweredAndTheClientGoesOn(string attribute)
        {
            var h = new ClientHarness();
            h.Online();
            var huge = new string('x', 5000);
            var value = attribute == "from" ? "owner@example.org/" + huge : huge;

            h.Deliver("<iq type='get' " + attribute + "='" + value + "'><ping xmlns='urn:xmpp:ping'/></iq>"
                + "<iq type='set' " + attribute + "='" + value + "'><query xmlns='jabber:iq:roster'/></iq>");

            Assert.AreEqual(string.Empty, h.TakeOutput(), "an answer that does not fit in the stanza buffer is not sent");
            Assert.AreEqual((int)XmppClientState.Online, (int)h.Client.State);
            var message = h.SendMessage("still here");
            Assert.AreEqual(message, h.TakeOutput());
        }

        [TestMethod]
        public void StanzasAreWrittenWithTheWriter()
        {
            var h = new ClientHarness();
            h.Online();

            h.SendMessage("on & off");

            Assert.AreEqual("<message to='owner@example.org'><body>on &amp; off</body></message>", h.TakeOutput());
        }

        [TestMethod]
        public void OneStanzaAtATime()
        {
            var h = new ClientHarness();
            h.Online();
            h.Client.BeginStanza("presence");

            Assert.ThrowsException(typeof(System.InvalidOperationException), () => { h.Client.BeginStanza("message"); });
            h.Client.EndStanza(h.Now);
            Assert.AreEqual("<presence/>", h.TakeOutput());
            Assert.ThrowsException(typeof(System.InvalidOperationException), () => { h.Client.EndStanza(h.Now); });
        }

        private static void Query(ClientHarness h, string to, int tag, int timeout)
        {
            var w = h.Client.BeginIq("get", to, tag, timeout, h.Now);
            w.StartElement("query");
            w.Attribute("xmlns", "jabber:iq:version");
            h.Client.EndStanza(h.Now);
        }

        private static string LastLine(string log)
        {
            var end = log.Length - 1;
            var start = log.LastIndexOf('\n', end - 1) + 1;
            return log.Substring(start, end - start);
        }
    }
}
