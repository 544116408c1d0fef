using nanoFramework.TestFramework;
using SiotThing.Protocol.Sasl;
using SiotThing.Protocol.Text;
using SiotThing.Protocol.Xmpp;

namespace SiotThing.Tests.Xmpp
{
    /// <summary>
    /// TCP and TLS hand the client bytes in pieces of any size: wherever a piece ends (inside a tag,
    /// a base64 SASL payload, a multi-byte character, right after &lt;success/&gt; where the stream
    /// restarts), a whole session must go exactly as it goes when each flight arrives in one piece.
    /// </summary>
    [TestClass]
    public class XmppClientSplitDeliveryTests
    {
        // What the server sends once the session is up: stanza counting, a ping, an IQ the handler
        // does not take, text with characters of two, three and four bytes, an acknowledgement request.
        private const string OnlineTraffic =
            "<message from='owner@example.org/ph\u00F6ne' type='chat'><body>Licht an \u20AC \uD83D\uDCA1</body></message>"
            + "<iq from='example.org' type='get' id='ping-1'><ping xmlns='urn:xmpp:ping'/></iq>"
            + "\n"
            + "<iq from='owner@example.org/ph\u00F6ne' type='set' id='set-1'><query xmlns='urn:example:unknown'/></iq>"
            + "<presence from='owner@example.org/ph\u00F6ne'/>"
            + "<r xmlns='urn:xmpp:sm:3'/>";

        [TestMethod]
        public void TheScriptGoesOnlineWhenEachFlightArrivesWhole()
        {
            var script = Script();

            var record = RunWhole(script[0], script[1]);

            AssertContains("started resumed=false jid=thing@example.org/bulb\n", record);
            AssertContains("<enable xmlns='urn:xmpp:sm:3' resume='true'/>", record);
            AssertContains("<iq type='result' id='ping-1' to='example.org'/>", record);
            AssertContains("<iq type='error' id='set-1' to='owner@example.org/ph\u00F6ne'><error type='cancel'>", record);
            AssertContains("stanza <message from='owner@example.org/ph\u00F6ne' type='chat'><body>Licht an \u20AC \uD83D\uDCA1</body></message>\n", record);
            AssertContains("<a xmlns='urn:xmpp:sm:3' h='4'/>", record);
            AssertContains("state=Online", record);
        }

        [TestMethod]
        public void SplittingThePlainFlightAnywhereChangesNothing()
        {
            var script = Script();
            var whole = RunWhole(script[0], script[1]);
            var length = Utf8.Encode(script[0]).Length;

            for (var cut = 0; cut <= length; cut++)
            {
                var h = new ClientHarness();
                h.Connect(false);
                h.DeliverSplit(script[0], cut);
                var split = Finish(h, script[1], 0, false);
                if (split != whole)
                {
                    Assert.AreEqual(whole, split, "plain flight cut before byte " + cut);
                }
            }
        }

        [TestMethod]
        public void SplittingTheTlsFlightAnywhereChangesNothing()
        {
            var script = Script();
            var whole = RunWhole(script[0], script[1]);
            var length = Utf8.Encode(script[1]).Length;

            for (var cut = 0; cut <= length; cut++)
            {
                var h = new ClientHarness();
                h.Connect(false);
                h.Deliver(script[0]);
                var split = Finish(h, script[1], cut, false);
                if (split != whole)
                {
                    Assert.AreEqual(whole, split, "TLS flight cut before byte " + cut);
                }
            }
        }

        [TestMethod]
        public void FeedingOneByteAtATimeChangesNothing()
        {
            var script = Script();
            var whole = RunWhole(script[0], script[1]);

            var h = new ClientHarness();
            h.Connect(false);
            h.DeliverBytewise(script[0]);

            Assert.AreEqual(whole, Finish(h, script[1], 0, true));
        }

        [TestMethod]
        [DataRow("<message><body>x</message>", "not-well-formed")]
        [DataRow("<message>\u00E9&bogus;</message>", "restricted-xml")]
        [DataRow("<message><body>\uD83D\uDCA1</body></message><zz:y/>", "bad-namespace-prefix")]
        public void SplittingMalformedInputAnywhereGivesTheSameStreamError(string xml, string condition)
        {
            var script = Script();
            var tls = script[1] + xml + "<message><body>never read</body></message>";
            var whole = RunWhole(script[0], tls);
            AssertContains(ClientHarness.StreamError(condition), whole);
            AssertContains("state=Closing", whole);
            AssertDoesNotContain("never read", whole);
            var length = Utf8.Encode(tls).Length;

            // Cuts in the part that goes online are covered above; here, the part after it.
            for (var cut = Utf8.Encode(script[1]).Length - 40; cut <= length; cut++)
            {
                var h = new ClientHarness();
                h.Connect(false);
                h.Deliver(script[0]);
                var split = Finish(h, tls, cut, false);
                if (split != whole)
                {
                    Assert.AreEqual(whole, split, "cut before byte " + cut);
                }
            }

            var bytewise = new ClientHarness();
            bytewise.Connect(false);
            bytewise.DeliverBytewise(script[0]);
            Assert.AreEqual(whole, Finish(bytewise, tls, 0, true), "byte by byte");
        }

