using SiotThing.Protocol.Ports;
using SiotThing.Protocol.Storage;
using SiotThing.Protocol.Text;
using SiotThing.Protocol.Xmpp;

namespace SiotThing.Protocol.Agent
{
    /// <summary>
    /// The requestors' subscription requests (RFC 6121 §3) and the thing's list of them: which
    /// request is approved at once (the service, ProtoXEP §4; the owner; a friend), which is kept
    /// in the thing's state for the owner to decide (at most <see cref="ThingState.MaxPendingRequests"/>,
    /// saved within a flash-write budget: <see cref="SaveIfDue"/>), which leaves the list because its requestor withdrew it, which are refused because
    /// they are from before a factory reset or a disowning, and what an owner's decision does to
    /// the list (approve, refuse, or revoke a friendship the roster shows).
    /// It does not ask or tell the service (<see cref="FriendshipBroker"/> does), does not decide
    /// who is a friend (the owner does, through the service), and does not send: it returns the
    /// answer or the presence type, and the agent sends it.
    /// </summary>
    public sealed class SubscriptionRequests
    {

        // The flash writes that requests and withdrawals cause (strangers can make them as fast as
        // the server delivers): a burst of SaveBurst at once, then one per SaveRefill milliseconds;
        // changes beyond that wait in memory for the next write (docs/protocol-notes.md).
        private const int SaveBurst = 8;
        private const long SaveRefill = 60000;

        // How many approvals of requests the thing did not keep it remembers (memory only).
        private const int ApprovedAheadSlots = 4;

        private readonly ThingConfiguration configuration;
        private readonly ThingStateStore store;
        private readonly ThingState state;
        private readonly Roster roster;
        private readonly ILog log;

        // A request was turned away at the cap in this session since the last one was kept: at a
        // login the server delivers every request it holds at once, and only the first is logged.
        private bool fullLogged;

        // The pending list changed since the state was last saved, and the write waits for the budget.
        private bool unsaved;

        // The writes the budget allows now, and when it last grew.
        private int saveTokens = SaveBurst;
        private long refilledAt;

        // Requestors the owner made friends while the thing did not keep their request (it waited
        // at the server, the list full): approved when the server re-sends it. The newest few.
        private readonly string[] approvedAhead = StringArrays.Create(ApprovedAheadSlots);
        private int nextApprovedAhead;

        /// <summary>Creates the keeper of the requests of the thing whose state is given.</summary>
        /// <param name="configuration">The provisioning service's JID.</param>
        /// <param name="store">Where the state is saved.</param>
        /// <param name="state">The thing's state (its owner and pending requests).</param>
        /// <param name="roster">The roster (read only: who is subscribed to the thing).</param>
        /// <param name="log">Where to report.</param>
        public SubscriptionRequests(ThingConfiguration configuration, ThingStateStore store, ThingState state, Roster roster, ILog log)
        {
            this.configuration = configuration;
            this.store = store;
            this.state = state;
            this.roster = roster;
            this.log = log;
        }

        /// <summary>How many requests wait for the owner's decision.</summary>
        public int Pending
        {
            get { return state.RefusePendingRequests ? 0 : state.PendingRequests.Count; }
        }

        /// <summary>How many requests from before a factory reset (or a disowning) are still to be refused.</summary>
        public int ToRefuse
        {
            get { return state.RefusePendingRequests ? state.PendingRequests.Count : 0; }
        }

        /// <summary>
        /// Whether the requests kept are from before a factory reset (or a disowning) and only to
        /// be refused; it stays so until the refusals end with none left (see <see cref="RefusalsEnded"/>).
        /// </summary>
        public bool RefusingOld
        {
            get { return state.RefusePendingRequests; }
        }

        /// <summary>A session began: the requests the server delivers at login are logged anew.</summary>
        public void SessionStarted()
        {
            fullLogged = false;
        }

