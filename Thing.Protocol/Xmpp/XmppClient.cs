using System;
using SiotThing.Protocol.Ports;
using SiotThing.Protocol.Sasl;
using SiotThing.Protocol.Xml;

namespace SiotThing.Protocol.Xmpp
{
    // The XMPP client as the rest of the thing sees it: the one public type, a facade over two
    // internal parts with their own state, XmppNegotiation (the first stream header to online,
    // new or resumed) and XmppSession (online: stanzas, acknowledgements, pacing, pings).
    //
    // It decides: the connection's state and why it ended (State, LastError, Close: the first
    // reason wins); what a top-level element from the server is and which part it goes to; what
    // happens to a top-level element beyond the parser's limits; what is kept across a dropped
    // connection (stream management for resumption) and what ends with it.
    //
    // It does not decide: how the stream is negotiated (XmppNegotiation), how stanzas are written,
    // paced, acknowledged or answered (XmppSession), the parsing (XmlStreamParser), the transport
    // or when to reconnect (the adapters, with ReconnectPolicy).

    /// <summary>
    /// A minimal XMPP client session (RFC 6120/6121) as a state machine without I/O: the transport
    /// hands it bytes and the time, and takes bytes from it. It negotiates STARTTLS (the transport
    /// does the handshake when <see cref="State"/> is <see cref="XmppClientState.AwaitingTls"/>),
    /// SASL (SCRAM-SHA-256, SCRAM-SHA-1, PLAIN over TLS only), resource binding, the legacy session
    /// when a server still requires it, and XEP-0198 stream management with resumption; it answers
    /// pings and unknown IQs, keeps the connection alive and notices when it is dead.
    /// </summary>
    /// <remarks>
    /// Round trips are kept few by sending what RFC 6120 allows without waiting: the stream
    /// header right after the TLS handshake and after SASL success (the parser is reset first),
    /// and stream management's enable in the same flight as the session's first stanzas.
    /// Reconnecting is the transport's job, paced by <see cref="ReconnectPolicy"/>.
    /// </remarks>
    public sealed class XmppClient
    {
        private readonly XmppClientSettings settings;
        private readonly IXmppClientHandler handler;
        private readonly XmlStreamParser parser;
        private readonly OutputQueue output;
        private readonly IqTracker iqs;
        private readonly StreamManagement streamManagement;
        private readonly XmppNegotiation negotiation;
        private readonly XmppSession session;
        private long receivedBytesSeen;

        /// <summary>Creates a client; it allocates its buffers here and then none per stanza.</summary>
        /// <param name="settings">The account and the timers.</param>
        /// <param name="handler">Who gets stanzas and session events.</param>
        /// <param name="entropy">Randomness for SASL nonces and request ids.</param>
        /// <param name="limits">Limits for what the server sends.</param>
        public XmppClient(XmppClientSettings settings, IXmppClientHandler handler, IEntropySource entropy, XmlLimits limits)
        {
            this.settings = settings;
            this.handler = handler;
            parser = new XmlStreamParser(limits);
            output = new OutputQueue(settings.OutputCapacity);
            iqs = new IqTracker(settings.MaxPendingIqs, RandomPrefix(entropy));
            streamManagement = new StreamManagement(settings.StreamManagementBytes, settings.StreamManagementStanzas,
                settings.StreamManagementWaitingBytes, settings.StreamManagementWaitingStanzas);
            session = new XmppSession(this, settings, handler, output, iqs, streamManagement);
            negotiation = new XmppNegotiation(this, session, settings, entropy, parser, streamManagement);
            State = XmppClientState.Disconnected;
        }

        /// <summary>The negotiation's part, for the session to hand it what ends the negotiation (bind answers, resumption).</summary>
        internal XmppNegotiation Negotiation
        {
            get { return negotiation; }
        }

        /// <summary>Where the connection is.</summary>
        public XmppClientState State { get; internal set; }

        /// <summary>The full JID the server bound, once online; otherwise the last one.</summary>
        public string BoundJid { get; internal set; }