        /// <summary>
        /// Plays the session once, step by step, and writes down what the server said: what it sends
        /// in the clear (up to &lt;proceed/&gt;) and what it sends under TLS. The client's nonce comes
        /// from the harness's seeded entropy, so every later run sends the same messages and this
        /// script fits it.
        /// </summary>
        private static string[] Script()
        {
            var h = new ClientHarness();
            var plain = ClientHarness.ServerHeader + ClientHarness.StartTlsFeatures + ClientHarness.Proceed;
            h.Connect(false);
            h.Deliver(plain);
            h.TlsEstablished();
            h.TakeOutput();

            var tls = ClientHarness.ServerHeader + ClientHarness.Mechanisms("SCRAM-SHA-1", "PLAIN");
            h.Deliver(tls);
            var scram = new ScramServer(ScramClient.ScramSha1);
            var challenge = "<challenge xmlns='urn:ietf:params:xml:ns:xmpp-sasl'>" + scram.ServerFirst(ClientHarness.Between(h.TakeOutput(), "'>", "</auth>")) + "</challenge>";
            h.Deliver(challenge);
            var success = "<success xmlns='urn:ietf:params:xml:ns:xmpp-sasl'>"
                + scram.ServerFinal(ClientHarness.Between(h.TakeOutput(), "<response xmlns='urn:ietf:params:xml:ns:xmpp-sasl'>", "</response>")) + "</success>";
            var features = ClientHarness.ServerHeader
                + "<stream:features><bind xmlns='urn:ietf:params:xml:ns:xmpp-bind'/><session xmlns='urn:ietf:params:xml:ns:xmpp-session'><optional/></session>"
                + "<sm xmlns='urn:xmpp:sm:3'/><ver xmlns='urn:xmpp:features:rosterver'/></stream:features>";
            h.Deliver(success + features);
            var bindId = ClientHarness.IdOf(h.TakeOutput());
            var bound = "<iq type='result' id='" + bindId + "'><bind xmlns='urn:ietf:params:xml:ns:xmpp-bind'><jid>thing@example.org/bulb</jid></bind></iq>"
                + "<enabled xmlns='urn:xmpp:sm:3' id='g2gCbQ' resume='true' max='600'/>";
            return new[] { plain, tls + challenge + success + features + bound + OnlineTraffic };
        }

        private static string RunWhole(string plain, string tls)
        {
            var h = new ClientHarness();
            h.Connect(false);
            h.Deliver(plain);
            return Finish(h, tls, 0, false);
        }

        /// <summary>Completes TLS, delivers the TLS flight (whole when cut is 0) and describes what the client did.</summary>
        private static string Finish(ClientHarness h, string tls, int cut, bool bytewise)
        {
            var state = "after plain: state=" + StateName(h.Client.State) + "\n";
            h.TlsEstablished();
            if (bytewise)
            {
                h.DeliverBytewise(tls);
            }
            else if (cut == 0)
            {
                h.Deliver(tls);
            }
            else
            {
                h.DeliverSplit(tls, cut);
            }

            return state
                + "output: " + h.TakeOutput() + "\n"
                + "events:\n" + h.Handler.Log
                + "state=" + StateName(h.Client.State) + " jid=" + h.Client.BoundJid + " error=" + h.Client.LastError
                + " resumable=" + (h.Client.CanResume ? "yes" : "no") + " unacknowledged=" + h.Client.UnacknowledgedStanzas.ToString() + "\n";
        }

        // The records hold the U+1F4A1 of OnlineTraffic, and the TestFramework's Assert.Contains
        // searches with String.IndexOf, which on nanoFramework stops at the first character outside
        // the BMP: these search with Utf16.IndexOf instead.
        private static void AssertContains(string expected, string actual)
        {
            Assert.IsTrue(Utf16.IndexOf(actual, expected, 0) >= 0, "'" + actual + "' does not contain '" + expected + "'");
        }

        private static void AssertDoesNotContain(string unexpected, string actual)
        {
            Assert.IsTrue(Utf16.IndexOf(actual, unexpected, 0) < 0, "'" + actual + "' contains '" + unexpected + "'");
        }

        private static string StateName(XmppClientState state)
        {
            switch (state)
            {
                case XmppClientState.Disconnected:
                    return "Disconnected";
                case XmppClientState.Negotiating:
                    return "Negotiating";
                case XmppClientState.AwaitingTls:
                    return "AwaitingTls";
                case XmppClientState.Authenticating:
                    return "Authenticating";
                case XmppClientState.Binding:
                    return "Binding";
                case XmppClientState.Online:
                    return "Online";
                default:
                    return "Closing";
            }
        }
    }
}
