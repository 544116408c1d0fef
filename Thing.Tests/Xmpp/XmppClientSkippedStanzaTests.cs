using nanoFramework.TestFramework;
using SiotThing.Protocol.Text;
using SiotThing.Protocol.Xml;
using SiotThing.Protocol.Xmpp;

namespace SiotThing.Tests.Xmpp
{
    /// <summary>
    /// A stanza beyond the parser's limits, which a server lets through and keeps delivering
    /// (offline messages, pending subscriptions), costs the session nothing: it is skipped,
    /// counted for XEP-0198, an IQ request is refused, and the handler hears of it once.
    /// </summary>
    [TestClass]
    public class XmppClientSkippedStanzaTests
    {
        private const string Poison = "<message from='stranger@example.org/x' to='thing@example.org/bulb' type='chat' id='p1'><body>";

        [TestMethod]
        public void AMessageBeyondTheLimitIsSkippedAndTheSessionGoesOn()
        {
            var h = Harness();
            h.Online();

            h.Deliver(Poison + new string('x', 20000) + "</body></message><message from='owner@example.org/phone'><body>on</body></message>");

            Assert.AreEqual((int)XmppClientState.Online, (int)h.Client.State);
            Assert.AreEqual(string.Empty, h.TakeOutput(), "no stream error, no answer to a message");
            Assert.AreEqual(1, h.Handler.Skipped);
            Assert.AreEqual(1, h.Handler.Stanzas, "the next stanza arrives");
            Assert.IsTrue(Utf16.IndexOf(h.Handler.Log, "skipped message from=stranger@example.org/x id=p1: a stanza or stream header is larger than the limit\n", 0) >= 0, h.Handler.Log);
            Assert.AreEqual(0, h.Handler.Ends);
        }

        [TestMethod]
        [DataRow("<iq type='get' id='q1' from='stranger@example.org/x'><query xmlns='urn:x'>", "</query></iq>")]
        [DataRow("<iq type='set' id='q1' from='stranger@example.org/x'><a><a><a><a><a><a><a><a><a><a><a><a><a><a><a><a><a>", "</a></a></a></a></a></a></a></a></a></a></a></a></a></a></a></a></a></iq>")]
        public void AnIqRequestBeyondTheLimitIsRefusedWithAPolicyViolation(string head, string tail)
        {
            var h = Harness();
            h.Online();

            h.Deliver(head + new string('x', 1000) + tail);

            var answer = h.TakeOutput();
            Assert.StartsWith("<iq type='error' id='q1' to='stranger@example.org/x'><error type='modify'><policy-violation xmlns='urn:ietf:params:xml:ns:xmpp-stanzas'/>"
                + "<text xmlns='urn:ietf:params:xml:ns:xmpp-stanzas'>too large for this device: ", answer);
            Assert.AreEqual((int)XmppClientState.Online, (int)h.Client.State);
        }

        [TestMethod]
        [DataRow("<iq type='result' id='q1' from='stranger@example.org/x'><query xmlns='urn:x'>")]
        [DataRow("<iq type='error' id='q1' from='stranger@example.org/x'><error type='cancel'>")]
        [DataRow("<message type='error' id='q1' from='stranger@example.org/x'><body>")]
        [DataRow("<iq type='get' from='stranger@example.org/x'><query xmlns='urn:x'>")]
        public void WhatMayNotOrCannotBeAnsweredIsNot(string head)
        {
            var h = Harness();
            h.Online();

            h.Deliver(head + new string('x', 1000) + Close(head));

            Assert.AreEqual(string.Empty, h.TakeOutput());
            Assert.AreEqual(1, h.Handler.Skipped);
        }

        [TestMethod]
        public void AnAnswerBeyondTheLimitIsLeftToTimeOut()
        {
            // Taking half an answer for the answer would act on what is not there.
            var h = Harness();
            h.Online();
            var w = h.Client.BeginIq("get", "service.example.org", 7, 30000, h.Now);
            w.StartElement("query");
            w.Attribute("xmlns", "urn:x");
            h.Client.EndStanza(h.Now);
            var id = ClientHarness.IdOf(h.TakeOutput());

            h.Deliver("<iq type='result' id='" + id + "' from='service.example.org'><query xmlns='urn:x'>" + new string('x', 1000) + "</query></iq>");
            Assert.AreEqual(0, h.Handler.Answers);

            h.Advance(30000);
            Assert.AreEqual(1, h.Handler.Answers);
            Assert.IsNull(h.Handler.LastAnswer);
        }

        [TestMethod]
        public void ASkippedStanzaIsCountedForStreamManagement()
        {
            var h = Harness();
            h.OnlineWithStreamManagement();

            h.Deliver(Poison + new string('x', 1000) + "</body></message><presence from='owner@example.org/phone'/><r xmlns='urn:xmpp:sm:3'/>");

            Assert.AreEqual("<a xmlns='urn:xmpp:sm:3' h='2'/>", h.TakeOutput(), "the server counted both, and so do we");
        }

        [TestMethod]
        public void AnUnknownTopLevelElementBeyondTheLimitIsUnsupported()
        {
            var h = Harness();
            h.Online();

            h.Deliver("<" + new string('n', 65) + "/>");

            Assert.AreEqual(ClientHarness.StreamError("unsupported-stanza-type"), h.TakeOutput());
            Assert.AreEqual(0, h.Handler.Skipped);
        }

        private static ClientHarness Harness()
        {
            var limits = new XmlLimits();
            limits.MaxStanzaBytes = 512;
            return new ClientHarness(ClientHarness.DefaultSettings(), limits);
        }

        private static string Close(string head)
        {
            if (Utf16.IndexOf(head, "<query", 0) >= 0)
            {
                return "</query></iq>";
            }

            return Utf16.IndexOf(head, "<error", 0) >= 0 ? "</error></iq>" : "</body></message>";
        }
    }
}