        /// <summary>The account's bare JID.</summary>
        public string BareJid
        {
            get { return settings.Account.Bare; }
        }

        /// <summary>The account's domain, which is also the server's JID.</summary>
        public string Domain
        {
            get { return settings.Account.Domain; }
        }

        /// <summary>Why the last connection ended, or <c>null</c>.</summary>
        public string LastError { get; internal set; }

        /// <summary>
        /// Whether the last failure was the server refusing our credentials: retrying with the same
        /// password will not help, so the device should say so and retry only slowly.
        /// </summary>
        public bool AuthenticationRejected { get; internal set; }

        /// <summary>
        /// The SCRAM salted password from the last successful login, to store and give back after
        /// a restart so that the next login skips PBKDF2 (thousands of hash iterations).
        /// </summary>
        public ScramSecrets ScramSecrets { get; set; }

        /// <summary>
        /// Where SCRAM's HMACs come from (<see cref="ScramClient.Macs"/>): the managed ones when
        /// <c>null</c>; the ESP32 program gives the firmware's native HMAC-SHA-256.
        /// </summary>
        public SiotThing.Protocol.Crypto.IMacProvider Macs { get; set; }

        /// <summary>
        /// The time given to the client's current (or last) call, in milliseconds: handlers that
        /// answer a stanza from inside <see cref="IXmppClientHandler.StanzaReceived"/> send with it.
        /// </summary>
        public long Now { get; private set; }

        /// <summary>Whether the server offered roster versioning (RFC 6121 §2.6) on this connection.</summary>
        public bool RosterVersioningOffered { get; internal set; }

        /// <summary>How many bytes wait for the transport to send.</summary>
        public int OutputLength
        {
            get { return output.Length; }
        }

        /// <summary>How many stanzas await a stream-management acknowledgement.</summary>
        public int UnacknowledgedStanzas
        {
            get { return streamManagement.UnacknowledgedCount; }
        }

        /// <summary>
        /// How many stanzas wait for room in the XEP-0198 window: written, not yet sent, and sent
        /// in order once the server acknowledges what it got. Optional output (a query that can
        /// be asked later) is best left for when nothing waits.
        /// </summary>
        public int WaitingStanzas
        {
            get { return streamManagement.WaitingCount; }
        }

        /// <summary>How many stanzas were refused locally since the client was created (see <see cref="IXmppClientHandler.StanzaRefused"/>).</summary>
        public int RefusedStanzas { get; internal set; }

        /// <summary>Whether a dropped connection can be resumed (XEP-0198) on the next one.</summary>
        public bool CanResume
        {
            get { return streamManagement.ResumeId != null; }
        }

        /// <summary>Takes bytes to send.</summary>
        /// <param name="destination">Where to put them.</param>
        /// <param name="offset">The first index to write.</param>
        /// <param name="count">The most to take.</param>
        /// <returns>How many bytes were taken.</returns>
        public int ReadOutput(byte[] destination, int offset, int count)
        {
            var taken = output.Read(destination, offset, count);
            if (taken > 0 && streamManagement.WaitingCount > 0)
            {
                // Room in the output queue may be what a waiting stanza needed.
                session.ReleaseWaiting(Now);
            }

            return taken;
        }

        /// <summary>The transport connected (with TLS already, for XEP-0368 direct TLS): the stream starts.</summary>
        /// <param name="now">The time in milliseconds.</param>
        /// <param name="tls">Whether the connection is TLS from the first byte.</param>
        public void Connected(long now, bool tls)
        {
            Now = now;
            output.Clear();
            parser.Reset();
            negotiation.Start(now, tls);
            session.Reset(now);
            LastError = null;
            AuthenticationRejected = false;
            receivedBytesSeen = parser.BytesReceived;
            State = XmppClientState.Negotiating;
            negotiation.OpenStream(now);
        }

