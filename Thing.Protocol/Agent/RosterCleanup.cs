using SiotThing.Protocol.Ports;
using SiotThing.Protocol.Storage;
using SiotThing.Protocol.Xml;
using SiotThing.Protocol.Xmpp;

namespace SiotThing.Protocol.Agent
{
    /// <summary>
    /// The removal of the old friends from the roster after a factory reset or a disowning: which
    /// items go (all but the provisioning service; removing an item makes the server cancel both
    /// subscriptions, RFC 6121 §2.5.2), how many removals are in flight, and when the clean-up is
    /// done (the state's <see cref="ThingState.RosterCleanupPending"/> cleared and saved, so that
    /// a reboot in the middle finishes it at the next roster).
    /// It does not load or keep the roster (<see cref="Roster"/> does, the agent asks for it), does
    /// not decide when to clean up (the agent does, after a reset, a disowning, or a roster
    /// loaded while one is pending), and does not send: the agent opens each removal's IQ with
    /// <see cref="TagOf"/>, has <see cref="WriteRemoval"/> fill it and tells <see cref="RemovalSent"/>.
    /// </summary>
    public sealed class RosterCleanup
    {
        private const int TagBase = 200;

        // One tag per roster item (tag = TagBase + the item's index): the roster holds fewer.
        private const int Tags = 100;

        private readonly ThingConfiguration configuration;
        private readonly ThingStateStore store;
        private readonly ThingState state;
        private readonly Roster roster;
        private readonly ILog log;

        private int removalsInFlight;

        /// <summary>Creates the clean-up of the roster of the thing whose state is given.</summary>
        /// <param name="configuration">The provisioning service's JID (its item stays).</param>
        /// <param name="store">Where the state is saved.</param>
        /// <param name="state">The thing's state (whether a clean-up is pending).</param>
        /// <param name="roster">The roster (read only).</param>
        /// <param name="log">Where to report.</param>
        public RosterCleanup(ThingConfiguration configuration, ThingStateStore store, ThingState state, Roster roster, ILog log)
        {
            this.configuration = configuration;
            this.store = store;
            this.state = state;
            this.roster = roster;
            this.log = log;
        }

        /// <summary>Whether the old friends are still to be removed.</summary>
        public bool Pending
        {
            get { return state.RosterCleanupPending; }
        }

        /// <summary>The IQ tags of removals, old or current.</summary>
        /// <param name="tag">A tag the client answered.</param>
        /// <returns>Whether it belongs to a removal.</returns>
        public static bool Owns(int tag)
        {
            return tag >= TagBase && tag < TagBase + Tags;
        }

        /// <summary>The IQ tag of the removal of roster item <paramref name="index"/>.</summary>
        /// <param name="index">A roster index from <see cref="NextRemoval"/>.</param>
        /// <returns>The tag.</returns>
        public static int TagOf(int index)
        {
            return TagBase + index;
        }

        /// <summary>The next roster item to remove, from <paramref name="from"/> on.</summary>
        /// <param name="from">The roster index to start at (0, then the last one given + 1).</param>
        /// <returns>Its roster index, or -1 when no item from there on is to go.</returns>
        public int NextRemoval(int from)
        {
            for (var i = from; i < roster.Count; i++)
            {
                if (roster.ItemJid(i) != configuration.ProvisioningJid)
                {
                    return i;
                }
            }

            return -1;
        }

        /// <summary>Writes the removal of roster item <paramref name="index"/> into the IQ set the agent opened.</summary>
        /// <param name="w">The IQ's writer.</param>
        /// <param name="index">A roster index from <see cref="NextRemoval"/>.</param>
        public void WriteRemoval(XmlWriter w, int index)
        {
            w.StartElement("query");
            w.Attribute("xmlns", XmppNamespaces.Roster);
            w.StartElement("item");
            w.Attribute("jid", roster.ItemJid(index));
            w.Attribute("subscription", "remove");
        }

        /// <summary>A removal was sent: the clean-up is not done before it is answered.</summary>
        public void RemovalSent()
        {
            removalsInFlight++;
        }

        /// <summary>A removal was answered (or not in time): see whether the clean-up is done.</summary>
        public void RemovalAnswered()
        {
            removalsInFlight--;
            RosterChanged();
        }

        /// <summary>The session ended: the removals in flight will not be answered.</summary>
        public void Stop()
        {
            removalsInFlight = 0;
        }

        /// <summary>
        /// The roster changed (a push, a removal answered, removals sent): when a clean-up is
        /// pending, none is in flight and only the service is left, the clean-up is done (saved).
        /// </summary>
        public void RosterChanged()
        {
            if (!state.RosterCleanupPending || removalsInFlight > 0 || NextRemoval(0) >= 0)
            {
                return;
            }

            state.RosterCleanupPending = false;
            store.Save(state);
            log.Write("factory reset: old friends removed");
        }
    }
}
