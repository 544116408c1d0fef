using System;
using SiotThing.Protocol.Text;
using SiotThing.Protocol.Xml;

namespace SiotThing.Protocol.Xmpp
{
    // The online session of an XmppClient, and the writing and sending of everything the client
    // puts on the wire.
    //
    // It decides: how a stanza is written and queued (the scratch buffer, one at a time); XEP-0198
    // acknowledgements both ways (answering <r/>, taking <a/>, asking when the window is half full
    // or a stanza has waited), pacing (a stanza beyond the window waits, one that cannot wait is
    // refused); the answers the client gives by itself (pings, unknown or malformed IQs, errors
    // that fit the buffer); routing stanzas to the handler and IQ answers to their requesters;
    // keepalives, pings after silence, IQ timeouts, and when a silent connection is dead.
    //
    // It does not decide: how the stream is negotiated, when the session starts or whether it
    // resumes (XmppNegotiation: it calls GoOnline and ResendAfterResumption); the connection's
    // state and why it ended (XmppClient, which owns State, LastError and Close); the XML parsing.

    /// <summary>
    /// The online part of <see cref="XmppClient"/>: stanzas, acknowledgements, pacing and pings.
    /// Internal; the client is its only user and the public surface.
    /// </summary>
    internal sealed class XmppSession
    {
        /// <summary>The largest depth of an element we write.</summary>
        private const int WriterDepth = 8;

        /// <summary>The tag of the client's own pings (tags below zero are the client's).</summary>
        private const int PingTag = -3;

        // Room in the stanza buffer for an answer besides the request's id and sender: element
        // names, the type, and an error element with its condition.
        private const int AnswerOverhead = 256;

        // And for an error's <text/>: its tags and namespace, besides the text itself.
        private const int TextOverhead = 64;

        private readonly XmppClient client;
        private readonly XmppClientSettings settings;
        private readonly IXmppClientHandler handler;
        private readonly OutputQueue output;
        private readonly IqTracker iqs;
        private readonly StreamManagement streamManagement;
        private readonly byte[] scratch;
        private readonly XmlWriter writer;

        private bool pingOutstanding;
        private bool ackRequested;
        private bool inStanza;

        // When a byte last came from the server: the client sets it as bytes arrive (a field, not
        // a call: the interpreter pays for every call on the receive path).
        internal long LastReceived;
        private long lastSent;
        private long pingSentAt;
        private long oldestUnacknowledgedAt;
        private long ackRequestedAt;

        // The id of the IQ request being written (BeginIq), so that a refused one is reported unanswered.
        private string writingIqId;

        /// <summary>Creates the session's part of a client; it allocates the stanza buffer here.</summary>
        internal XmppSession(XmppClient client, XmppClientSettings settings, IXmppClientHandler handler, OutputQueue output,
            IqTracker iqs, StreamManagement streamManagement)
        {
            this.client = client;
            this.settings = settings;
            this.handler = handler;
            this.output = output;
            this.iqs = iqs;
            this.streamManagement = streamManagement;
            scratch = new byte[settings.MaxOutgoingStanza];
            writer = new XmlWriter(scratch, WriterDepth);
        }

        /// <summary>A new connection: nothing asked, nothing outstanding, the silence counted from now.</summary>
        internal void Reset(long now)
        {
            pingOutstanding = false;
            ackRequested = false;
            LastReceived = now;
        }

        /// <summary>The stanza being written (if any) is abandoned: the connection ended under it.</summary>
        internal void AbandonStanza()
        {
            inStanza = false;
        }