        /// <summary>The transport finished the TLS handshake that <see cref="XmppClientState.AwaitingTls"/> asked for.</summary>
        /// <param name="now">The time in milliseconds.</param>
        public void TlsEstablished(long now)
        {
            Now = now;
            if (State != XmppClientState.AwaitingTls)
            {
                throw new InvalidOperationException("no TLS handshake was asked for");
            }

            negotiation.TlsEstablished(now);
        }

        /// <summary>Bytes arrived from the server.</summary>
        /// <param name="buffer">The buffer.</param>
        /// <param name="offset">The first byte.</param>
        /// <param name="count">How many bytes.</param>
        /// <param name="now">The time in milliseconds.</param>
        public void Receive(byte[] buffer, int offset, int count, long now)
        {
            Now = now;
            var end = offset + count;
            // After <proceed/> the next bytes are the TLS handshake, which is the transport's.
            while (offset < end && (State == XmppClientState.Negotiating || State == XmppClientState.Authenticating
                || State == XmppClientState.Binding || State == XmppClientState.Online))
            {
                offset += parser.Feed(buffer, offset, end - offset);
                switch (parser.Event)
                {
                    case XmlEvent.StreamOpened:
                        negotiation.CheckStreamHeader(parser.Stanza, now);
                        break;
                    case XmlEvent.Stanza:
                        negotiation.Steps++;
                        HandleTopLevel(parser.Stanza, now);
                        break;
                    case XmlEvent.Skipped:
                        negotiation.Steps++;
                        HandleSkipped(parser.Stanza, parser.SkipReason, now);
                        break;
                    case XmlEvent.StreamClosed:
                        // The server closed its stream: close ours too (RFC 6120 §4.4).
                        session.Write("</stream:stream>", now);
                        Close("the server closed the stream");
                        break;
                    case XmlEvent.Error:
                        session.FailWithStreamError(parser.ErrorCondition, parser.ErrorText, now);
                        break;
                }
            }

            if (parser.BytesReceived != receivedBytesSeen)
            {
                receivedBytesSeen = parser.BytesReceived;
                session.LastReceived = now;
            }
        }

        /// <summary>
        /// Lets time pass: keepalives, pings after silence, acknowledgement requests, IQ timeouts
        /// and dead connections. Call it at least once a second while connected.
        /// </summary>
        /// <param name="now">The time in milliseconds.</param>
        public void Tick(long now)
        {
            Now = now;
            if (State == XmppClientState.Disconnected || State == XmppClientState.Closing)
            {
                return;
            }

            if (State != XmppClientState.Online)
            {
                negotiation.Tick(now);
                return;
            }

            session.Tick(now);
        }

        /// <summary>
        /// The connection is gone: the transport lost it, gave up on it, or closed it after
        /// <see cref="XmppClientState.Closing"/> (having sent what was queued). The client is
        /// disconnected and tells the handler; XEP-0198 state is kept for resumption.
        /// </summary>
        /// <param name="now">The time in milliseconds.</param>
        /// <param name="reason">What the transport saw; the client's own reason wins when it closed first.</param>
        public void ConnectionLost(long now, string reason)
        {
            Now = now;
            if (State == XmppClientState.Disconnected)
            {
                return;
            }

            if (LastError == null)
            {
                LastError = reason;
            }

            session.AbandonStanza();
            streamManagement.Suspend();
            output.Clear();
            State = XmppClientState.Disconnected;
            EndSession(LastError);
        }

        /// <summary>Closes the stream cleanly: <c>&lt;/stream:stream&gt;</c>, and no resumption afterwards.</summary>
        /// <param name="now">The time in milliseconds.</param>
        public void Disconnect(long now)
        {
            Now = now;
            if (State == XmppClientState.Disconnected || State == XmppClientState.Closing)
            {
                return;
            }

            session.Close(now);
            LastError = "closed by us";
            State = XmppClientState.Closing;
        }

        /// <summary>
        /// Starts writing a stanza (message, presence or iq) into the client's scratch buffer; finish
        /// it with <see cref="EndStanza"/>. Only while online, one at a time.
        /// </summary>
        /// <param name="name">The stanza's element name.</param>
        /// <returns>The writer, with the element open.</returns>
        public XmlWriter BeginStanza(string name)
        {
            return session.BeginStanza(name);
        }

