using SiotThing.Protocol.Text;
using SiotThing.Protocol.Xml;

namespace SiotThing.Protocol.Xmpp
{
    /// <summary>
    /// The account's roster as the thing needs it: who is in it and with which subscription
    /// (RFC 6121 §2), kept up to date by the roster result and by roster pushes, with roster
    /// versioning (§2.6) when the server offers it, so that a reconnect does not fetch it again.
    /// Bounded: items beyond <see cref="Capacity"/> are not kept (they count in
    /// <see cref="Dropped"/>); a friend that is not kept is asked about again when it subscribes.
    /// </summary>
    public sealed class Roster
    {
        private readonly string[] jids;
        private readonly RosterSubscription[] subscriptions;

        /// <summary>Creates an empty roster.</summary>
        /// <param name="capacity">How many items it keeps.</param>
        public Roster(int capacity)
        {
            jids = StringArrays.Create(capacity);
            subscriptions = new RosterSubscription[capacity];
        }

        /// <summary>How many items it can keep.</summary>
        public int Capacity
        {
            get { return jids.Length; }
        }

        /// <summary>How many items it holds.</summary>
        public int Count { get; private set; }

        /// <summary>How many items of the last result or pushes did not fit.</summary>
        public int Dropped { get; private set; }

        /// <summary>The version of the roster held, when the server versions rosters; otherwise <c>null</c>.</summary>
        public string Version { get; private set; }

        /// <summary>Whether the roster has been received at least once.</summary>
        public bool IsLoaded { get; private set; }

        /// <summary>The bare JID of item <paramref name="index"/>.</summary>
        /// <param name="index">0 to <see cref="Count"/> - 1.</param>
        /// <returns>The item's bare JID.</returns>
        public string ItemJid(int index)
        {
            return jids[index];
        }

        /// <summary>The subscription of item <paramref name="index"/>.</summary>
        /// <param name="index">0 to <see cref="Count"/> - 1.</param>
        /// <returns>The item's subscription.</returns>
        public RosterSubscription ItemSubscription(int index)
        {
            return subscriptions[index];
        }

        /// <summary>The subscription of a contact; <see cref="RosterSubscription.None"/> when it is not in the roster.</summary>
        /// <param name="bareJid">The contact's bare JID.</param>
        /// <returns>Its subscription.</returns>
        public RosterSubscription SubscriptionOf(string bareJid)
        {
            var index = IndexOf(bareJid);
            return index < 0 ? RosterSubscription.None : subscriptions[index];
        }

        /// <summary>Whether the contact receives our presence (subscription from or both): a friend, in the siot protocol.</summary>
        /// <param name="bareJid">The contact's bare JID.</param>
        /// <returns>Whether it is a friend by the roster.</returns>
        public bool IsSubscribedToUs(string bareJid)
        {
            var subscription = SubscriptionOf(bareJid);
            return subscription == RosterSubscription.From || subscription == RosterSubscription.Both;
        }

        /// <summary>Asks the server for the roster (with our version, when versioning is offered).</summary>
        /// <param name="client">An online client.</param>
        /// <param name="tag">The tag the answer comes back with; pass the answer to <see cref="HandleResult"/>.</param>
        /// <param name="now">The time in milliseconds.</param>
        public void Request(XmppClient client, int tag, long now)
        {
            var w = client.BeginIq("get", null, tag, 30000, now);
            w.StartElement("query");
            w.Attribute("xmlns", XmppNamespaces.Roster);
            if (client.RosterVersioningOffered)
            {
                // An empty version asks for the whole roster and a version to keep (§2.6.2).
                w.Attribute("ver", Version ?? string.Empty);
            }

            client.EndStanza(now);
        }

        /// <summary>
        /// Takes the answer to <see cref="Request"/>: the whole roster, or (with versioning) an empty
        /// result meaning "unchanged" (the changes then come as pushes).
        /// </summary>
        /// <param name="response">The IQ answer.</param>
        /// <returns>Whether it was a result (not an error).</returns>
        public bool HandleResult(XmlStanza response)
        {
            var root = response.Root;
            if (!response.AttributeEquals(root, "type", "result"))
            {
                return false;
            }

            var query = response.Child(root, "query", XmppNamespaces.Roster);
            if (query >= 0)
            {
                Count = 0;
                Dropped = 0;
                for (var item = response.FirstChild(query); item >= 0; item = response.NextSibling(item))
                {
                    Apply(response, item);
                }

                Version = response.Attribute(query, "ver");
            }

            IsLoaded = true;
            return true;
        }

