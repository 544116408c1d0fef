using nanoFramework.TestFramework;
using SiotThing.Protocol.Sasl;
using SiotThing.Protocol.Xml;
using SiotThing.Protocol.Xmpp;

namespace SiotThing.Tests.Xmpp
{
    /// <summary>
    /// What the client does when the server refuses, misbehaves or is not who it claims to be:
    /// the stream error it sends (read from its output), the state it ends in and the reason it gives.
    /// </summary>
    [TestClass]
    public class XmppClientNegotiationErrorTests
    {
        private const string Sasl = "urn:ietf:params:xml:ns:xmpp-sasl";

        [TestMethod]
        public void NoStartTlsOfferedIsAPolicyViolation()
        {
            var h = new ClientHarness();
            h.Connect(false);
            h.TakeOutput();

            h.Deliver(ClientHarness.ServerHeader + ClientHarness.Mechanisms("SCRAM-SHA-1", "PLAIN"));

            Assert.AreEqual(ClientHarness.StreamError("policy-violation"), h.TakeOutput(), "never log in in the clear");
            Closed(h, "stream error policy-violation: the server does not offer STARTTLS");
        }

        [TestMethod]
        public void StartTlsRefusedClosesTheConnection()
        {
            var h = new ClientHarness();
            h.Connect(false);
            h.Deliver(ClientHarness.ServerHeader + ClientHarness.StartTlsFeatures);
            h.TakeOutput();

            h.Deliver("<failure xmlns='urn:ietf:params:xml:ns:xmpp-tls'/></stream:stream>");

            Assert.AreEqual(string.Empty, h.TakeOutput(), "the server closes; nothing more to say");
            Closed(h, "the server refused STARTTLS");
        }

        [TestMethod]
        [DataRow("<stream:features><mechanisms xmlns='urn:ietf:params:xml:ns:xmpp-sasl'><mechanism>DIGEST-MD5</mechanism><mechanism>SCRAM-SHA-1-PLUS</mechanism></mechanisms></stream:features>")]
        [DataRow("<stream:features><mechanisms xmlns='urn:ietf:params:xml:ns:xmpp-sasl'/></stream:features>")]
        [DataRow("<stream:features/>")]
        public void NoAcceptableMechanismIsAPolicyViolation(string features)
        {
            var h = new ClientHarness();
            h.StartTlsStep();

            h.Deliver(ClientHarness.ServerHeader + features);

            Assert.AreEqual(ClientHarness.StreamError("policy-violation"), h.TakeOutput());
            Closed(h, "stream error policy-violation: no acceptable SASL mechanism offered");
            Assert.IsFalse(h.Client.AuthenticationRejected);
        }

        [TestMethod]
        public void RejectedCredentialsAreReportedAndTheCachedSecretsThatWereUsedDropped()
        {
            var h = new ClientHarness();
            Assert.IsNotNull(h.Client.ScramSecrets);
            h.StartTlsStep();
            h.Deliver(ClientHarness.ServerHeader + ClientHarness.Mechanisms("SCRAM-SHA-1"));
            var scram = new ScramServer(ScramClient.ScramSha1);
            h.Deliver(Challenge(scram.ServerFirst(AuthData(h.TakeOutput()))));
            Assert.StartsWith("<response xmlns='urn:ietf:params:xml:ns:xmpp-sasl'>", h.TakeOutput());

            h.Deliver("<failure xmlns='urn:ietf:params:xml:ns:xmpp-sasl'><not-authorized/><text xml:lang='en'>Invalid username or password</text></failure>");

            Assert.IsTrue(h.Client.AuthenticationRejected);
            Assert.IsNull(h.Client.ScramSecrets, "they may be stale: the next login derives afresh");
            Assert.AreEqual(string.Empty, h.TakeOutput());
            Closed(h, "authentication failed: not-authorized");
        }

        [TestMethod]
        [DataRow("not-authorized", true)]
        [DataRow("account-disabled", true)]
        [DataRow("credentials-expired", true)]
        [DataRow("temporary-auth-failure", false)]
        [DataRow("aborted", false)]
        public void OnlyARefusalOfTheCredentialsCountsAsRejected(string condition, bool rejected)
        {
            var h = new ClientHarness();
            var cached = h.Client.ScramSecrets;
            h.StartTlsStep();
            h.Deliver(ClientHarness.ServerHeader + ClientHarness.Mechanisms("SCRAM-SHA-1"));
            var scram = new ScramServer(ScramClient.ScramSha1);
            h.Deliver(Challenge(scram.ServerFirst(AuthData(h.TakeOutput()))));
            h.TakeOutput();

            h.Deliver("<failure xmlns='urn:ietf:params:xml:ns:xmpp-sasl'><" + condition + "/></failure>");

            Assert.AreEqual(rejected, h.Client.AuthenticationRejected, "retrying with the same password helps only when not rejected");
            Assert.AreEqual(rejected ? null : cached, h.Client.ScramSecrets, "the cache is suspect only when the credentials were refused");
            Closed(h, "authentication failed: " + condition);
        }