        /// <summary>
        /// Starts an IQ request: writes <c>&lt;iq type to id&gt;</c> and tracks the answer, which
        /// comes to <see cref="IXmppClientHandler.IqAnswered"/> with <paramref name="tag"/>.
        /// </summary>
        /// <param name="type"><c>get</c> or <c>set</c>.</param>
        /// <param name="to">The recipient; <c>null</c> for our own server or account.</param>
        /// <param name="tag">The caller's number for the request (zero or more).</param>
        /// <param name="timeout">How long to wait for the answer, in milliseconds.</param>
        /// <param name="now">The time in milliseconds.</param>
        /// <returns>The writer, with the iq element open for the payload.</returns>
        public XmlWriter BeginIq(string type, string to, int tag, int timeout, long now)
        {
            return session.BeginIq(type, to, tag, timeout, now);
        }

        /// <summary>Whether another IQ request may be sent now.</summary>
        public bool CanSendIq
        {
            get { return session.CanSendIq; }
        }

        /// <summary>
        /// Closes the stanza begun with <see cref="BeginStanza"/> and queues it. With XEP-0198 on,
        /// a stanza beyond the window waits for the server's acknowledgement (see
        /// <see cref="WaitingStanzas"/>); one that cannot wait either (the waiting queue is full)
        /// is refused: <see cref="IXmppClientHandler.StanzaRefused"/> hears of it at once, and an
        /// IQ request is reported unanswered (<see cref="IXmppClientHandler.IqAnswered"/> with
        /// <c>null</c>) at the next <see cref="Tick"/>.
        /// </summary>
        /// <param name="now">The time in milliseconds.</param>
        /// <returns>Whether the stanza was sent or waits; <c>false</c> when it was refused.</returns>
        public bool EndStanza(long now)
        {
            return session.EndStanza(now);
        }

        /// <summary>
        /// Answers an IQ request with an empty result; not when the answer would not fit in the
        /// stanza buffer, which only an absurdly long id or sender makes so.
        /// </summary>
        /// <param name="request">The request (the stanza being handled).</param>
        /// <param name="now">The time in milliseconds.</param>
        public void SendIqResult(XmlStanza request, long now)
        {
            session.SendIqResult(request, now);
        }

        /// <summary>Starts the answer to an IQ request (<c>type='result'</c>); add a payload, then <see cref="EndStanza"/>.</summary>
        /// <param name="request">The request (the stanza being handled).</param>
        /// <returns>The writer, with the iq element open.</returns>
        public XmlWriter BeginIqResult(XmlStanza request)
        {
            return session.BeginIqResult(request);
        }

        /// <summary>
        /// Answers a stanza with a stanza error (RFC 6120 §8.3), e.g. <c>forbidden</c> of type
        /// <c>auth</c> or <c>service-unavailable</c> of type <c>cancel</c>. Errors are never
        /// answered (RFC 6120 §8.3.1), so an error stanza gets nothing; nor does a stanza whose
        /// answer would not fit in the stanza buffer (an absurdly long id or sender).
        /// </summary>
        /// <param name="stanza">The stanza that caused the error.</param>
        /// <param name="errorType">cancel, continue, modify, auth or wait.</param>
        /// <param name="condition">The defined condition's element name.</param>
        /// <param name="now">The time in milliseconds.</param>
        public void SendError(XmlStanza stanza, string errorType, string condition, long now)
        {
            session.SendError(stanza, errorType, condition, null, now);
        }

