using System;
using SiotThing.Protocol.Ports;
using SiotThing.Protocol.Sasl;
using SiotThing.Protocol.Text;
using SiotThing.Protocol.Xml;

namespace SiotThing.Protocol.Xmpp
{
    // The stream negotiation of an XmppClient (RFC 6120 §5-§7, XEP-0198 §5): from the first
    // stream header to the moment the session is online, new or resumed. Then it is done until
    // the next connection.
    //
    // It decides: the stream headers we send and whether the server's will do; that TLS comes
    // first and nothing is sent in clear (STARTTLS, or TLS from the first byte); the SASL
    // mechanism and the SCRAM exchange (with the cached salted password, and dropping the cache
    // when the server refuses it); whether the refusal was of our credentials; resumption or
    // resource binding, the legacy session when the server requires it, and enabling stream
    // management for a new session; that a negotiation the server does not move on ends.
    //
    // It does not decide: anything about stanzas once online, acknowledgements, pacing or pings
    // (XmppSession, which also writes and sends what this type puts on the wire); the
    // connection's state and why it ended (XmppClient); TLS itself (the transport's).

    /// <summary>
    /// The negotiation part of <see cref="XmppClient"/>: STARTTLS, SASL, resumption or binding.
    /// Internal; the client is its only user and the public surface.
    /// </summary>
    internal sealed class XmppNegotiation
    {
        /// <summary>The tag of our resource binding request (tags below zero are the client's).</summary>
        internal const int BindTag = -1;

        /// <summary>The tag of our legacy session request.</summary>
        internal const int SessionTag = -2;

        private readonly XmppClient client;
        private readonly XmppSession session;
        private readonly XmppClientSettings settings;
        private readonly IEntropySource entropy;
        private readonly XmlStreamParser parser;
        private readonly StreamManagement streamManagement;

        private bool tlsActive;
        private bool authenticated;
        private bool streamManagementOffered;
        private bool sessionRequired;
        private bool featuresSeen;
        private bool startTlsRequested;
        private ScramClient scram;

        // Our SCRAM client-final-message is out: the server's next word is <success/> (or <failure/>).
        private bool scramAnswered;

        // Negotiation progress: the step counter moves with every element the server sends before
        // the session is online (the client counts them), and the deadline restarts when Tick sees
        // it move. So the timeout measures waiting for the server, not our own work (an uncached
        // PBKDF2 on the device can take longer than the timeout, and must not be punished for it).
        internal int Steps;
        private int stepsSeen;
        private long deadline;

        /// <summary>Creates the negotiation's part of a client.</summary>
        internal XmppNegotiation(XmppClient client, XmppSession session, XmppClientSettings settings, IEntropySource entropy,
            XmlStreamParser parser, StreamManagement streamManagement)
        {
            this.client = client;
            this.session = session;
            this.settings = settings;
            this.entropy = entropy;
            this.parser = parser;
            this.streamManagement = streamManagement;
        }

        /// <summary>A new connection (TLS from the first byte or not): everything starts again, and our stream header goes out.</summary>
        internal void Start(long now, bool tls)
        {
            tlsActive = tls;
            startTlsRequested = false;
            authenticated = false;
            streamManagementOffered = false;
            sessionRequired = false;
            scram = null;
            scramAnswered = false;
            Steps = 0;
            stepsSeen = 0;
            deadline = now + settings.NegotiationTimeout;
        }

        /// <summary>The transport finished the TLS handshake: a new stream, protected, starts.</summary>
        internal void TlsEstablished(long now)
        {
            Steps++;
            tlsActive = true;
            client.State = XmppClientState.Negotiating;
            parser.Reset();
            OpenStream(now);
        }

        /// <summary>Time passes while negotiating: the connection ends when the server has not moved on within the timeout.</summary>
        internal void Tick(long now)
        {
            if (Steps != stepsSeen)
            {
                stepsSeen = Steps;
                deadline = now + settings.NegotiationTimeout;
            }
            else if (now >= deadline)
            {
                client.Close("the server did not move the negotiation on within " + (settings.NegotiationTimeout / 1000) + " s");
            }
        }