        /// <summary>
        /// Takes a roster push (RFC 6121 §2.1.6) and answers it, except while stanzas wait for the
        /// XEP-0198 window (<see cref="XmppClient.WaitingStanzas"/>). A push is accepted only from
        /// the account itself (no <c>from</c>, or our bare JID): anyone else's is spoofed and gets an error.
        /// </summary>
        /// <param name="client">The client, to answer with.</param>
        /// <param name="push">An IQ set with a roster query.</param>
        /// <param name="now">The time in milliseconds.</param>
        /// <returns>Whether the stanza was a roster push (answered either way); <c>false</c> for anything else.</returns>
        public bool HandlePush(XmppClient client, XmlStanza push, long now)
        {
            var root = push.Root;
            var query = push.Child(root, "query", XmppNamespaces.Roster);
            if (query < 0 || !push.NameEquals(root, "iq") || !push.AttributeEquals(root, "type", "set"))
            {
                return false;
            }

            var from = push.Attribute(root, "from");
            if (from != null && !Jid.BareEquals(from, client.BareJid))
            {
                client.SendError(push, "cancel", "service-unavailable", now);
                return true;
            }

            var item = push.FirstChild(query);
            if (item < 0 || push.NextSibling(item) >= 0)
            {
                // §2.1.6: exactly one item per push.
                client.SendError(push, "modify", "bad-request", now);
                return true;
            }

            Apply(push, item);
            var version = push.Attribute(query, "ver");
            if (version != null)
            {
                Version = version;
            }

            if (client.WaitingStanzas == 0)
            {
                // While our output waits for the XEP-0198 window (a flood: every withdrawn
                // subscription request brings a push), the answer is left out: servers do not
                // wait for it, and the room is kept for answers people wait for.
                client.SendIqResult(push, now);
            }

            return true;
        }

        /// <summary>Forgets everything (a factory reset, or a roster that cannot be trusted any more).</summary>
        public void Clear()
        {
            for (var i = 0; i < Count; i++)
            {
                jids[i] = null;
            }

            Count = 0;
            Dropped = 0;
            Version = null;
            IsLoaded = false;
        }

        private void Apply(XmlStanza stanza, int item)
        {
            if (!stanza.Is(item, "item", XmppNamespaces.Roster))
            {
                return;
            }

            var jid = Jid.Parse(stanza.Attribute(item, "jid"));
            if (jid == null)
            {
                return;
            }

            var index = IndexOf(jid.Bare);
            if (stanza.AttributeEquals(item, "subscription", "remove"))
            {
                if (index >= 0)
                {
                    Count--;
                    jids[index] = jids[Count];
                    subscriptions[index] = subscriptions[Count];
                    jids[Count] = null;
                }

                return;
            }

            if (index < 0)
            {
                if (Count == jids.Length)
                {
                    Dropped++;
                    return;
                }

                index = Count++;
                jids[index] = jid.Bare;
            }

            subscriptions[index] = ParseSubscription(stanza, item);
        }

        private static RosterSubscription ParseSubscription(XmlStanza stanza, int item)
        {
            if (stanza.AttributeEquals(item, "subscription", "both"))
            {
                return RosterSubscription.Both;
            }

            if (stanza.AttributeEquals(item, "subscription", "from"))
            {
                return RosterSubscription.From;
            }

            if (stanza.AttributeEquals(item, "subscription", "to"))
            {
                return RosterSubscription.To;
            }

            return RosterSubscription.None;
        }

        private int IndexOf(string bareJid)
        {
            var jid = Jid.Parse(bareJid);
            if (jid == null)
            {
                return -1;
            }

            for (var i = 0; i < Count; i++)
            {
                if (jids[i] == jid.Bare)
                {
                    return i;
                }
            }

            return -1;
        }
    }
}