        [TestMethod]
        public void OurAbortKeepsTheCachedSecrets()
        {
            var h = new ClientHarness();
            var cached = h.Client.ScramSecrets;
            h.StartTlsStep();
            h.Deliver(ClientHarness.ServerHeader + ClientHarness.Mechanisms("SCRAM-SHA-1"));
            h.TakeOutput();
            h.Deliver(Challenge(ScramServer.Encode("r=someone-else,s=QSXCR+Q6sek8bf92,i=4096")));

            h.Deliver("<failure xmlns='urn:ietf:params:xml:ns:xmpp-sasl'><aborted/></failure>");

            Assert.AreSame(cached, h.Client.ScramSecrets, "the server's nonce was wrong, not our password");
        }

        [TestMethod]
        public void RejectedCredentialsKeepCachedSecretsThatWereNotUsed()
        {
            var h = new ClientHarness();
            var other = ScramServer.Secrets(ScramClient.ScramSha256);
            h.Client.ScramSecrets = other;
            h.StartTlsStep();
            h.Deliver(ClientHarness.ServerHeader + ClientHarness.Mechanisms("SCRAM-SHA-1"));
            var scram = new ScramServer(ScramClient.ScramSha1);
            h.Deliver(Challenge(scram.ServerFirst(AuthData(h.TakeOutput()))));
            h.TakeOutput();

            h.Deliver("<failure xmlns='urn:ietf:params:xml:ns:xmpp-sasl'><not-authorized/></failure>");

            Assert.IsTrue(h.Client.AuthenticationRejected);
            Assert.AreSame(other, h.Client.ScramSecrets);
        }

        [TestMethod]
        public void RejectedPlainCredentialsAreReported()
        {
            var h = new ClientHarness();
            h.StartTlsStep();
            h.Deliver(ClientHarness.ServerHeader + ClientHarness.Mechanisms("PLAIN"));
            h.TakeOutput();

            h.Deliver("<failure xmlns='urn:ietf:params:xml:ns:xmpp-sasl'><not-authorized/></failure>");

            Assert.IsTrue(h.Client.AuthenticationRejected);
            Closed(h, "authentication failed: not-authorized");
        }

        [TestMethod]
        public void AFailureWithoutAConditionIsNotARejection()
        {
            var h = new ClientHarness();
            h.StartTlsStep();
            h.Deliver(ClientHarness.ServerHeader + ClientHarness.Mechanisms("PLAIN"));

            h.Deliver("<failure xmlns='urn:ietf:params:xml:ns:xmpp-sasl'/>");

            Assert.IsFalse(h.Client.AuthenticationRejected);
            Closed(h, "authentication failed: (no condition)");
        }

        [TestMethod]
        [DataRow("v=rmF9pqV8S7suAoZWja4dJRkFsKQ=", "SCRAM: server-signature-mismatch")]
        [DataRow("e=invalid-proof", "SCRAM: server-error")]
        [DataRow("", "SCRAM: malformed-message")]
        public void ASuccessWithoutTheServersProofIsNotAuthentication(string serverFinal, string reason)
        {
            var h = new ClientHarness();
            h.Client.ScramSecrets = null;
            h.StartTlsStep();
            h.Deliver(ClientHarness.ServerHeader + ClientHarness.Mechanisms("SCRAM-SHA-1"));
            var scram = new ScramServer(ScramClient.ScramSha1);
            h.Deliver(Challenge(scram.ServerFirst(AuthData(h.TakeOutput()))));
            h.TakeOutput();

            h.Deliver("<success xmlns='urn:ietf:params:xml:ns:xmpp-sasl'>" + (serverFinal.Length == 0 ? string.Empty : ScramServer.Encode(serverFinal)) + "</success>"
                + ClientHarness.ServerHeader + ClientHarness.BindFeatures);

            Assert.AreEqual(string.Empty, h.TakeOutput(), "no new stream, no bind: the server is not ours");
            Closed(h, reason);
            Assert.IsNull(h.Client.ScramSecrets, "nothing learnt from an impostor is kept");
            Assert.AreEqual(0, h.Handler.Sessions);
        }