        /// <summary>Opens our stream (at the start, after TLS, after SASL).</summary>
        internal void OpenStream(long now)
        {
            // Written by hand: the header is an open tag that the writer would close. 'from' only
            // once TLS protects it (RFC 6120 §4.7.1), so that the JID does not go out in clear.
            session.Write("<?xml version='1.0'?><stream:stream to='" + client.Domain + (tlsActive ? "' from='" + client.BareJid : string.Empty)
                + "' version='1.0' xml:lang='" + settings.Language
                + "' xmlns='jabber:client' xmlns:stream='http://etherx.jabber.org/streams'>", now);
        }

        /// <summary>The server's stream header: jabber:client and XMPP 1.0, or the stream ends.</summary>
        internal void CheckStreamHeader(XmlStanza stanza, long now)
        {
            featuresSeen = false;
            if (!stanza.ContentNamespaceEquals(XmppNamespaces.Client))
            {
                session.FailWithStreamError("invalid-namespace", "the server's stream is not jabber:client", now);
            }
            else if (!stanza.AttributeEquals(stanza.Stream, "version", "1.0"))
            {
                // RFC 6120 §4.7.5: without version 1.0 there are no stream features to negotiate.
                session.FailWithStreamError("unsupported-version", "the server's stream is not XMPP 1.0", now);
            }
        }

        /// <summary>The server's stream features: STARTTLS, then SASL, then resumption or binding.</summary>
        internal void HandleFeatures(XmlStanza stanza, long now)
        {
            var root = stanza.Root;
            if (featuresSeen)
            {
                // One set of features per stream: a second would start a second negotiation.
                session.FailWithStreamError("unsupported-stanza-type", "stream features sent twice", now);
                return;
            }

            featuresSeen = true;
            if (!tlsActive)
            {
                if (stanza.Child(root, "starttls", XmppNamespaces.Tls) < 0)
                {
                    // Never log in without TLS: the password (or its SCRAM proof) must not cross in clear.
                    session.FailWithStreamError("policy-violation", "the server does not offer STARTTLS", now);
                    return;
                }

                session.Write("<starttls xmlns='urn:ietf:params:xml:ns:xmpp-tls'/>", now);
                startTlsRequested = true;
                return;
            }

            if (!authenticated)
            {
                StartSasl(stanza, now);
                return;
            }

            streamManagementOffered = stanza.Child(root, "sm", XmppNamespaces.StreamManagement) >= 0;
            client.RosterVersioningOffered = stanza.Child(root, "ver", XmppNamespaces.RosterVersioning) >= 0;
            var legacySession = stanza.Child(root, "session", XmppNamespaces.Session);
            sessionRequired = legacySession >= 0 && stanza.Child(legacySession, "optional", XmppNamespaces.Session) < 0;
            if (stanza.Child(root, "bind", XmppNamespaces.Bind) < 0)
            {
                session.FailWithStreamError("policy-violation", "the server offers no resource binding", now);
                return;
            }

            client.State = XmppClientState.Binding;
            if (streamManagementOffered && streamManagement.ResumeId != null)
            {
                session.Write("<resume xmlns='urn:xmpp:sm:3' h='" + streamManagement.Inbound.ToString() + "' previd='" + streamManagement.ResumeId + "'/>", now);
                return;
            }

            SendBind(now);
        }

        private void SendBind(long now)
        {
            session.FailAbandonedRequests();
            var w = session.BeginIq("set", null, BindTag, settings.IqTimeout, now);
            w.StartElement("bind");
            w.Attribute("xmlns", XmppNamespaces.Bind);
            if (settings.Resource != null)
            {
                w.StartElement("resource");
                w.Text(settings.Resource);
            }

            session.EndStanza(now);
        }