        private void HandleTopLevel(XmlStanza stanza, long now)
        {
            var root = stanza.Root;
            if (stanza.Is(root, "features", XmppNamespaces.Streams))
            {
                negotiation.HandleFeatures(stanza, now);
            }
            else if (stanza.Is(root, "error", XmppNamespaces.Streams))
            {
                var condition = stanza.FirstChild(root);
                Close("stream error from the server: " + (condition < 0 ? "(none)" : stanza.Name(condition)));
            }
            else if (stanza.NamespaceEquals(root, XmppNamespaces.Tls))
            {
                negotiation.HandleTls(stanza, now);
            }
            else if (stanza.NamespaceEquals(root, XmppNamespaces.Sasl))
            {
                negotiation.HandleSasl(stanza, now);
            }
            else if (stanza.NamespaceEquals(root, XmppNamespaces.StreamManagement))
            {
                session.HandleStreamManagement(stanza, now);
            }
            else if (stanza.NamespaceEquals(root, XmppNamespaces.Client)
                && (stanza.NameEquals(root, "iq") || stanza.NameEquals(root, "message") || stanza.NameEquals(root, "presence"))
                && (State == XmppClientState.Binding || State == XmppClientState.Online))
            {
                streamManagement.CountInbound();
                session.HandleStanza(stanza, now);
            }
            else
            {
                // Also a stanza before authentication: a server sends none before the stream is
                // authenticated, and answering one would need a stream we may write stanzas on.
                session.FailWithStreamError("unsupported-stanza-type", "unexpected top-level element " + stanza.Name(root), now);
            }
        }

        /// <summary>
        /// A top-level element beyond the parser's limits, read to its end and not kept. In the
        /// session it is a stanza the server sent (and counted, or XEP-0198's counts would part):
        /// the handler hears of it, and an IQ request is refused with <c>policy-violation</c>, so
        /// the sender learns why and waits for no answer. An answer to a request of ours is left
        /// to time out: it cannot be read, and taking it for an answer would act on half of it.
        /// Before the session, what the server sends is needed whole, and the stream ends.
        /// </summary>
        private void HandleSkipped(XmlStanza stanza, string reason, long now)
        {
            var root = stanza.Root;
            if (State != XmppClientState.Binding && State != XmppClientState.Online)
            {
                session.FailWithStreamError("policy-violation", "the server sent " + reason, now);
                return;
            }

            if (root < 0 || !stanza.NamespaceEquals(root, XmppNamespaces.Client)
                || !(stanza.NameEquals(root, "iq") || stanza.NameEquals(root, "message") || stanza.NameEquals(root, "presence")))
            {
                // No server forwards such a thing: the same as a whole one (HandleTopLevel).
                session.FailWithStreamError("unsupported-stanza-type", "an unexpected top-level element beyond the limits (" + reason + ")", now);
                return;
            }

            streamManagement.CountInbound();
            if (State == XmppClientState.Online)
            {
                handler.StanzaSkipped(this, stanza, reason);
            }

            // Without its id (the limit broke the start tag before it) there is nothing to answer.
            if (stanza.NameEquals(root, "iq") && stanza.HasAttribute(root, "id")
                && (stanza.AttributeEquals(root, "type", "get") || stanza.AttributeEquals(root, "type", "set")))
            {
                session.SendError(stanza, "modify", "policy-violation", "too large for this device: " + reason, now);
            }
        }

        /// <summary>
        /// Ends the connection from our side: the reason is kept (the first one wins), what is
        /// queued (a stream error, our closing tag) stays for the transport to flush before it
        /// closes, and stream management state stays for resumption.
        /// </summary>
        internal void Close(string reason)
        {
            if (LastError == null)
            {
                LastError = reason;
            }

            session.AbandonStanza();
            if (State == XmppClientState.Disconnected)
            {
                return;
            }

            streamManagement.Suspend();
            State = XmppClientState.Closing;
        }

        private void EndSession(string reason)
        {
            if (streamManagement.ResumeId == null)
            {
                // No resumption: what waited for the window will never go on this session.
                session.DropWaiting("the connection ended without resumption (" + reason + ")");
                session.FailAbandonedRequests();
            }

            handler.SessionEnded(this, reason);
        }

        private static string RandomPrefix(IEntropySource entropy)
        {
            var bytes = new byte[3];
            entropy.Fill(bytes, 0, bytes.Length);
            return Convert.ToBase64String(bytes) + "-";
        }
    }
}