        [TestMethod]
        [DataRow("r=fyko+d2lbbFgONRv9qkxdawL3rfcNHYJY1ZVvWVs7j,s=QSXCR+Q6sek8bf92,i=4096", "SCRAM: nonce-mismatch")]
        [DataRow("s=QSXCR+Q6sek8bf92,i=4096", "SCRAM: malformed-message")]
        [DataRow("m=ext,r=x,s=QSXCR+Q6sek8bf92,i=4096", "SCRAM: mandatory-extension")]
        public void AServerFirstMessageWeCannotAnswerIsAborted(string serverFirst, string reason)
        {
            var h = new ClientHarness();
            h.StartTlsStep();
            h.Deliver(ClientHarness.ServerHeader + ClientHarness.Mechanisms("SCRAM-SHA-1"));
            h.TakeOutput();

            h.Deliver(Challenge(ScramServer.Encode(serverFirst)));

            Assert.AreEqual("<abort xmlns='urn:ietf:params:xml:ns:xmpp-sasl'/>", h.TakeOutput());
            Assert.AreEqual((int)XmppClientState.Authenticating, (int)h.Client.State, "waiting for the server to confirm the abort");
            Assert.AreEqual(reason, h.Client.LastError);

            h.Deliver("<failure xmlns='urn:ietf:params:xml:ns:xmpp-sasl'><aborted/></failure>");

            Assert.IsFalse(h.Client.AuthenticationRejected, "our abort is not the server refusing the password");
            Closed(h, reason);
        }

        [TestMethod]
        public void ANonceThatDoesNotExtendOursIsAborted()
        {
            var h = new ClientHarness();
            h.StartTlsStep();
            h.Deliver(ClientHarness.ServerHeader + ClientHarness.Mechanisms("SCRAM-SHA-1"));
            var scram = new ScramServer(ScramClient.ScramSha1);
            var serverFirst = ScramServer.Decode(scram.ServerFirst(AuthData(h.TakeOutput())));

            // The server's nonce without the client's part in front.
            h.Deliver(Challenge(ScramServer.Encode("r=" + ScramServer.ServerNonce + serverFirst.Substring(2 + scram.ClientNonce.Length + ScramServer.ServerNonce.Length))));

            Assert.AreEqual("<abort xmlns='urn:ietf:params:xml:ns:xmpp-sasl'/>", h.TakeOutput());
            Assert.AreEqual("SCRAM: nonce-mismatch", h.Client.LastError);
        }

        [TestMethod]
        [DataRow("*not base64*")]
        [DataRow("cj1hYg")]
        [DataRow("c=1h")]
        [DataRow("====")]
        [DataRow("cj1h YmM=")]
        [DataRow("cj1h\nYmM=")]
        public void SaslDataThatIsNotBase64IsABadFormat(string data)
        {
            var h = new ClientHarness();
            h.StartTlsStep();
            h.Deliver(ClientHarness.ServerHeader + ClientHarness.Mechanisms("SCRAM-SHA-1"));
            h.TakeOutput();

            h.Deliver(Challenge(data));

            Assert.AreEqual(ClientHarness.StreamError("bad-format"), h.TakeOutput());
            Closed(h, "stream error bad-format: SASL data that is not base64");
        }

        [TestMethod]
        public void ASuccessBeforeTheChallengeIsNotAuthentication()
        {
            var h = new ClientHarness();
            h.StartTlsStep();
            h.Deliver(ClientHarness.ServerHeader + ClientHarness.Mechanisms("SCRAM-SHA-1"));
            h.TakeOutput();

            h.Deliver("<success xmlns='urn:ietf:params:xml:ns:xmpp-sasl'>" + ScramServer.Encode("v=rmF9pqV8S7suAoZWja4dJRkFsKQ=") + "</success>"
                + ClientHarness.ServerHeader + ClientHarness.BindFeatures);

            Assert.AreEqual(ClientHarness.StreamError("unsupported-stanza-type"), h.TakeOutput(), "no new stream, no bind");
            Assert.AreEqual((int)XmppClientState.Closing, (int)h.Client.State);
            Assert.StartsWith("stream error unsupported-stanza-type: ", h.Client.LastError);
        }