        /// <summary>A subscription request (<c>subscribe</c>) arrived.</summary>
        /// <param name="requestor">The requestor's bare JID.</param>
        /// <returns>What to do with it; a request kept anew is to be saved (<see cref="SaveIfDue"/>) before it is acted on.</returns>
        public SubscriptionAnswer Subscribe(string requestor)
        {
            if (requestor == configuration.ProvisioningJid || requestor == state.Owner || roster.IsSubscribedToUs(requestor))
            {
                // The service must always be approved (ProtoXEP §4); the owner and friends are friends.
                return SubscriptionAnswer.Approve;
            }

            if (TakeApprovedAhead(requestor))
            {
                log.Write("friend approved (in advance): " + LoggedJid.Of(requestor));
                return SubscriptionAnswer.Approve;
            }

            if (state.RefusePendingRequests)
            {
                if (state.PendingRequests.Contains(requestor))
                {
                    // From before a reset: refused, as all of them are at the session's start.
                    return SubscriptionAnswer.RefuseOld;
                }

                // Not kept until the old ones are refused; the server delivers it again.
                log.Write("requests from before a reset are still to be refused, " + LoggedJid.Of(requestor) + " waits");
                return SubscriptionAnswer.Wait;
            }

            if (!ThingState.IsStorableJid(requestor))
            {
                // Checked before the cap, so that the log says why: it could never be kept, even
                // in an empty list.
                log.Write("request refused, its JID is longer than " + ThingState.MaxJidLength + " bytes: " + LoggedJid.Of(requestor));
                return SubscriptionAnswer.RefuseTooLong;
            }

            if (!state.PendingRequests.Contains(requestor))
            {
                if (!state.PendingRequests.Add(requestor))
                {
                    // At the cap: no answer. The server keeps the request and delivers it again at
                    // our next login (RFC 6121 §3.1.3), so it is delayed, not lost.
                    if (!fullLogged)
                    {
                        fullLogged = true;
                        log.Write("pending requests full, " + requestor + " waits (and later ones too, logged again once there is room)");
                    }

                    return SubscriptionAnswer.Wait;
                }

                fullLogged = false;
                unsaved = true;
            }

            return SubscriptionAnswer.AskService;
        }

        /// <summary>
        /// A requestor withdrew its subscription request (<c>unsubscribe</c>) before the owner
        /// decided it: it leaves the pending list (to be saved: <see cref="SaveIfDue"/>); the service is to be told
        /// (<c>&lt;friend-request-withdrawn/&gt;</c>, docs/protocol-notes.md).
        /// </summary>
        /// <param name="requestor">The requestor's bare JID.</param>
        /// <returns>Whether a kept request was withdrawn (not one kept only to be refused, nor the service's).</returns>
        public bool Withdraw(string requestor)
        {
            if (state.RefusePendingRequests || requestor == configuration.ProvisioningJid || !state.PendingRequests.Remove(requestor))
            {
                return false;
            }

            unsaved = true;
            log.Write("request withdrawn: " + LoggedJid.Of(requestor));
            return true;
        }

        /// <summary>
        /// The server no longer holds a kept request (it did not re-send it when asked, see
        /// <see cref="PendingRecheck"/>): it leaves the list, saved within the flash budget as a
        /// withdrawal is (<see cref="SaveIfDue"/>, once for all dropped together: strangers can make
        /// dead requests as fast as withdrawn ones); the service is to be told, as of a withdrawal.
        /// </summary>
        /// <param name="requestor">The requestor's bare JID.</param>
        /// <returns>Whether it was kept (and is to be refused not, as one from before a reset).</returns>
        public bool Drop(string requestor)
        {
            if (state.RefusePendingRequests || !state.PendingRequests.Remove(requestor))
            {
                return false;
            }

            unsaved = true;
            log.Write("request no longer held by the server, dropped: " + LoggedJid.Of(requestor));
            return true;
        }