        /// <summary>Starts a stanza in the scratch buffer (<see cref="XmppClient.BeginStanza"/>).</summary>
        internal XmlWriter BeginStanza(string name)
        {
            if (client.State != XmppClientState.Online && !(client.State == XmppClientState.Binding && name == "iq"))
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

        /// <summary>Starts a tracked IQ request (<see cref="XmppClient.BeginIq"/>).</summary>
        internal XmlWriter BeginIq(string type, string to, int tag, int timeout, long now)
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
        internal bool CanSendIq
        {
            get { return client.State == XmppClientState.Online && !iqs.IsFull; }
        }

        /// <summary>Closes the stanza being written and sends it, or keeps it waiting, or refuses it (<see cref="XmppClient.EndStanza"/>).</summary>
        internal bool EndStanza(long now)
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

        /// <summary>Answers an IQ request with an empty result when the answer fits (<see cref="XmppClient.SendIqResult"/>).</summary>
        internal void SendIqResult(XmlStanza request, long now)
        {
            if (!AnswerFits(request, 0))
            {
                return;
            }

            BeginResponse(request, "result");
            EndStanza(now);
        }

        /// <summary>Starts the answer to an IQ request (<see cref="XmppClient.BeginIqResult"/>).</summary>
        internal XmlWriter BeginIqResult(XmlStanza request)
        {
            return BeginResponse(request, "result");
        }

        /// <summary>Answers a stanza with a stanza error, unless it is an error or a result or the answer would not fit (<see cref="XmppClient.SendError"/>).</summary>
        internal void SendError(XmlStanza stanza, string errorType, string condition, long now)
        {
            SendError(stanza, errorType, condition, null, now);
        }

        internal void SendError(XmlStanza stanza, string errorType, string condition, string text, long now)
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
        /// the stanza, out of <see cref="XmppClient.Receive"/>, and leave the client unable to write another.
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

        /// <summary>The session is online (new or resumed): the handler hears of it.</summary>
        internal void GoOnline(bool resumed, long now)
        {
            client.State = XmppClientState.Online;
            LastReceived = now;
            pingOutstanding = false;
            handler.SessionStarted(client, resumed);
        }

        /// <summary>
        /// After <c>&lt;resumed/&gt;</c>: what the server did not get before the drop goes again,
        /// still counted as unacknowledged, then what waited for the window, in order.
        /// </summary>
        internal void ResendAfterResumption(long now)
        {
            var resend = new byte[streamManagement.UnacknowledgedBytes];
            streamManagement.CopyUnacknowledged(resend, 0);
            Send(resend, 0, resend.Length, false, now);

            ReleaseWaiting(now);
            if (streamManagement.UnacknowledgedCount > 0 && !ackRequested)
            {
                RequestAcknowledgement(now);
            }
        }

        /// <summary>A stream-management element while the stream is up: <c>r</c>, <c>a</c>, <c>enabled</c>, <c>failed</c>; <c>resumed</c> is the negotiation's.</summary>
        internal void HandleStreamManagement(XmlStanza stanza, long now)
        {
            var root = stanza.Root;
            if (stanza.NameEquals(root, "r"))
            {
                Write("<a xmlns='urn:xmpp:sm:3' h='" + streamManagement.Inbound.ToString() + "'/>", now);
            }
            else if (stanza.NameEquals(root, "a"))
            {
                if (!streamManagement.IsEnabled)
                {
                    // The last count of a session that is gone: a server may send one as it
                    // closes a stream (XEP-0198 §4), and Prosody 0.12 writes one after the
                    // <failed/> that refuses to resume an overflowed session. Our counts start
                    // again with the next <enable/>; checking it against them would answer a
                    // refusal we should act on with a stream error of our own.
                    return;
                }

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
                client.Negotiation.HandleResumed(stanza, now);
            }
            else if (stanza.NameEquals(root, "failed"))
            {
                if (client.State == XmppClientState.Binding && streamManagement.ResumeId != null)
                {
                    client.Negotiation.HandleResumptionFailed(now);
                }
                else
                {
                    ForgetStreamManagement("the server refused stream management");
                }
            }
        }

        /// <summary>Time passes while online: IQ timeouts, pings after silence, acknowledgement requests, keepalives.</summary>
        internal void Tick(long now)
        {
            for (var tag = iqs.Expire(now); tag != IqTracker.NoRequest; tag = iqs.Expire(now))
            {
                if (tag == PingTag)
                {
                    pingOutstanding = false;
                    if (LastReceived <= pingSentAt)
                    {
                        // Not a byte since the ping: the connection is dead even if the socket does not know it.
                        client.Close("the server did not answer a ping within " + (settings.PingTimeout / 1000) + " s");
                        return;
                    }

                    continue;
                }

                handler.IqAnswered(client, tag, null);
            }

            if (!pingOutstanding && now - LastReceived >= settings.PingAfterSilence)
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
                client.Close("the server did not acknowledge our stanzas within " + (settings.PingTimeout / 1000) + " s (stream management)");
                return;
            }

            if (now - lastSent >= settings.KeepaliveInterval)
            {
                // RFC 6120 §4.6.1: whitespace between stanzas keeps NATs and the server's timers happy.
                Write(" ", now);
            }
        }