        /// <summary>The server's answer to STARTTLS.</summary>
        internal void HandleTls(XmlStanza stanza, long now)
        {
            if (!startTlsRequested || tlsActive)
            {
                session.FailWithStreamError("unsupported-stanza-type", "a TLS element we did not ask for", now);
                return;
            }

            if (stanza.NameEquals(stanza.Root, "proceed"))
            {
                client.State = XmppClientState.AwaitingTls;
                return;
            }

            client.Close("the server refused STARTTLS");
        }

        private void StartSasl(XmlStanza stanza, long now)
        {
            var mechanisms = stanza.Child(stanza.Root, "mechanisms", XmppNamespaces.Sasl);
            var offered = StringArrays.Create(8);
            var count = 0;
            for (var m = mechanisms < 0 ? -1 : stanza.FirstChild(mechanisms); m >= 0 && count < offered.Length; m = stanza.NextSibling(m))
            {
                if (stanza.Is(m, "mechanism", XmppNamespaces.Sasl))
                {
                    offered[count++] = stanza.Text(m);
                }
            }

            var names = StringArrays.Create(count);
            Array.Copy(offered, names, count);
            var mechanism = SaslMechanismSelector.Select(names, tlsActive);
            if (mechanism == null)
            {
                session.FailWithStreamError("policy-violation", "no acceptable SASL mechanism offered", now);
                return;
            }

            client.State = XmppClientState.Authenticating;
            byte[] initial;
            if (mechanism == SaslPlain.Mechanism)
            {
                initial = SaslPlain.CreateMessage(null, settings.Account.Local, settings.Password);
            }
            else
            {
                scram = new ScramClient(mechanism, settings.Account.Local, settings.Password, entropy);
                scram.Macs = client.Macs;
                scramAnswered = false;
                if (client.ScramSecrets != null && client.ScramSecrets.Mechanism == mechanism)
                {
                    scram.Secrets = client.ScramSecrets;
                }

                initial = scram.CreateClientFirst();
            }

            session.Write("<auth xmlns='urn:ietf:params:xml:ns:xmpp-sasl' mechanism='" + mechanism + "'>" + Convert.ToBase64String(initial) + "</auth>", now);
        }

        /// <summary>A SASL element: a challenge, success or failure.</summary>
        internal void HandleSasl(XmlStanza stanza, long now)
        {
            var root = stanza.Root;
            if (client.State != XmppClientState.Authenticating)
            {
                session.FailWithStreamError("unsupported-stanza-type", "SASL element outside authentication", now);
                return;
            }

            if (stanza.NameEquals(root, "failure"))
            {
                var condition = stanza.FirstChild(root);
                // An abort of ours comes back as <aborted/>, and <temporary-auth-failure/> is the
                // server's trouble: neither is the server refusing the password, and a retry may work.
                client.AuthenticationRejected = condition >= 0 && !stanza.NameEquals(condition, "aborted")
                    && !stanza.NameEquals(condition, "temporary-auth-failure");
                if (client.AuthenticationRejected && scram != null && scram.Secrets != null && scram.Secrets == client.ScramSecrets)
                {
                    // The cache may be stale (the password changed): the next attempt derives afresh.
                    client.ScramSecrets = null;
                }

                client.Close("authentication failed: " + (condition < 0 ? "(no condition)" : stanza.Name(condition)));
                return;
            }

            var data = DecodeBase64(stanza.Text(root));
            if (data == null)
            {
                session.FailWithStreamError("bad-format", "SASL data that is not base64", now);
                return;
            }

            // Each SCRAM step comes once and in order; after our abort only <failure/> may come.
            // Anything else (a second challenge, a success before our proof, a challenge to PLAIN)
            // falls through to the stream error below: ScramClient would throw on it.
            if (stanza.NameEquals(root, "challenge") && scram != null && !scramAnswered && scram.Error == null)
            {
                var response = scram.HandleServerFirst(data, 0, data.Length);
                if (response == null)
                {
                    // RFC 6120 §6.4.2: abort; the server answers with <failure><aborted/>.
                    session.Write("<abort xmlns='urn:ietf:params:xml:ns:xmpp-sasl'/>", now);
                    client.LastError = "SCRAM: " + scram.Error;
                    return;
                }

                session.Write("<response xmlns='urn:ietf:params:xml:ns:xmpp-sasl'>" + Convert.ToBase64String(response) + "</response>", now);
                scramAnswered = true;
                return;
            }

            if (stanza.NameEquals(root, "success") && (scram == null || (scramAnswered && scram.Error == null)))
            {
                if (scram != null)
                {
                    if (!scram.HandleServerFinal(data, 0, data.Length))
                    {
                        // The server could not prove it knows the password: it is not our server.
                        client.Close("SCRAM: " + scram.Error);
                        return;
                    }

                    client.ScramSecrets = scram.Secrets;
                    scram = null;
                }

                authenticated = true;

                // Waiting for the new stream's features; a SASL element from now on is out of place.
                client.State = XmppClientState.Negotiating;
                parser.Reset();
                OpenStream(now);
                return;
            }

            session.FailWithStreamError("unsupported-stanza-type", "unexpected SASL element " + stanza.Name(root), now);
        }