        /// <summary>
        /// The owner decided about a requestor (through the service): its request leaves the list
        /// (saved), and it is told so; a friend refused later has its friendship revoked
        /// (RFC 6121 §3.2.1).
        /// </summary>
        /// <param name="jid">The requestor's bare JID.</param>
        /// <param name="friend">Whether the owner made it a friend.</param>
        /// <returns>The presence type to send it (<c>subscribed</c>, <c>unsubscribed</c>), or <c>null</c> when nothing is to be sent.</returns>
        public string Decide(string jid, bool friend)
        {
            var wasPending = state.PendingRequests.Remove(jid);
            if (wasPending)
            {
                // The owner's decision is saved at once: owners decide rarely, and it is not sent again.
                SaveNow();
            }

            if (friend)
            {
                if (!wasPending)
                {
                    if (state.PendingRequests.Count == ThingState.MaxPendingRequests)
                    {
                        // Its request may wait at the server, turned away at the cap (see
                        // PendingRecheck): approved when it is re-sent, without a slot.
                        RememberApprovedAhead(jid);
                    }

                    return null;
                }

                log.Write("friend approved: " + jid);
                return "subscribed";
            }

            if (!wasPending && !roster.IsSubscribedToUs(jid))
            {
                return null;
            }

            log.Write((wasPending ? "friend refused: " : "friendship revoked: ") + jid);
            return "unsubscribed";
        }

        private void RememberApprovedAhead(string jid)
        {
            if (!ThingState.IsStorableJid(jid) || IndexOfApprovedAhead(jid) >= 0)
            {
                return;
            }

            approvedAhead[nextApprovedAhead] = jid;
            nextApprovedAhead = (nextApprovedAhead + 1) % ApprovedAheadSlots;
        }

        private bool TakeApprovedAhead(string jid)
        {
            var i = IndexOfApprovedAhead(jid);
            if (i < 0)
            {
                return false;
            }

            approvedAhead[i] = null;
            return true;
        }

        private int IndexOfApprovedAhead(string jid)
        {
            for (var i = 0; i < ApprovedAheadSlots; i++)
            {
                if (approvedAhead[i] != null && approvedAhead[i] == jid)
                {
                    return i;
                }
            }

            return -1;
        }

        /// <summary>
        /// The next request kept from before a factory reset or a disowning, to be refused
        /// (<c>unsubscribed</c>) so that the server forgets it instead of delivering it again as new.
        /// The caller refuses it and says so with <see cref="Refused"/>, and ends with <see cref="RefusalsEnded"/>.
        /// </summary>
        /// <returns>Its bare JID, or <c>null</c> when none is left to refuse.</returns>
        public string NextToRefuse()
        {
            return state.RefusePendingRequests && state.PendingRequests.Count > 0 ? state.PendingRequests[0] : null;
        }

        /// <summary>The request from <see cref="NextToRefuse"/> was refused: it leaves the list.</summary>
        /// <param name="jid">Its bare JID.</param>
        public void Refused(string jid)
        {
            state.PendingRequests.Remove(jid);
            log.Write("request refused (from before the reset): " + LoggedJid.Of(jid));
        }

        /// <summary>No more refusals go now (all done, or the client's output is full): the list is saved, and new requests are kept again once none is left.</summary>
        public void RefusalsEnded()
        {
            if (state.PendingRequests.Count == 0)
            {
                state.RefusePendingRequests = false;
            }

            SaveNow();
        }

        /// <summary>
        /// Saves the pending list changed by requests and withdrawals when the flash-write budget
        /// allows: 8 writes at once, then one a minute, so that a stranger subscribing and
        /// withdrawing in a loop cannot wear the flash. What waits is at most a minute of changes,
        /// and a power loss before it is written loses nothing for good: the server delivers a
        /// request the thing has not answered again at the next login (RFC 6121 §3.1.3), and a
        /// withdrawn request kept after a reboot is only asked about again.
        /// </summary>
        /// <param name="now">The time in milliseconds.</param>
        public void SaveIfDue(long now)
        {
            if (saveTokens < SaveBurst)
            {
                var earned = (now - refilledAt) / SaveRefill;
                if (earned > 0)
                {
                    saveTokens = earned >= SaveBurst - saveTokens ? SaveBurst : saveTokens + (int)earned;
                    refilledAt += earned * SaveRefill;
                }
            }
            else
            {
                refilledAt = now;
            }

            if (unsaved && saveTokens > 0)
            {
                saveTokens--;
                SaveNow();
            }
        }

        private void SaveNow()
        {
            unsaved = false;
            store.Save(state);
        }
    }
}