        [TestMethod]
        public void ASecondChallengeEndsTheExchange()
        {
            var h = new ClientHarness();
            h.StartTlsStep();
            h.Deliver(ClientHarness.ServerHeader + ClientHarness.Mechanisms("SCRAM-SHA-1"));
            var scram = new ScramServer(ScramClient.ScramSha1);
            var challenge = Challenge(scram.ServerFirst(AuthData(h.TakeOutput())));
            h.Deliver(challenge);
            h.TakeOutput();

            h.Deliver(challenge);

            Assert.AreEqual(ClientHarness.StreamError("unsupported-stanza-type"), h.TakeOutput());
            Assert.AreEqual((int)XmppClientState.Closing, (int)h.Client.State);
        }

        [TestMethod]
        [DataRow("<success xmlns='urn:ietf:params:xml:ns:xmpp-sasl'/>")]
        [DataRow("<challenge xmlns='urn:ietf:params:xml:ns:xmpp-sasl'>cj1h</challenge>")]
        public void AfterOurAbortOnlyTheFailureIsExpected(string xml)
        {
            var h = new ClientHarness();
            h.StartTlsStep();
            h.Deliver(ClientHarness.ServerHeader + ClientHarness.Mechanisms("SCRAM-SHA-1"));
            h.TakeOutput();
            h.Deliver(Challenge(ScramServer.Encode("r=someone-else,s=QSXCR+Q6sek8bf92,i=4096")));
            Assert.AreEqual("<abort xmlns='urn:ietf:params:xml:ns:xmpp-sasl'/>", h.TakeOutput());

            h.Deliver(xml + ClientHarness.ServerHeader + ClientHarness.BindFeatures);

            Assert.AreEqual(ClientHarness.StreamError("unsupported-stanza-type"), h.TakeOutput(), "not authenticated: no new stream");
            Closed(h, "SCRAM: nonce-mismatch");
        }

        [TestMethod]
        public void AChallengeToPlainIsUnexpected()
        {
            var h = new ClientHarness();
            h.StartTlsStep();
            h.Deliver(ClientHarness.ServerHeader + ClientHarness.Mechanisms("PLAIN"));
            h.TakeOutput();

            h.Deliver(Challenge("cj1h"));

            Assert.AreEqual(ClientHarness.StreamError("unsupported-stanza-type"), h.TakeOutput());
        }

        [TestMethod]
        public void ASaslElementOutsideAuthenticationIsUnexpected()
        {
            var h = new ClientHarness();
            h.Online();

            h.Deliver("<success xmlns='urn:ietf:params:xml:ns:xmpp-sasl'/>");

            Assert.AreEqual(ClientHarness.StreamError("unsupported-stanza-type"), h.TakeOutput());
            Closed(h, "stream error unsupported-stanza-type: SASL element outside authentication");
        }

        [TestMethod]
        public void ARefusedBindClosesTheConnection()
        {
            var h = new ClientHarness();
            h.StartTlsStep();
            h.AuthenticateStep(ClientHarness.Mechanisms("SCRAM-SHA-1"));
            h.Deliver(ClientHarness.ServerHeader + ClientHarness.BindFeatures);
            var id = ClientHarness.IdOf(h.TakeOutput());

            h.Deliver("<iq type='error' id='" + id + "'><error type='modify'><bad-request xmlns='urn:ietf:params:xml:ns:xmpp-stanzas'/></error></iq>");

            Assert.AreEqual(string.Empty, h.TakeOutput());
            Closed(h, "resource binding refused");
            Assert.AreEqual(0, h.Handler.Sessions);
        }

        [TestMethod]
        [DataRow("<jid>mallory@example.org/bulb</jid>")]
        [DataRow("<jid>thing@example.net/bulb</jid>")]
        [DataRow("<jid>not a jid@</jid>")]
        [DataRow("")]
        public void ABindResultForAnotherAccountClosesTheConnection(string jid)
        {
            var h = new ClientHarness();
            h.StartTlsStep();
            h.AuthenticateStep(ClientHarness.Mechanisms("SCRAM-SHA-1"));
            h.Deliver(ClientHarness.ServerHeader + ClientHarness.BindFeatures);
            var id = ClientHarness.IdOf(h.TakeOutput());

            h.Deliver("<iq type='result' id='" + id + "'><bind xmlns='urn:ietf:params:xml:ns:xmpp-bind'>" + jid + "</bind></iq>");

            Closed(h, "the server bound an unexpected JID");
            Assert.AreEqual(0, h.Handler.Sessions);
        }

