using System;
using SiotThing.Protocol.Ports;
using SiotThing.Protocol.Sasl;
using SiotThing.Protocol.Text;
using SiotThing.Protocol.Xml;

namespace SiotThing.Protocol.Xmpp
{
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
        /// <summary>The largest depth of an element we write.</summary>
        private const int WriterDepth = 8;

        // Tags below zero belong to the client's own requests.
        private const int BindTag = -1;
        private const int SessionTag = -2;
        private const int PingTag = -3;

        // Room in the stanza buffer for an answer besides the request's id and sender: element
        // names, the type, and an error element with its condition.
        private const int AnswerOverhead = 256;

        // And for an error's <text/>: its tags and namespace, besides the text itself.
        private const int TextOverhead = 64;

        private readonly XmppClientSettings settings;
        private readonly IXmppClientHandler handler;
        private readonly IEntropySource entropy;
        private readonly XmlStreamParser parser;
        private readonly OutputQueue output;
        private readonly IqTracker iqs;
        private readonly StreamManagement streamManagement;
        private readonly byte[] scratch;
        private readonly XmlWriter writer;

        private bool tlsActive;
        private bool authenticated;
        private bool streamManagementOffered;
        private bool sessionRequired;
        private bool pingOutstanding;
        private bool ackRequested;
        private bool inStanza;
        private bool featuresSeen;
        private bool startTlsRequested;
        private ScramClient scram;

        // Our SCRAM client-final-message is out: the server's next word is <success/> (or <failure/>).
        private bool scramAnswered;
        // Negotiation progress: the step counter moves with every element the server sends before
        // the session is online, and the deadline restarts when Tick sees it move. So the timeout
        // measures waiting for the server, not our own work (an uncached PBKDF2 on the device can
        // take longer than the timeout, and must not be punished for it).
        private int negotiationStep;
        private int negotiationStepSeen;
        private long negotiationDeadline;
        private long lastReceived;
        private long lastSent;
        private long pingSentAt;
        private long oldestUnacknowledgedAt;
        private long ackRequestedAt;

