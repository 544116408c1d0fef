using nanoFramework.TestFramework;
using SiotThing.Protocol.Sasl;
using SiotThing.Protocol.Xmpp;

namespace SiotThing.Tests.Xmpp
{
    /// <summary>
    /// The ways to a session against a scripted server: STARTTLS or direct TLS, SCRAM-SHA-1,
    /// SCRAM-SHA-256 or PLAIN, binding with or without a resource, and the legacy session.
    /// </summary>
    [TestClass]
    public class XmppClientNegotiationTests
    {
        [TestMethod]
        [DataRow("SCRAM-SHA-1")]
        [DataRow("SCRAM-SHA-256")]
        public void StartTlsThenScramThenBindGoesOnline(string mechanism)
        {
            var h = new ClientHarness();
            h.Client.ScramSecrets = null;

            Assert.AreEqual((int)XmppClientState.Disconnected, (int)h.Client.State);
            h.StartTlsStep();
            Assert.AreEqual((int)XmppClientState.Negotiating, (int)h.Client.State);
            Assert.AreEqual(mechanism, h.AuthenticateStep(ClientHarness.Mechanisms(mechanism, "PLAIN")));
            Assert.AreEqual((int)XmppClientState.Negotiating, (int)h.Client.State, "waiting for the features of the new stream");
            Assert.AreEqual(0, h.Handler.Sessions);

            h.Deliver(ClientHarness.ServerHeader + ClientHarness.BindFeatures);
            var bind = h.TakeOutput();
            Assert.AreEqual((int)XmppClientState.Binding, (int)h.Client.State);
            Assert.AreEqual(
                "<iq type='set' id='" + ClientHarness.IdOf(bind) + "'><bind xmlns='urn:ietf:params:xml:ns:xmpp-bind'><resource>bulb</resource></bind></iq>",
                bind);
            h.Deliver("<iq type='result' id='" + ClientHarness.IdOf(bind) + "'><bind xmlns='urn:ietf:params:xml:ns:xmpp-bind'><jid>thing@example.org/bulb</jid></bind></iq>");

            Assert.AreEqual((int)XmppClientState.Online, (int)h.Client.State);
            Assert.AreEqual("thing@example.org/bulb", h.Client.BoundJid);
            Assert.AreEqual("started resumed=false jid=thing@example.org/bulb\n", h.Handler.Log);
            Assert.AreEqual(string.Empty, h.TakeOutput(), "no stream management offered, nothing to enable");
            Assert.IsFalse(h.Client.CanResume);
            Assert.IsNull(h.Client.LastError);
            Assert.IsNotNull(h.Client.ScramSecrets, "the salted password, to cache");
            Assert.AreEqual(mechanism, h.Client.ScramSecrets.Mechanism);
            Assert.AreEqual(ScramServer.Iterations, h.Client.ScramSecrets.Iterations);
            Assert.AreEqual(Hex.Format(ScramServer.SaltedPassword(mechanism)), Hex.Format(h.Client.ScramSecrets.SaltedPassword));
        }

        [TestMethod]
        public void CachedSecretsAreUsedAndKeptWhenTheServerSendsTheSameSalt()
        {
            var h = new ClientHarness();
            var cached = ScramServer.Secrets(ScramClient.ScramSha1);
            h.Client.ScramSecrets = cached;

            h.StartTlsStep();
            h.AuthenticateStep(ClientHarness.Mechanisms("SCRAM-SHA-1"));

            Assert.AreSame(cached, h.Client.ScramSecrets, "the same instance: nothing new to store");
        }

        [TestMethod]
        public void SecretsOfTheOtherMechanismAreReplaced()
        {
            var h = new ClientHarness();
            h.Client.ScramSecrets = ScramServer.Secrets(ScramClient.ScramSha1);

            h.StartTlsStep();
            Assert.AreEqual("SCRAM-SHA-256", h.AuthenticateStep(ClientHarness.Mechanisms("SCRAM-SHA-1", "SCRAM-SHA-256")));

            Assert.AreEqual("SCRAM-SHA-256", h.Client.ScramSecrets.Mechanism);
        }

        [TestMethod]
        public void WithoutAConfiguredResourceTheServerChoosesIt()
        {
            var settings = ClientHarness.DefaultSettings();
            settings.Resource = null;
            var h = new ClientHarness(settings);
            h.StartTlsStep();
            h.AuthenticateStep(ClientHarness.Mechanisms("SCRAM-SHA-1"));

            h.Deliver(ClientHarness.ServerHeader + ClientHarness.BindFeatures);
            var bind = h.TakeOutput();
            Assert.AreEqual("<iq type='set' id='" + ClientHarness.IdOf(bind) + "'><bind xmlns='urn:ietf:params:xml:ns:xmpp-bind'/></iq>", bind);
            h.Deliver("<iq type='result' id='" + ClientHarness.IdOf(bind) + "'><bind xmlns='urn:ietf:params:xml:ns:xmpp-bind'><jid>thing@example.org/x7f3</jid></bind></iq>");

            Assert.AreEqual((int)XmppClientState.Online, (int)h.Client.State);
            Assert.AreEqual("thing@example.org/x7f3", h.Client.BoundJid);
        }