        [TestMethod]
        public void NoBindingOfferedIsAPolicyViolation()
        {
            var h = new ClientHarness();
            h.StartTlsStep();
            h.AuthenticateStep(ClientHarness.Mechanisms("SCRAM-SHA-1"));

            h.Deliver(ClientHarness.ServerHeader + "<stream:features><sm xmlns='urn:xmpp:sm:3'/></stream:features>");

            Assert.AreEqual(ClientHarness.StreamError("policy-violation"), h.TakeOutput());
            Closed(h, "stream error policy-violation: the server offers no resource binding");
        }

        [TestMethod]
        [DataRow(0)]
        [DataRow(1)]
        [DataRow(2)]
        [DataRow(3)]
        public void AStreamErrorFromTheServerClosesAtAnyStage(int stage)
        {
            var h = new ClientHarness();
            h.Connect(false);
            if (stage >= 1)
            {
                h.Deliver(ClientHarness.ServerHeader + ClientHarness.StartTlsFeatures);
            }

            if (stage >= 2)
            {
                h.Deliver(ClientHarness.Proceed);
                h.TlsEstablished();
            }

            if (stage == 2)
            {
                h.Deliver(ClientHarness.ServerHeader + ClientHarness.Mechanisms("SCRAM-SHA-1"));
            }

            if (stage >= 3)
            {
                h.TakeOutput();
                h.AuthenticateStep(ClientHarness.Mechanisms("SCRAM-SHA-1"));
            }

            h.TakeOutput();

            h.Deliver((stage == 0 || stage == 3 ? ClientHarness.ServerHeader : string.Empty)
                + "<stream:error><host-unknown xmlns='urn:ietf:params:xml:ns:xmpp-streams'/><text xmlns='urn:ietf:params:xml:ns:xmpp-streams'>no</text></stream:error></stream:stream>");

            Assert.AreEqual(string.Empty, h.TakeOutput(), "the stream is the server's to close");
            Closed(h, "stream error from the server: host-unknown");
        }

        [TestMethod]
        public void AStreamErrorWhileOnlineEndsTheSession()
        {
            var h = new ClientHarness();
            h.Online();

            h.Deliver("<stream:error><conflict xmlns='urn:ietf:params:xml:ns:xmpp-streams'/></stream:error></stream:stream>");

            Closed(h, "stream error from the server: conflict");
            Assert.AreEqual("started resumed=false jid=thing@example.org/bulb\nended stream error from the server: conflict\n", h.Handler.Log);
        }

        [TestMethod]
        public void TheServerClosingItsStreamIsAnswered()
        {
            var h = new ClientHarness();
            h.Online();

            h.Deliver(ClientHarness.StreamEnd);

            Assert.AreEqual(ClientHarness.StreamEnd, h.TakeOutput());
            Closed(h, "the server closed the stream");
        }

        [TestMethod]
        public void TheServerClosingItsStreamDuringNegotiationIsAnswered()
        {
            var h = new ClientHarness();
            h.Connect(false);
            h.TakeOutput();

            h.Deliver(ClientHarness.ServerHeader + ClientHarness.StreamEnd);

            Assert.AreEqual(ClientHarness.StreamEnd, h.TakeOutput());
            Closed(h, "the server closed the stream");
        }

        [TestMethod]
        [DataRow("<message><body>x</message>", "not-well-formed")]
        [DataRow("</message>", "not-well-formed")]
        [DataRow("<message a='1' a='2'/>", "not-well-formed")]
        [DataRow("<message><!-- note --></message>", "restricted-xml")]
        [DataRow("<message>&nbsp;</message>", "restricted-xml")]
        [DataRow("<?pi data?>", "restricted-xml")]
        [DataRow("<!DOCTYPE x>", "restricted-xml")]
        [DataRow("<p:message/>", "bad-namespace-prefix")]
        [DataRow("stray text", "bad-format")]
        public void MalformedXmlIsAnsweredWithItsStreamError(string xml, string condition)
        {
            var h = new ClientHarness();
            h.Online();

            h.Deliver(xml);

            Assert.AreEqual(ClientHarness.StreamError(condition), h.TakeOutput());
            Assert.AreEqual((int)XmppClientState.Closing, (int)h.Client.State);
            Assert.StartsWith("stream error " + condition + ": ", h.Client.LastError);
            Assert.AreEqual(0, h.Handler.Stanzas);
        }