        /// <summary>The answer to our bind or legacy session request (the session's IQ routing hands it here).</summary>
        internal void HandleBindAnswer(XmlStanza stanza, int tag, long now)
        {
            var root = stanza.Root;
            if (tag == SessionTag)
            {
                if (!stanza.AttributeEquals(root, "type", "result"))
                {
                    client.Close("session establishment refused");
                    return;
                }

                StartNewSession(now);
                return;
            }

            if (!stanza.AttributeEquals(root, "type", "result"))
            {
                client.Close("resource binding refused");
                return;
            }

            var bind = stanza.Child(root, "bind", XmppNamespaces.Bind);
            var jid = bind < 0 ? -1 : stanza.Child(bind, "jid", XmppNamespaces.Bind);
            client.BoundJid = jid < 0 ? null : stanza.Text(jid);
            if (client.BoundJid == null || !Jid.BareEquals(client.BoundJid, client.BareJid))
            {
                client.Close("the server bound an unexpected JID");
                return;
            }

            if (sessionRequired)
            {
                var w = session.BeginIq("set", null, SessionTag, settings.IqTimeout, now);
                w.StartElement("session");
                w.Attribute("xmlns", XmppNamespaces.Session);
                session.EndStanza(now);
                return;
            }

            StartNewSession(now);
        }

        /// <summary>The server resumed the stream (XEP-0198 §5): what it did not get goes again, and the session is online.</summary>
        internal void HandleResumed(XmlStanza stanza, long now)
        {
            streamManagement.Resumed();
            if (!session.Acknowledge(stanza, stanza.Root, now))
            {
                return;
            }

            session.ResendAfterResumption(now);
            session.GoOnline(true, now);
        }

        /// <summary>Resumption refused: the old session is gone with what it had not acknowledged, and a new one is bound.</summary>
        internal void HandleResumptionFailed(long now)
        {
            session.ForgetStreamManagement("the stream could not be resumed");
            SendBind(now);
        }

        private void StartNewSession(long now)
        {
            if (streamManagementOffered)
            {
                // Sent before anything else of the session, so that every stanza after it is counted.
                session.Write("<enable xmlns='urn:xmpp:sm:3' resume='true'/>", now);
                session.DropWaiting("a new session started");
                streamManagement.Enable();
            }
            else
            {
                session.ForgetStreamManagement("a new session started");
            }

            session.GoOnline(false, now);
        }

        private static byte[] DecodeBase64(string text)
        {
            // RFC 6120 §6.4.2: "=" stands for empty data; no text means no data.
            if (text == null || text.Length == 0 || text == "=")
            {
                return new byte[0];
            }

            // Checked first: .NET skips white space and throws FormatException on garbage, while
            // nanoFramework's native decoder is not documented to throw FormatException.
            return ScramClient.IsBase64(text) ? Convert.FromBase64String(text) : null;
        }
    }
}
