using SiotThing.Protocol.Text;
using SiotThing.Protocol.Xml;
using SiotThing.Protocol.Xmpp;

namespace SiotThing.Tests.Xmpp
{
    /// <summary>
    /// An <see cref="IXmppClientHandler"/> that writes down every call, one line each, so that
    /// tests can compare what two runs reported; it can also answer IQ requests the way an agent
    /// would, to see what the client does with a handler that takes them.
    /// </summary>
    public sealed class RecordingClientHandler : IXmppClientHandler
    {
        /// <summary>With <see cref="Reply"/>: leave IQ requests to the client (it answers service-unavailable).</summary>
        public const int DoNotAnswer = 0;

        /// <summary>With <see cref="Reply"/>: answer IQ requests with an empty result.</summary>
        public const int AnswerResult = 1;

        /// <summary>With <see cref="Reply"/>: answer every stanza with <see cref="XmppClient.SendError"/> (feature-not-implemented).</summary>
        public const int AnswerError = 2;

        /// <summary>Every call so far, one line each, oldest first.</summary>
        public string Log { get; private set; } = string.Empty;

        /// <summary>How many sessions started.</summary>
        public int Sessions { get; private set; }

        /// <summary>The <c>resumed</c> flag of the last session that started.</summary>
        public bool LastResumed { get; private set; }

        /// <summary>How many times the connection ended.</summary>
        public int Ends { get; private set; }

        /// <summary>The reason given when the connection last ended, or <c>null</c>.</summary>
        public string LastEndReason { get; private set; }

        /// <summary>How many stanzas reached the handler.</summary>
        public int Stanzas { get; private set; }

        /// <summary>How many skipped stanzas (beyond the parser's limits) the handler heard of.</summary>
        public int Skipped { get; private set; }

        /// <summary>How many stanzas the client refused to send.</summary>
        public int Refused { get; private set; }

        /// <summary>The raw text of the last stanza that reached the handler.</summary>
        public string LastStanza { get; private set; }

        /// <summary>How many IQ answers (or timeouts) reached the handler.</summary>
        public int Answers { get; private set; }

        /// <summary>The tag of the last IQ answer.</summary>
        public int LastAnswerTag { get; private set; }

        /// <summary>The raw text of the last IQ answer, or <c>null</c> when it was a timeout or an abandoned request.</summary>
        public string LastAnswer { get; private set; }

        /// <summary>What to do with stanzas: <see cref="DoNotAnswer"/>, <see cref="AnswerResult"/> or <see cref="AnswerError"/>.</summary>
        public int Reply { get; set; }

        /// <summary>The time the handler writes replies with; the harness keeps it current.</summary>
        public long Now { get; set; }

        /// <inheritdoc />
        public void SessionStarted(XmppClient client, bool resumed)
        {
            Sessions++;
            LastResumed = resumed;
            Write("started resumed=" + (resumed ? "true" : "false") + " jid=" + client.BoundJid);
        }

        /// <inheritdoc />
        public bool StanzaReceived(XmppClient client, XmlStanza stanza)
        {
            Stanzas++;
            LastStanza = Raw(stanza);
            Write("stanza " + LastStanza);
            if (Reply == AnswerError)
            {
                client.SendError(stanza, "cancel", "feature-not-implemented", Now);
                return true;
            }

            if (Reply == AnswerResult && stanza.NameEquals(stanza.Root, "iq"))
            {
                var w = client.BeginIqResult(stanza);
                w.StartElement("answer");
                w.Attribute("xmlns", "urn:example:test");
                client.EndStanza(Now);
                return true;
            }

            return false;
        }

        /// <inheritdoc />
        public void StanzaSkipped(XmppClient client, XmlStanza stanza, string reason)
        {
            Skipped++;
            var root = stanza.Root;
            Write("skipped " + stanza.Name(root) + " from=" + stanza.Attribute(root, "from") + " id=" + stanza.Attribute(root, "id") + ": " + reason);
        }

        /// <inheritdoc />
        public void StanzaRefused(XmppClient client, string reason)
        {
            Refused++;
            Write("refused " + reason);
        }

        /// <inheritdoc />
        public void IqAnswered(XmppClient client, int tag, XmlStanza response)
        {
            Answers++;
            LastAnswerTag = tag;
            LastAnswer = response == null ? null : Raw(response);
            Write("answer " + tag.ToString() + " " + (LastAnswer == null ? "(none)" : LastAnswer));
        }

        /// <inheritdoc />
        public void SessionEnded(XmppClient client, string reason)
        {
            Ends++;
            LastEndReason = reason;
            Write("ended " + reason);
        }

        private void Write(string line)
        {
            Log = Log + line + "\n";
        }

        private static string Raw(XmlStanza stanza)
        {
            var bytes = new byte[stanza.RawLength];
            stanza.CopyRaw(bytes, 0);
            return Utf8.Decode(bytes, 0, bytes.Length);
        }
    }
}