        [TestMethod]
        [DataRow("from='thing@example.org'")]
        [DataRow("from='example.org'")]
        [DataRow("from='thing@example.org/bulb'")]
        [DataRow("")]
        public void TheBindResultMayComeFromTheServerOrTheAccount(string from)
        {
            var h = new ClientHarness();
            h.StartTlsStep();
            h.AuthenticateStep(ClientHarness.Mechanisms("SCRAM-SHA-1"));
            h.Deliver(ClientHarness.ServerHeader + ClientHarness.BindFeatures);
            var id = ClientHarness.IdOf(h.TakeOutput());

            h.Deliver("<iq type='result' " + from + " id='" + id + "'><bind xmlns='urn:ietf:params:xml:ns:xmpp-bind'><jid>thing@example.org/bulb</jid></bind></iq>");

            Assert.AreEqual((int)XmppClientState.Online, (int)h.Client.State);
        }

        [TestMethod]
        public void ARequiredSessionIsEstablishedBeforeGoingOnline()
        {
            var h = new ClientHarness();
            h.StartTlsStep();
            h.AuthenticateStep(ClientHarness.Mechanisms("SCRAM-SHA-1"));

            var session = h.BindStep(
                "<stream:features><bind xmlns='urn:ietf:params:xml:ns:xmpp-bind'/><session xmlns='urn:ietf:params:xml:ns:xmpp-session'/></stream:features>",
                ClientHarness.FullJid);

            Assert.AreEqual("<iq type='set' id='" + ClientHarness.IdOf(session) + "'><session xmlns='urn:ietf:params:xml:ns:xmpp-session'/></iq>", session);
            Assert.AreEqual((int)XmppClientState.Binding, (int)h.Client.State);
            Assert.AreEqual(0, h.Handler.Sessions);
            h.Deliver("<iq type='result' id='" + ClientHarness.IdOf(session) + "'/>");
            Assert.AreEqual((int)XmppClientState.Online, (int)h.Client.State);
            Assert.AreEqual(1, h.Handler.Sessions);
            Assert.IsFalse(h.Handler.LastResumed);
        }

        [TestMethod]
        public void ARefusedSessionClosesTheConnection()
        {
            var h = new ClientHarness();
            h.StartTlsStep();
            h.AuthenticateStep(ClientHarness.Mechanisms("SCRAM-SHA-1"));
            var session = h.BindStep(
                "<stream:features><bind xmlns='urn:ietf:params:xml:ns:xmpp-bind'/><session xmlns='urn:ietf:params:xml:ns:xmpp-session'/></stream:features>",
                ClientHarness.FullJid);

            h.Deliver("<iq type='error' id='" + ClientHarness.IdOf(session) + "'><error type='cancel'><not-allowed xmlns='urn:ietf:params:xml:ns:xmpp-stanzas'/></error></iq>");

            Assert.AreEqual((int)XmppClientState.Closing, (int)h.Client.State);
            Assert.AreEqual("session establishment refused", h.Client.LastError);
            Assert.AreEqual(0, h.Handler.Sessions);
        }

        [TestMethod]
        [DataRow("<stream:features><bind xmlns='urn:ietf:params:xml:ns:xmpp-bind'/><session xmlns='urn:ietf:params:xml:ns:xmpp-session'><optional/></session></stream:features>")]
        [DataRow("<stream:features><bind xmlns='urn:ietf:params:xml:ns:xmpp-bind'/></stream:features>")]
        public void AnOptionalOrAbsentSessionIsSkipped(string features)
        {
            var h = new ClientHarness();
            h.StartTlsStep();
            h.AuthenticateStep(ClientHarness.Mechanisms("SCRAM-SHA-1"));

            Assert.AreEqual(string.Empty, h.BindStep(features, ClientHarness.FullJid));
            Assert.AreEqual((int)XmppClientState.Online, (int)h.Client.State);
            Assert.AreEqual(1, h.Handler.Sessions);
        }

