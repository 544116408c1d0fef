using SiotThing.Protocol.Xml;

namespace SiotThing.Protocol.Xmpp
{
    /// <summary>What the client tells the layer above it (the thing's agent). Calls come from inside the client's methods.</summary>
    public interface IXmppClientHandler
    {
        /// <summary>The session is online.</summary>
        /// <param name="client">The client.</param>
        /// <param name="resumed">
        /// Whether an earlier stream was resumed (XEP-0198): roster, presence and pending requests
        /// are as they were. When <c>false</c>, it is a new session: send presence, fetch the roster.
        /// </param>
        void SessionStarted(XmppClient client, bool resumed);

        /// <summary>A message, a presence, or an IQ request (get/set) arrived.</summary>
        /// <param name="client">The client.</param>
        /// <param name="stanza">The stanza; valid only during the call.</param>
        /// <returns>
        /// For an IQ request, whether the handler answered it; when not, the client answers
        /// <c>service-unavailable</c> (RFC 6120 §8.4). Ignored for other stanzas.
        /// </returns>
        bool StanzaReceived(XmppClient client, XmlStanza stanza);

        /// <summary>
        /// A message, presence or IQ arrived that was beyond the parser's limits and was skipped
        /// (the client already refused an IQ request with <c>policy-violation</c>). Called once per
        /// stanza; log it, and use the root's attributes at most: its children and text are gone.
        /// </summary>
        /// <param name="client">The client.</param>
        /// <param name="stanza">The root's start tag (name, <c>from</c>, <c>type</c>, <c>id</c>, ...); valid only during the call.</param>
        /// <param name="reason">Which limit it broke.</param>
        void StanzaSkipped(XmppClient client, XmlStanza stanza, string reason);

        /// <summary>An IQ request of ours was answered, or timed out.</summary>
        /// <param name="client">The client.</param>
        /// <param name="tag">The tag given with the request.</param>
        /// <param name="response">The answer (type result or error); <c>null</c> when none came in time or the session ended.</param>
        void IqAnswered(XmppClient client, int tag, XmlStanza response);

        /// <summary>
        /// A stanza written with <see cref="XmppClient.EndStanza"/> will not be sent: the
        /// XEP-0198 window had no room and the queue of stanzas waiting for it was full, or the
        /// session it waited for ended without resumption. Called once per stanza, from inside
        /// the client (possibly from inside <see cref="XmppClient.EndStanza"/>): log it or note it,
        /// but write no stanza here. An IQ request among them is also reported unanswered.
        /// </summary>
        /// <param name="client">The client.</param>
        /// <param name="reason">Why, for the log.</param>
        void StanzaRefused(XmppClient client, string reason);

        /// <summary>The connection is gone (the client is <see cref="XmppClientState.Disconnected"/> again).</summary>
        /// <param name="client">The client.</param>
        /// <param name="reason">Why, for the log and the display.</param>
        void SessionEnded(XmppClient client, string reason);
    }
}