        [TestMethod]
        [DataRow("<html><body/></html>", "invalid-namespace")]
        [DataRow("<stream:stream xmlns:stream='http://etherx.jabber.org/streams'/>", "bad-format")]
        [DataRow("hello", "not-well-formed")]
        public void AServerThatDoesNotSpeakXmppIsAnsweredWithAStreamError(string xml, string condition)
        {
            var h = new ClientHarness();
            h.Connect(false);
            h.TakeOutput();

            h.Deliver(xml);

            Assert.AreEqual(ClientHarness.StreamError(condition), h.TakeOutput());
            Assert.AreEqual((int)XmppClientState.Closing, (int)h.Client.State);
        }

        [TestMethod]
        public void BytesThatAreNotUtf8AreAnUnsupportedEncoding()
        {
            var h = new ClientHarness();
            h.Online();

            h.Client.Receive(new byte[] { (byte)'<', (byte)'a', 0xC3, 0x28 }, 0, 4, h.Now);

            Assert.AreEqual(ClientHarness.StreamError("unsupported-encoding"), h.TakeOutput());
        }

        [TestMethod]
        public void NegotiationBeyondTheLimitIsAPolicyViolation()
        {
            // Before the session what the server sends is needed whole: it cannot be skipped.
            var limits = new XmlLimits();
            limits.MaxStanzaBytes = 512;
            var h = new ClientHarness(ClientHarness.DefaultSettings(), limits);
            h.Connect(false);
            h.TakeOutput();
            h.Deliver(ClientHarness.ServerHeader + "<stream:features><starttls xmlns='urn:ietf:params:xml:ns:xmpp-tls'/>" + new string(' ', 600) + "</stream:features>");

            Assert.AreEqual(ClientHarness.StreamError("policy-violation"), h.TakeOutput());
            Assert.AreEqual((int)XmppClientState.Closing, (int)h.Client.State);
        }

        [TestMethod]
        [DataRow("<foo xmlns='urn:example:foo'/>")]
        [DataRow("<bar/>")]
        [DataRow("<stream:bogus/>")]
        [DataRow("<presence xmlns='jabber:server'/>")]
        public void AnUnexpectedTopLevelElementIsUnsupported(string xml)
        {
            var h = new ClientHarness();
            h.Online();

            h.Deliver(xml);

            Assert.AreEqual(ClientHarness.StreamError("unsupported-stanza-type"), h.TakeOutput());
            Assert.AreEqual((int)XmppClientState.Closing, (int)h.Client.State);
            Assert.AreEqual(0, h.Handler.Stanzas);
        }

        [TestMethod]
        [DataRow("<iq type='get' id='q1'><ping xmlns='urn:xmpp:ping'/></iq>")]
        [DataRow("<iq type='set' id='q2'><query xmlns='jabber:iq:roster'/></iq>")]
        [DataRow("<message><body>early</body></message>")]
        public void AStanzaBeforeAuthenticationIsAStreamError(string xml)
        {
            var h = new ClientHarness();
            h.StartTlsStep();

            h.Deliver(ClientHarness.ServerHeader + xml);

            Assert.AreEqual(ClientHarness.StreamError("unsupported-stanza-type"), h.TakeOutput());
            Assert.AreEqual((int)XmppClientState.Closing, (int)h.Client.State);
            Assert.AreEqual(0, h.Handler.Stanzas);
        }

        [TestMethod]
        public void BytesAfterClosingAreIgnored()
        {
            var h = new ClientHarness();
            h.Online();
            h.Deliver("<bogus/>");
            h.TakeOutput();

            h.Deliver("<message><body>late</body></message><iq type='get' id='x'/>");

            Assert.AreEqual(string.Empty, h.TakeOutput());
            Assert.AreEqual(0, h.Handler.Stanzas);
        }

        private static void Closed(ClientHarness h, string reason)
        {
            Assert.AreEqual((int)XmppClientState.Closing, (int)h.Client.State, "closing: " + h.Client.LastError);
            Assert.AreEqual(reason, h.Client.LastError);
            var ends = h.Handler.Ends;

            // The transport flushes and closes; the handler hears the client's reason, not the transport's.
            h.Client.ConnectionLost(h.Now, "closed");
            Assert.AreEqual((int)XmppClientState.Disconnected, (int)h.Client.State);
            Assert.AreEqual(ends + 1, h.Handler.Ends);
            Assert.AreEqual(reason, h.Handler.LastEndReason);
        }

        private static string Challenge(string base64)
        {
            return "<challenge xmlns='" + Sasl + "'>" + base64 + "</challenge>";
        }

        private static string AuthData(string auth)
        {
            return ClientHarness.Between(auth, "'>", "</auth>");
        }
    }
}