        [TestMethod]
        public void DirectTlsSendsFromAtOnceAndSkipsStartTls()
        {
            var h = new ClientHarness();

            h.Connect(true);
            Assert.AreEqual(ClientHarness.TlsHeader, h.TakeOutput());
            Assert.AreEqual("SCRAM-SHA-1", h.AuthenticateStep(ClientHarness.Mechanisms("SCRAM-SHA-1", "PLAIN")));
            h.BindStep(ClientHarness.BindFeatures, ClientHarness.FullJid);

            Assert.AreEqual((int)XmppClientState.Online, (int)h.Client.State);
        }

        [TestMethod]
        public void DirectTlsIgnoresAStartTlsOffer()
        {
            var h = new ClientHarness();
            h.Connect(true);
            h.TakeOutput();

            h.Deliver(ClientHarness.ServerHeader + "<stream:features><starttls xmlns='urn:ietf:params:xml:ns:xmpp-tls'/>"
                + "<mechanisms xmlns='urn:ietf:params:xml:ns:xmpp-sasl'><mechanism>SCRAM-SHA-1</mechanism></mechanisms></stream:features>");

            Assert.StartsWith("<auth xmlns='urn:ietf:params:xml:ns:xmpp-sasl' mechanism='SCRAM-SHA-1'>", h.TakeOutput());
        }

        [TestMethod]
        public void PlainOverTlsWhenItIsTheOnlyMechanism()
        {
            var h = new ClientHarness();
            h.StartTlsStep();

            h.Deliver(ClientHarness.ServerHeader + ClientHarness.Mechanisms("PLAIN"));

            // base64("\0thing\0pencil")
            Assert.AreEqual("<auth xmlns='urn:ietf:params:xml:ns:xmpp-sasl' mechanism='PLAIN'>AHRoaW5nAHBlbmNpbA==</auth>", h.TakeOutput());
            Assert.AreEqual((int)XmppClientState.Authenticating, (int)h.Client.State);
            h.Deliver("<success xmlns='urn:ietf:params:xml:ns:xmpp-sasl'/>");
            Assert.AreEqual(ClientHarness.TlsHeader, h.TakeOutput());
            h.BindStep(ClientHarness.BindFeatures, ClientHarness.FullJid);
            Assert.AreEqual((int)XmppClientState.Online, (int)h.Client.State);
        }

        [TestMethod]
        [DataRow("PLAIN", "SCRAM-SHA-1", "SCRAM-SHA-1")]
        [DataRow("PLAIN", "SCRAM-SHA-256", "SCRAM-SHA-256")]
        [DataRow("SCRAM-SHA-1", "SCRAM-SHA-256", "SCRAM-SHA-256")]
        [DataRow("SCRAM-SHA-1-PLUS", "SCRAM-SHA-1", "SCRAM-SHA-1")]
        [DataRow("DIGEST-MD5", "PLAIN", "PLAIN")]
        public void TheStrongestMechanismIsChosen(string first, string second, string chosen)
        {
            var h = new ClientHarness();
            h.StartTlsStep();

            h.Deliver(ClientHarness.ServerHeader + ClientHarness.Mechanisms(first, second));

            Assert.StartsWith("<auth xmlns='urn:ietf:params:xml:ns:xmpp-sasl' mechanism='" + chosen + "'>", h.TakeOutput());
        }

        [TestMethod]
        public void TheStreamHeaderMayComeWithoutAnXmlDeclaration()
        {
            var h = new ClientHarness();
            h.Connect(false);
            h.TakeOutput();

            h.Deliver("<stream:stream xmlns='jabber:client' xmlns:stream='http://etherx.jabber.org/streams' id='s1' from='example.org' version='1.0'>"
                + ClientHarness.StartTlsFeatures);

            Assert.AreEqual(ClientHarness.StartTls, h.TakeOutput());
        }

        [TestMethod]
        public void WhitespaceBetweenElementsIsIgnored()
        {
            var h = new ClientHarness();
            h.Connect(false);
            h.TakeOutput();

            h.Deliver(ClientHarness.ServerHeader + "\n  " + ClientHarness.StartTlsFeatures + "\r\n\t ");
            Assert.AreEqual(ClientHarness.StartTls, h.TakeOutput());
            h.Deliver("  " + ClientHarness.Proceed);

            Assert.AreEqual((int)XmppClientState.AwaitingTls, (int)h.Client.State);
        }

        [TestMethod]
        public void TlsEstablishedWithoutProceedIsAProgrammingError()
        {
            var h = new ClientHarness();
            h.Connect(false);

            Assert.ThrowsException(typeof(System.InvalidOperationException), h.TlsEstablished);
        }

        [TestMethod]
        public void StanzasCannotBeSentBeforeTheSession()
        {
            var h = new ClientHarness();
            h.Connect(true);

            Assert.ThrowsException(typeof(System.InvalidOperationException), () => { h.Client.BeginStanza("message"); });
            Assert.IsFalse(h.Client.CanSendIq);
        }
    }
}