        // The id of the IQ request being written (BeginIq), so that a refused one is reported unanswered.
        private string writingIqId;
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
            this.entropy = entropy;
            parser = new XmlStreamParser(limits);
            output = new OutputQueue(settings.OutputCapacity);
            iqs = new IqTracker(settings.MaxPendingIqs, RandomPrefix(entropy));
            streamManagement = new StreamManagement(settings.StreamManagementBytes, settings.StreamManagementStanzas,
                settings.StreamManagementWaitingBytes, settings.StreamManagementWaitingStanzas);
            scratch = new byte[settings.MaxOutgoingStanza];
            writer = new XmlWriter(scratch, WriterDepth);
            State = XmppClientState.Disconnected;
        }

        /// <summary>Where the connection is.</summary>
        public XmppClientState State { get; private set; }

        /// <summary>The full JID the server bound, once online; otherwise the last one.</summary>
        public string BoundJid { get; private set; }

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
        public string LastError { get; private set; }

        /// <summary>
        /// Whether the last failure was the server refusing our credentials: retrying with the same
        /// password will not help, so the device should say so and retry only slowly.
        /// </summary>
        public bool AuthenticationRejected { get; private set; }

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
        public bool RosterVersioningOffered { get; private set; }

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
        public int RefusedStanzas { get; private set; }

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
                ReleaseWaiting(Now);
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
            tlsActive = tls;
            startTlsRequested = false;
            authenticated = false;
            streamManagementOffered = false;
            sessionRequired = false;
            pingOutstanding = false;
            ackRequested = false;
            scram = null;
            scramAnswered = false;
            LastError = null;
            AuthenticationRejected = false;
            negotiationStep = 0;
            negotiationStepSeen = 0;
            negotiationDeadline = now + settings.NegotiationTimeout;
            lastReceived = now;
            receivedBytesSeen = parser.BytesReceived;
            State = XmppClientState.Negotiating;
            OpenStream(now);
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

            negotiationStep++;
            tlsActive = true;
            State = XmppClientState.Negotiating;
            parser.Reset();
            OpenStream(now);
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
                        CheckStreamHeader(parser.Stanza, now);
                        break;
                    case XmlEvent.Stanza:
                        negotiationStep++;
                        HandleTopLevel(parser.Stanza, now);
                        break;
                    case XmlEvent.Skipped:
                        negotiationStep++;
                        HandleSkipped(parser.Stanza, parser.SkipReason, now);
                        break;
                    case XmlEvent.StreamClosed:
                        // The server closed its stream: close ours too (RFC 6120 §4.4).
                        Write("</stream:stream>", now);
                        Close("the server closed the stream");
                        break;
                    case XmlEvent.Error:
                        FailWithStreamError(parser.ErrorCondition, parser.ErrorText, now);
                        break;
                }
            }

            if (parser.BytesReceived != receivedBytesSeen)
            {
                receivedBytesSeen = parser.BytesReceived;
                lastReceived = now;
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
                if (negotiationStep != negotiationStepSeen)
                {
                    negotiationStepSeen = negotiationStep;
                    negotiationDeadline = now + settings.NegotiationTimeout;
                }
                else if (now >= negotiationDeadline)
                {
                    Close("the server did not move the negotiation on within " + (settings.NegotiationTimeout / 1000) + " s");
                }

                return;
            }

            for (var tag = iqs.Expire(now); tag != IqTracker.NoRequest; tag = iqs.Expire(now))
            {
                if (tag == PingTag)
                {
                    pingOutstanding = false;
                    if (lastReceived <= pingSentAt)
                    {
                        // Not a byte since the ping: the connection is dead even if the socket does not know it.
                        Close("the server did not answer a ping within " + (settings.PingTimeout / 1000) + " s");
                        return;
                    }

                    continue;
                }

                handler.IqAnswered(this, tag, null);
            }

            if (!pingOutstanding && now - lastReceived >= settings.PingAfterSilence)
            {
                pingOutstanding = true;
                pingSentAt = now;
                var w = BeginIq("get", null, PingTag, settings.PingTimeout, now);
                w.StartElement("ping");
                w.Attribute("xmlns", XmppNamespaces.Ping);
                w.EndElement();
                EndStanza(now);
            }

            if (streamManagement.IsEnabled && streamManagement.UnacknowledgedCount > 0 && !ackRequested
                && now - oldestUnacknowledgedAt >= settings.AckRequestDelay)
            {
                RequestAcknowledgement(now);
            }

            if (ackRequested && now - ackRequestedAt >= settings.PingTimeout)
            {
                // XEP-0198 §4: an <r/> MUST be answered. Unanswered, what we sent did not arrive
                // whole: the transport lost it (on the ESP32 a failed TLS write returns without an
                // error) or the connection is dead. Resumption sends the unacknowledged again.
                Close("the server did not acknowledge our stanzas within " + (settings.PingTimeout / 1000) + " s (stream management)");
                return;
            }

            if (now - lastSent >= settings.KeepaliveInterval)
            {
                // RFC 6120 §4.6.1: whitespace between stanzas keeps NATs and the server's timers happy.
                Write(" ", now);
            }
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

            inStanza = false;
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

            // No resumption follows: what waits for the window goes now, beyond it (nothing needs
            // keeping for a resend any more), so that a clean close loses nothing it can send.
            var dropped = streamManagement.FlushWaiting(output);
            for (var i = 0; i < dropped; i++)
            {
                Refuse("the stream closed before the stanza could be sent (output queue full)");
            }

            if (streamManagement.IsEnabled && streamManagement.UnacknowledgedCount > 0)
            {
                RequestAcknowledgement(now);
            }

            Write("</stream:stream>", now);
            streamManagement.Forget();
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
            if (State != XmppClientState.Online && !(State == XmppClientState.Binding && name == "iq"))
            {
                throw new InvalidOperationException("not online");
            }

            if (inStanza)
            {
                throw new InvalidOperationException("a stanza is already being written");
            }

            inStanza = true;
            writingIqId = null;
            writer.Reset();
            writer.StartElement(name);
            return writer;
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
            if (iqs.IsFull)
            {
                throw new InvalidOperationException("too many IQ requests outstanding");
            }

            var w = BeginStanza("iq");
            var id = iqs.Add(to, tag, now + timeout);
            writingIqId = id;
            w.Attribute("type", type);
            w.Attribute("id", id);
            if (to != null)
            {
                w.Attribute("to", to);
            }

            return w;
        }

        /// <summary>Whether another IQ request may be sent now.</summary>
        public bool CanSendIq
        {
            get { return State == XmppClientState.Online && !iqs.IsFull; }
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
            if (!inStanza)
            {
                throw new InvalidOperationException("no stanza is being written");
            }

            while (writer.Depth > 0)
            {
                writer.EndElement();
            }

            inStanza = false;
            var iqId = writingIqId;
            writingIqId = null;
            if (Send(scratch, 0, writer.Length, true, now))
            {
                return true;
            }

            if (iqId != null)
            {
                // Never sent, so never answered: the requester hears so at the next tick rather
                // than after the full timeout (and not from inside this call, where it is writing).
                iqs.ExpireNow(iqId);
            }

            return false;
        }

        /// <summary>
        /// Answers an IQ request with an empty result; not when the answer would not fit in the
        /// stanza buffer, which only an absurdly long id or sender makes so.
        /// </summary>
        /// <param name="request">The request (the stanza being handled).</param>
        /// <param name="now">The time in milliseconds.</param>
        public void SendIqResult(XmlStanza request, long now)
        {
            if (!AnswerFits(request, 0))
            {
                return;
            }

            BeginResponse(request, "result");
            EndStanza(now);
        }

        /// <summary>Starts the answer to an IQ request (<c>type='result'</c>); add a payload, then <see cref="EndStanza"/>.</summary>
        /// <param name="request">The request (the stanza being handled).</param>
        /// <returns>The writer, with the iq element open.</returns>
        public XmlWriter BeginIqResult(XmlStanza request)
        {
            return BeginResponse(request, "result");
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
            SendError(stanza, errorType, condition, null, now);
        }

        private void SendError(XmlStanza stanza, string errorType, string condition, string text, long now)
        {
            var root = stanza.Root;
            if (stanza.AttributeEquals(root, "type", "error") || (stanza.NameEquals(root, "iq") && stanza.AttributeEquals(root, "type", "result"))
                || !AnswerFits(stanza, text == null ? 0 : EscapedLength(text) + TextOverhead))
            {
                return;
            }

            var w = BeginResponse(stanza, "error");
            w.StartElement("error");
            w.Attribute("type", errorType);
            w.StartElement(condition);
            w.Attribute("xmlns", XmppNamespaces.Stanzas);
            w.EndElement();
            if (text != null)
            {
                w.StartElement("text");
                w.Attribute("xmlns", XmppNamespaces.Stanzas);
                w.Text(text);
            }

            EndStanza(now);
        }

        /// <summary>
        /// Whether an answer to <paramref name="request"/> fits in the stanza buffer. The id and the
        /// sender come from the network, as long as the parser's stanza limit allows (anyone can
        /// send the thing an IQ); writing an answer that does not fit would throw in the middle of
        /// the stanza, out of <see cref="Receive"/>, and leave the client unable to write another.
        /// </summary>
        private bool AnswerFits(XmlStanza request, int extra)
        {
            var root = request.Root;
            return EscapedLength(request.Attribute(root, "id")) + EscapedLength(request.Attribute(root, "from")) + AnswerOverhead + extra <= scratch.Length;
        }

        /// <summary>At least what the writer makes of an attribute value: its UTF-8, and up to six bytes for a character it escapes.</summary>
        private static int EscapedLength(string value)
        {
            if (value == null)
            {
                return 0;
            }

            var length = Utf8.ByteCount(value);
            for (var i = 0; i < value.Length; i++)
            {
                var c = value[i];
                if (c == '&' || c == '<' || c == '>' || c == '"' || c == '\'' || c < ' ')
                {
                    length += 5;
                }
            }

            return length;
        }

        private XmlWriter BeginResponse(XmlStanza request, string type)
        {
            var root = request.Root;
            var w = BeginStanza(request.Name(root));
            w.Attribute("type", type);
            var id = request.Attribute(root, "id");
            if (id != null)
            {
                w.Attribute("id", id);
            }

            var from = request.Attribute(root, "from");
            if (from != null)
            {
                w.Attribute("to", from);
            }

            return w;
        }

        private void OpenStream(long now)
        {
            // Written by hand: the header is an open tag that the writer would close. 'from' only
            // once TLS protects it (RFC 6120 §4.7.1), so that the JID does not go out in clear.
            Write("<?xml version='1.0'?><stream:stream to='" + Domain + (tlsActive ? "' from='" + BareJid : string.Empty)
                + "' version='1.0' xml:lang='" + settings.Language
                + "' xmlns='jabber:client' xmlns:stream='http://etherx.jabber.org/streams'>", now);
        }

        private void HandleTopLevel(XmlStanza stanza, long now)
        {
            var root = stanza.Root;
            if (stanza.Is(root, "features", XmppNamespaces.Streams))
            {
                HandleFeatures(stanza, now);
            }
            else if (stanza.Is(root, "error", XmppNamespaces.Streams))
            {
                var condition = stanza.FirstChild(root);
                Close("stream error from the server: " + (condition < 0 ? "(none)" : stanza.Name(condition)));
            }
            else if (stanza.NamespaceEquals(root, XmppNamespaces.Tls))
            {
                HandleTls(stanza, now);
            }
            else if (stanza.NamespaceEquals(root, XmppNamespaces.Sasl))
            {
                HandleSasl(stanza, now);
            }
            else if (stanza.NamespaceEquals(root, XmppNamespaces.StreamManagement))
            {
                HandleStreamManagement(stanza, now);
            }
            else if (stanza.NamespaceEquals(root, XmppNamespaces.Client)
                && (stanza.NameEquals(root, "iq") || stanza.NameEquals(root, "message") || stanza.NameEquals(root, "presence"))
                && (State == XmppClientState.Binding || State == XmppClientState.Online))
            {
                streamManagement.CountInbound();
                HandleStanza(stanza, now);
            }
            else
            {
                // Also a stanza before authentication: a server sends none before the stream is
                // authenticated, and answering one would need a stream we may write stanzas on.
                FailWithStreamError("unsupported-stanza-type", "unexpected top-level element " + stanza.Name(root), now);
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
                FailWithStreamError("policy-violation", "the server sent " + reason, now);
                return;
            }

            if (root < 0 || !stanza.NamespaceEquals(root, XmppNamespaces.Client)
                || !(stanza.NameEquals(root, "iq") || stanza.NameEquals(root, "message") || stanza.NameEquals(root, "presence")))
            {
                // No server forwards such a thing: the same as a whole one (HandleTopLevel).
                FailWithStreamError("unsupported-stanza-type", "an unexpected top-level element beyond the limits (" + reason + ")", now);
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
                SendError(stanza, "modify", "policy-violation", "too large for this device: " + reason, now);
            }
        }

        private void CheckStreamHeader(XmlStanza stanza, long now)
        {
            featuresSeen = false;
            if (!stanza.ContentNamespaceEquals(XmppNamespaces.Client))
            {
                FailWithStreamError("invalid-namespace", "the server's stream is not jabber:client", now);
            }
            else if (!stanza.AttributeEquals(stanza.Stream, "version", "1.0"))
            {
                // RFC 6120 §4.7.5: without version 1.0 there are no stream features to negotiate.
                FailWithStreamError("unsupported-version", "the server's stream is not XMPP 1.0", now);
            }
        }

        private void HandleFeatures(XmlStanza stanza, long now)
        {
            var root = stanza.Root;
            if (featuresSeen)
            {
                // One set of features per stream: a second would start a second negotiation.
                FailWithStreamError("unsupported-stanza-type", "stream features sent twice", now);
                return;
            }

            featuresSeen = true;
            if (!tlsActive)
            {
                if (stanza.Child(root, "starttls", XmppNamespaces.Tls) < 0)
                {
                    // Never log in without TLS: the password (or its SCRAM proof) must not cross in clear.
                    FailWithStreamError("policy-violation", "the server does not offer STARTTLS", now);
                    return;
                }

                Write("<starttls xmlns='urn:ietf:params:xml:ns:xmpp-tls'/>", now);
                startTlsRequested = true;
                return;
            }

            if (!authenticated)
            {
                StartSasl(stanza, now);
                return;
            }

            streamManagementOffered = stanza.Child(root, "sm", XmppNamespaces.StreamManagement) >= 0;
            RosterVersioningOffered = stanza.Child(root, "ver", XmppNamespaces.RosterVersioning) >= 0;
            var session = stanza.Child(root, "session", XmppNamespaces.Session);
            sessionRequired = session >= 0 && stanza.Child(session, "optional", XmppNamespaces.Session) < 0;
            if (stanza.Child(root, "bind", XmppNamespaces.Bind) < 0)
            {
                FailWithStreamError("policy-violation", "the server offers no resource binding", now);
                return;
            }

            State = XmppClientState.Binding;
            if (streamManagementOffered && streamManagement.ResumeId != null)
            {
                Write("<resume xmlns='urn:xmpp:sm:3' h='" + streamManagement.Inbound.ToString() + "' previd='" + streamManagement.ResumeId + "'/>", now);
                return;
            }

            SendBind(now);
        }

        private void SendBind(long now)
        {
            FailAbandonedRequests();
            var w = BeginIq("set", null, BindTag, settings.IqTimeout, now);
            w.StartElement("bind");
            w.Attribute("xmlns", XmppNamespaces.Bind);
            if (settings.Resource != null)
            {
                w.StartElement("resource");
                w.Text(settings.Resource);
            }

            EndStanza(now);
        }

        private void HandleTls(XmlStanza stanza, long now)
        {
            if (!startTlsRequested || tlsActive)
            {
                FailWithStreamError("unsupported-stanza-type", "a TLS element we did not ask for", now);
                return;
            }

            if (stanza.NameEquals(stanza.Root, "proceed"))
            {
                State = XmppClientState.AwaitingTls;
                return;
            }

            Close("the server refused STARTTLS");
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
                FailWithStreamError("policy-violation", "no acceptable SASL mechanism offered", now);
                return;
            }

            State = XmppClientState.Authenticating;
            byte[] initial;
            if (mechanism == SaslPlain.Mechanism)
            {
                initial = SaslPlain.CreateMessage(null, settings.Account.Local, settings.Password);
            }
            else
            {
                scram = new ScramClient(mechanism, settings.Account.Local, settings.Password, entropy);
                scram.Macs = Macs;
                scramAnswered = false;
                if (ScramSecrets != null && ScramSecrets.Mechanism == mechanism)
                {
                    scram.Secrets = ScramSecrets;
                }

                initial = scram.CreateClientFirst();
            }

            Write("<auth xmlns='urn:ietf:params:xml:ns:xmpp-sasl' mechanism='" + mechanism + "'>" + Convert.ToBase64String(initial) + "</auth>", now);
        }

        private void HandleSasl(XmlStanza stanza, long now)
        {
            var root = stanza.Root;
            if (State != XmppClientState.Authenticating)
            {
                FailWithStreamError("unsupported-stanza-type", "SASL element outside authentication", now);
                return;
            }

            if (stanza.NameEquals(root, "failure"))
            {
                var condition = stanza.FirstChild(root);
                // An abort of ours comes back as <aborted/>, and <temporary-auth-failure/> is the
                // server's trouble: neither is the server refusing the password, and a retry may work.
                AuthenticationRejected = condition >= 0 && !stanza.NameEquals(condition, "aborted")
                    && !stanza.NameEquals(condition, "temporary-auth-failure");
                if (AuthenticationRejected && scram != null && scram.Secrets != null && scram.Secrets == ScramSecrets)
                {
                    // The cache may be stale (the password changed): the next attempt derives afresh.
                    ScramSecrets = null;
                }

                Close("authentication failed: " + (condition < 0 ? "(no condition)" : stanza.Name(condition)));
                return;
            }

            var data = DecodeBase64(stanza.Text(root));
            if (data == null)
            {
                FailWithStreamError("bad-format", "SASL data that is not base64", now);
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
                    Write("<abort xmlns='urn:ietf:params:xml:ns:xmpp-sasl'/>", now);
                    LastError = "SCRAM: " + scram.Error;
                    return;
                }

                Write("<response xmlns='urn:ietf:params:xml:ns:xmpp-sasl'>" + Convert.ToBase64String(response) + "</response>", now);
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
                        Close("SCRAM: " + scram.Error);
                        return;
                    }

                    ScramSecrets = scram.Secrets;
                    scram = null;
                }

                authenticated = true;

                // Waiting for the new stream's features; a SASL element from now on is out of place.
                State = XmppClientState.Negotiating;
                parser.Reset();
                OpenStream(now);
                return;
            }

            FailWithStreamError("unsupported-stanza-type", "unexpected SASL element " + stanza.Name(root), now);
        }

        private void HandleStreamManagement(XmlStanza stanza, long now)
        {
            var root = stanza.Root;
            if (stanza.NameEquals(root, "r"))
            {
                Write("<a xmlns='urn:xmpp:sm:3' h='" + streamManagement.Inbound.ToString() + "'/>", now);
            }
            else if (stanza.NameEquals(root, "a"))
            {
                if (Acknowledge(stanza, root, now))
                {
                    ReleaseWaiting(now);
                }
            }
            else if (stanza.NameEquals(root, "enabled"))
            {
                var resume = stanza.AttributeEquals(root, "resume", "true") || stanza.AttributeEquals(root, "resume", "1");
                streamManagement.Enabled(resume ? stanza.Attribute(root, "id") : null);
            }
            else if (stanza.NameEquals(root, "resumed"))
            {
                streamManagement.Resumed();
                if (!Acknowledge(stanza, root, now))
                {
                    return;
                }

                // What the server did not get before the drop goes again, still counted as unacknowledged.
                var resend = new byte[streamManagement.UnacknowledgedBytes];
                streamManagement.CopyUnacknowledged(resend, 0);
                Send(resend, 0, resend.Length, false, now);

                // Then what waited for the window when the connection dropped, in order.
                ReleaseWaiting(now);
                if (streamManagement.UnacknowledgedCount > 0 && !ackRequested)
                {
                    RequestAcknowledgement(now);
                }

                GoOnline(true, now);
            }
            else if (stanza.NameEquals(root, "failed"))
            {
                if (State == XmppClientState.Binding && streamManagement.ResumeId != null)
                {
                    // Resumption refused: the old session is gone with what it had not acknowledged.
                    ForgetStreamManagement("the stream could not be resumed");
                    SendBind(now);
                }
                else
                {
                    ForgetStreamManagement("the server refused stream management");
                }
            }
        }

        private bool Acknowledge(XmlStanza stanza, int element, long now)
        {
            var handled = ParseUInt(stanza.Attribute(element, "h"));
            if (handled < 0 || !streamManagement.Acknowledge((uint)handled))
            {
                FailWithStreamError("undefined-condition", "stream management: handled count out of range", now);
                return false;
            }

            ackRequested = false;
            oldestUnacknowledgedAt = now;
            return true;
        }

        private void HandleStanza(XmlStanza stanza, long now)
        {
            var root = stanza.Root;
            if (!stanza.NameEquals(root, "iq"))
            {
                if (State == XmppClientState.Online)
                {
                    handler.StanzaReceived(this, stanza);
                }

                return;
            }

            if (stanza.AttributeEquals(root, "type", "result") || stanza.AttributeEquals(root, "type", "error"))
            {
                // With no request outstanding nothing can match: skip decoding id and from (two strings a stanza).
                var tag = iqs.Count == 0 ? IqTracker.NoRequest : iqs.Match(stanza.Attribute(root, "id"), stanza.Attribute(root, "from"), BareJid);
                HandleIqAnswer(stanza, tag, now);
                return;
            }

            if (!stanza.AttributeEquals(root, "type", "get") && !stanza.AttributeEquals(root, "type", "set"))
            {
                SendError(stanza, "modify", "bad-request", now);
                return;
            }

            var child = stanza.FirstChild(root);
            if (child >= 0 && stanza.AttributeEquals(root, "type", "get") && stanza.Is(child, "ping", XmppNamespaces.Ping))
            {
                SendIqResult(stanza, now);
                return;
            }

            if (State != XmppClientState.Online || !handler.StanzaReceived(this, stanza))
            {
                SendError(stanza, "cancel", "service-unavailable", now);
            }
        }

        private void HandleIqAnswer(XmlStanza stanza, int tag, long now)
        {
            var root = stanza.Root;
            switch (tag)
            {
                case IqTracker.NoRequest:
                    // Not ours, or from the wrong sender: nothing to do, and never answered (RFC 6120 §8.2.3).
                    return;
                case PingTag:
                    pingOutstanding = false;
                    return;
                case BindTag:
                    if (!stanza.AttributeEquals(root, "type", "result"))
                    {
                        Close("resource binding refused");
                        return;
                    }

                    var bind = stanza.Child(root, "bind", XmppNamespaces.Bind);
                    var jid = bind < 0 ? -1 : stanza.Child(bind, "jid", XmppNamespaces.Bind);
                    BoundJid = jid < 0 ? null : stanza.Text(jid);
                    if (BoundJid == null || !Jid.BareEquals(BoundJid, BareJid))
                    {
                        Close("the server bound an unexpected JID");
                        return;
                    }

                    if (sessionRequired)
                    {
                        var w = BeginIq("set", null, SessionTag, settings.IqTimeout, now);
                        w.StartElement("session");
                        w.Attribute("xmlns", XmppNamespaces.Session);
                        EndStanza(now);
                        return;
                    }

                    StartNewSession(now);
                    return;
                case SessionTag:
                    if (!stanza.AttributeEquals(root, "type", "result"))
                    {
                        Close("session establishment refused");
                        return;
                    }

                    StartNewSession(now);
                    return;
                default:
                    handler.IqAnswered(this, tag, stanza);
                    return;
            }
        }

        private void StartNewSession(long now)
        {
            if (streamManagementOffered)
            {
                // Sent before anything else of the session, so that every stanza after it is counted.
                Write("<enable xmlns='urn:xmpp:sm:3' resume='true'/>", now);
                DropWaiting("a new session started");
                streamManagement.Enable();
            }
            else
            {
                ForgetStreamManagement("a new session started");
            }

            GoOnline(false, now);
        }

        private void GoOnline(bool resumed, long now)
        {
            State = XmppClientState.Online;
            lastReceived = now;
            pingOutstanding = false;
            handler.SessionStarted(this, resumed);
        }

        private void RequestAcknowledgement(long now)
        {
            Write("<r xmlns='urn:xmpp:sm:3'/>", now);
            ackRequested = true;
            ackRequestedAt = now;
        }

        private bool Send(byte[] bytes, int offset, int count, bool counted, long now)
        {
            if (counted && streamManagement.IsEnabled)
            {
                var windowFull = !streamManagement.HasRoomFor(count);
                if (windowFull || count > output.Free)
                {
                    // Pacing: our own output outran the window (or the transport). The stanza
                    // waits, not yet counted, and goes when an acknowledgement (or the transport)
                    // makes room; the connection is not dead for that, only busy.
                    if (!streamManagement.Hold(bytes, offset, count))
                    {
                        Refuse("the output waits for the server's acknowledgement and its queue is full ("
                            + streamManagement.WaitingCount.ToString() + " stanzas wait)");
                        return false;
                    }

                    if (windowFull && !ackRequested && streamManagement.UnacknowledgedCount > 0)
                    {
                        RequestAcknowledgement(now);
                    }

                    return true;
                }

                if (streamManagement.UnacknowledgedCount == 0)
                {
                    oldestUnacknowledgedAt = now;
                }

                // Kept before it is queued: a stanza that went out unkept would be counted by the
                // server and not by us, and the resumption would fail (h too high) or lose it.
                streamManagement.Store(bytes, offset, count);
            }

            if (!output.Append(bytes, offset, count))
            {
                // Without stream management (or for our own nonzas) nothing can wait: the
                // transport has stopped taking data. A stanza kept above goes again when the
                // stream is resumed.
                Close("the connection does not take our data (output queue full)");
                return false;
            }

            lastSent = now;
            if (counted)
            {
                RequestAcknowledgementWhenHalfFull(now);
            }

            return true;
        }

        private void RequestAcknowledgementWhenHalfFull(long now)
        {
            if (streamManagement.IsEnabled && !ackRequested
                && (streamManagement.UnacknowledgedCount * 2 >= settings.StreamManagementStanzas
                    || streamManagement.UnacknowledgedBytes * 2 >= settings.StreamManagementBytes))
            {
                // Half full: ask now, so that a burst of stanzas does not fill the window before
                // the server has had a chance to acknowledge.
                RequestAcknowledgement(now);
            }
        }

        /// <summary>Sends, in order, the waiting stanzas the window and the output queue have room for now.</summary>
        private void ReleaseWaiting(long now)
        {
            if (!streamManagement.IsEnabled || streamManagement.WaitingCount == 0)
            {
                return;
            }

            var released = false;
            while (true)
            {
                var windowWasEmpty = streamManagement.UnacknowledgedCount == 0;
                if (!streamManagement.ReleaseWaiting(output))
                {
                    break;
                }

                if (windowWasEmpty)
                {
                    oldestUnacknowledgedAt = now;
                }

                released = true;
            }

            if (released)
            {
                lastSent = now;
                RequestAcknowledgementWhenHalfFull(now);
            }

            if (streamManagement.WaitingCount > 0 && !ackRequested && streamManagement.UnacknowledgedCount > 0)
            {
                RequestAcknowledgement(now);
            }
        }

        private void Refuse(string reason)
        {
            RefusedStanzas++;
            handler.StanzaRefused(this, reason);
        }

        private void DropWaiting(string reason)
        {
            var dropped = streamManagement.DropWaiting();
            for (var i = 0; i < dropped; i++)
            {
                Refuse("never sent: " + reason);
            }
        }

        private void ForgetStreamManagement(string reason)
        {
            DropWaiting(reason);
            streamManagement.Forget();
        }

        private void Write(string text, long now)
        {
            var bytes = Utf8.Encode(text);
            Send(bytes, 0, bytes.Length, false, now);
        }

        private void FailWithStreamError(string condition, string text, long now)
        {
            Write("<stream:error><" + condition + " xmlns='urn:ietf:params:xml:ns:xmpp-streams'/></stream:error></stream:stream>", now);
            Close("stream error " + condition + ": " + text);
        }

        private void Close(string reason)
        {
            if (LastError == null)
            {
                LastError = reason;
            }

            inStanza = false;
            if (State == XmppClientState.Disconnected)
            {
                return;
            }

            // What is queued (a stream error, our closing tag) stays for the transport to flush
            // before it closes; stream management state stays for resumption.
            streamManagement.Suspend();
            State = XmppClientState.Closing;
        }

        private void EndSession(string reason)
        {
            if (streamManagement.ResumeId == null)
            {
                // No resumption: what waited for the window will never go on this session.
                DropWaiting("the connection ended without resumption (" + reason + ")");
                FailAbandonedRequests();
            }

            handler.SessionEnded(this, reason);
        }

        private void FailAbandonedRequests()
        {
            for (var tag = iqs.Abandon(); tag != IqTracker.NoRequest; tag = iqs.Abandon())
            {
                if (tag >= 0)
                {
                    handler.IqAnswered(this, tag, null);
                }
            }
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

        private static long ParseUInt(string text)
        {
            if (text == null || text.Length == 0 || text.Length > 10)
            {
                return -1;
            }

            long value = 0;
            for (var i = 0; i < text.Length; i++)
            {
                if (text[i] < '0' || text[i] > '9')
                {
                    return -1;
                }

                value = value * 10 + (text[i] - '0');
            }

            return value > uint.MaxValue ? -1 : value;
        }

        private static string RandomPrefix(IEntropySource entropy)
        {
            var bytes = new byte[3];
            entropy.Fill(bytes, 0, bytes.Length);
            return Convert.ToBase64String(bytes) + "-";
        }
    }
}
