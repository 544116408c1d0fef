using nanoFramework.TestFramework;
using SiotThing.Protocol.Xmpp;

namespace SiotThing.Tests.Xmpp
{
    /// <summary>What a server (or whoever is in the middle) must not be able to make the client do.</summary>
    [TestClass]
    public class XmppClientHardeningTests
    {
        [TestMethod]
        public void AStreamInAnotherNamespaceIsRefused()
        {
            var h = new ClientHarness();
            h.Connect(false);
            h.TakeOutput();

            h.Deliver("<stream:stream xmlns='jabber:server' xmlns:stream='http://etherx.jabber.org/streams' version='1.0'>");

            Assert.AreEqual(ClientHarness.StreamError("invalid-namespace"), h.TakeOutput());
            Assert.AreEqual((int)XmppClientState.Closing, (int)h.Client.State);
        }

        [TestMethod]
        [DataRow("")]
        [DataRow(" version='0.9'")]
        public void AStreamThatIsNotXmpp10IsRefused(string version)
        {
            var h = new ClientHarness();
            h.Connect(false);
            h.TakeOutput();

            h.Deliver("<stream:stream xmlns='jabber:client' xmlns:stream='http://etherx.jabber.org/streams'" + version + ">");

            Assert.AreEqual(ClientHarness.StreamError("unsupported-version"), h.TakeOutput());
        }

        [TestMethod]
        public void ProceedWithoutOurStartTlsIsAStreamError()
        {
            var h = new ClientHarness();
            h.Connect(false);
            h.TakeOutput();

            h.Deliver(ClientHarness.ServerHeader + ClientHarness.Proceed);

            Assert.AreEqual(ClientHarness.StreamError("unsupported-stanza-type"), h.TakeOutput());
            Assert.AreNotEqual((int)XmppClientState.AwaitingTls, (int)h.Client.State);
        }

        [TestMethod]
        public void FeaturesTwiceInOneStreamAreAStreamError()
        {
            var h = new ClientHarness();
            h.StartTlsStep();
            h.Deliver(ClientHarness.ServerHeader + ClientHarness.Mechanisms("PLAIN"));
            Assert.StartsWith("<auth ", h.TakeOutput());

            h.Deliver(ClientHarness.Mechanisms("PLAIN"));

            Assert.AreEqual(ClientHarness.StreamError("unsupported-stanza-type"), h.TakeOutput());
        }

        [TestMethod]
        public void OurOwnSlowWorkBetweenStepsDoesNotCountAgainstTheServer()
        {
            var h = new ClientHarness();
            h.StartTlsStep();
            h.Deliver(ClientHarness.ServerHeader + ClientHarness.Mechanisms("PLAIN"));
            h.TakeOutput();

            // The device spent 90 s before its next tick (a first SCRAM login hashing, say).
            h.Advance(90000);
            Assert.AreEqual((int)XmppClientState.Authenticating, (int)h.Client.State, "the server's step was just seen");
            h.Advance(h.Settings.NegotiationTimeout);

            Assert.AreEqual((int)XmppClientState.Closing, (int)h.Client.State, "now the server is silent too long");
            Assert.StartsWith("the server did not move the negotiation on within", h.Client.LastError);
        }

        [TestMethod]
        public void ABurstOfStanzasAsksForAnAcknowledgementBeforeTheStoreFills()
        {
            var settings = ClientHarness.DefaultSettings();
            settings.StreamManagementStanzas = 8;
            var h = new ClientHarness(settings);
            h.OnlineWithStreamManagement();
            h.TakeOutput();

            for (var i = 0; i < 4; i++)
            {
                h.SendMessage("m" + i);
            }

            Assert.EndsWith("<r xmlns='urn:xmpp:sm:3'/>", h.TakeOutput());
            h.Deliver("<a xmlns='urn:xmpp:sm:3' h='4'/>");
            for (var i = 0; i < 7; i++)
            {
                h.SendMessage("n" + i);
            }

            Assert.AreEqual((int)XmppClientState.Online, (int)h.Client.State, "acknowledged in time, the burst fits");
        }
    }
}
