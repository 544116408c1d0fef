using SiotThing.Protocol.Agent;
using SiotThing.Protocol.Xml;
using SiotThing.Protocol.Xmpp;

namespace SiotThing.Tests.Replay
{
    /// <summary>
    /// Stands between the client and the agent during a replay, passing every call on unchanged,
    /// and counts the stanzas and logins for the replay's figures (a stanza: what reached the
    /// agent, a message, presence or IQ, or an answer to its IQ).
    /// </summary>
    public sealed class CountingHandler : IXmppClientHandler
    {
        private readonly ThingAgent agent;

        /// <summary>Creates the handler.</summary>
        /// <param name="agent">The agent that handles everything.</param>
        public CountingHandler(ThingAgent agent)
        {
            this.agent = agent;
        }

        /// <summary>How many stanzas reached the agent.</summary>
        public int Stanzas { get; private set; }

        /// <summary>How many sessions started (logins, resumed or not).</summary>
        public int Sessions { get; private set; }

        /// <summary>How many of them were resumptions (XEP-0198).</summary>
        public int Resumptions { get; private set; }

        /// <inheritdoc />
        public void SessionStarted(XmppClient client, bool resumed)
        {
            Sessions++;
            if (resumed)
            {
                Resumptions++;
            }

            agent.SessionStarted(client, resumed);
        }

        /// <inheritdoc />
        public bool StanzaReceived(XmppClient client, XmlStanza stanza)
        {
            Stanzas++;
            return agent.StanzaReceived(client, stanza);
        }

        /// <inheritdoc />
        public void StanzaSkipped(XmppClient client, XmlStanza stanza, string reason)
        {
            Stanzas++;
            agent.StanzaSkipped(client, stanza, reason);
        }

        /// <inheritdoc />
        public void IqAnswered(XmppClient client, int tag, XmlStanza response)
        {
            if (response != null)
            {
                // Null is a timeout: nothing arrived.
                Stanzas++;
            }

            agent.IqAnswered(client, tag, response);
        }

        /// <inheritdoc />
        public void StanzaRefused(XmppClient client, string reason)
        {
            agent.StanzaRefused(client, reason);
        }

        /// <inheritdoc />
        public void SessionEnded(XmppClient client, string reason)
        {
            agent.SessionEnded(client, reason);
        }
    }
}