        /// <summary>
        /// A clean close: what waits for the window goes now, beyond it (nothing needs keeping for
        /// a resend any more), an acknowledgement is asked for, the stream closes, and no
        /// resumption follows.
        /// </summary>
        internal void Close(long now)
        {
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
        }

        /// <summary>Takes the server's handled count (XEP-0198 <c>h</c>) from an <c>&lt;a/&gt;</c> or <c>&lt;resumed/&gt;</c>; a count out of range ends the stream.</summary>
        internal bool Acknowledge(XmlStanza stanza, int element, long now)
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

        internal void HandleStanza(XmlStanza stanza, long now)
        {
            var root = stanza.Root;
            if (!stanza.NameEquals(root, "iq"))
            {
                if (client.State == XmppClientState.Online)
                {
                    handler.StanzaReceived(client, stanza);
                }

                return;
            }

            if (stanza.AttributeEquals(root, "type", "result") || stanza.AttributeEquals(root, "type", "error"))
            {
                // With no request outstanding nothing can match: skip decoding id and from (two strings a stanza).
                var tag = iqs.Count == 0 ? IqTracker.NoRequest : iqs.Match(stanza.Attribute(root, "id"), stanza.Attribute(root, "from"), client.BareJid);
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

            if (client.State != XmppClientState.Online || !handler.StanzaReceived(client, stanza))
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
                case XmppNegotiation.BindTag:
                case XmppNegotiation.SessionTag:
                    client.Negotiation.HandleBindAnswer(stanza, tag, now);
                    return;
                default:
                    handler.IqAnswered(client, tag, stanza);
                    return;
            }
        }

        internal void RequestAcknowledgement(long now)
        {
            Write("<r xmlns='urn:xmpp:sm:3'/>", now);
            ackRequested = true;
            ackRequestedAt = now;
        }

        internal bool Send(byte[] bytes, int offset, int count, bool counted, long now)
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
                client.Close("the connection does not take our data (output queue full)");
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
        internal void ReleaseWaiting(long now)
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

        internal void Refuse(string reason)
        {
            client.RefusedStanzas++;
            handler.StanzaRefused(client, reason);
        }

        internal void DropWaiting(string reason)
        {
            var dropped = streamManagement.DropWaiting();
            for (var i = 0; i < dropped; i++)
            {
                Refuse("never sent: " + reason);
            }
        }

        internal void ForgetStreamManagement(string reason)
        {
            DropWaiting(reason);
            streamManagement.Forget();
        }

        /// <summary>Sends a nonza (not counted by stream management).</summary>
        internal void Write(string text, long now)
        {
            var bytes = Utf8.Encode(text);
            Send(bytes, 0, bytes.Length, false, now);
        }

        /// <summary>Ends the stream with a stream error (RFC 6120 §4.9) and closes the connection.</summary>
        internal void FailWithStreamError(string condition, string text, long now)
        {
            Write("<stream:error><" + condition + " xmlns='urn:ietf:params:xml:ns:xmpp-streams'/></stream:error></stream:stream>", now);
            client.Close("stream error " + condition + ": " + text);
        }

        /// <summary>Every IQ request still outstanding is answered <c>null</c>: no answer can come any more.</summary>
        internal void FailAbandonedRequests()
        {
            for (var tag = iqs.Abandon(); tag != IqTracker.NoRequest; tag = iqs.Abandon())
            {
                if (tag >= 0)
                {
                    handler.IqAnswered(client, tag, null);
                }
            }
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
    }
}
