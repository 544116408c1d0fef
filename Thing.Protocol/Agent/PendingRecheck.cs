using SiotThing.Protocol.Ports;
using SiotThing.Protocol.Storage;
using SiotThing.Protocol.Text;

namespace SiotThing.Protocol.Agent
{
    /// <summary>
    /// When the thing fetches the subscription requests its server holds, and which kept requests
    /// the server no longer holds. A server re-sends every pending inbound request at a session's
    /// initial presence (Prosody 0.12 mod_presence, ejabberd 23.01 mod_roster
    /// <c>c2s_self_presence</c>), and an unavailable presence makes the next available one initial
    /// again (both forget the session's presence); neither shows a request in the roster (Prosody
    /// keeps it outside the items, ejabberd hides <c>ask=in</c> items). So a fetch is: unavailable,
    /// available, then any IQ to the server: its answer comes after the re-sent requests, and a kept
    /// request not re-sent by then was cancelled at the server without the thing being told (a
    /// withdrawal after a probe, on Prosody) and is dropped.
    /// A fetch goes when a request was turned away at the cap (the list may hold such dead requests),
    /// when a slot freed while one waits, when a kept request was delivered again (the server forgot
    /// it in between without a word: see <see cref="DeliveredAgain"/>), and every <see cref="StaleAge"/>
    /// while the list is not empty; requestors cannot make it go more often than every <see cref="MinInterval"/>. It holds
    /// no copy of a JID: the kept list's own strings, at most <see cref="ThingState.MaxPendingRequests"/>.
    /// </summary>
    public sealed class PendingRecheck
    {
        /// <summary>The tag of the fetch's closing IQ (see <see cref="Owns"/>).</summary>
        public const int Tag = 2;

        /// <summary>The least time between two fetches that requestors cause, in milliseconds.</summary>
        public const long MinInterval = 30000;

        /// <summary>How long kept requests go unchecked at most, in milliseconds: a request the server dropped without a word ends within this.</summary>
        public const long StaleAge = 3600000;

        private readonly string[] unconfirmed = StringArrays.Create(ThingState.MaxPendingRequests);
        private readonly ILog log;

        // A request was turned away at the cap since the last fetch: the server holds it.
        private bool someoneWaits;

        // A fetch is owed (waits for MinInterval unless it follows a fetch that freed slots).
        private bool due;
        private bool followUp;
        private bool fetching;
        private long lastFetch;

        /// <summary>Creates it with nothing owed.</summary>
        /// <param name="log">Where to report.</param>
        public PendingRecheck(ILog log)
        {
            this.log = log;
        }

        /// <summary>Whether a fetch is under way (its closing IQ not answered yet).</summary>
        public bool Fetching
        {
            get { return fetching; }
        }

        /// <summary>Whether <paramref name="iqTag"/> is the fetch's closing IQ.</summary>
        /// <param name="iqTag">The tag of an answered IQ.</param>
        /// <returns>Whether it is <see cref="Tag"/>.</returns>
        public static bool Owns(int iqTag)
        {
            return iqTag == Tag;
        }

        /// <summary>
        /// A session began. A new one's initial presence made the server re-send all it holds (so
        /// nothing waits unfetched); a resumed one brings nothing, so what waited is fetched.
        /// </summary>
        /// <param name="resumed">Whether the session was resumed (XEP-0198).</param>
        /// <param name="now">The time in milliseconds.</param>
        public void SessionStarted(bool resumed, long now)
        {
            fetching = false;
            Clear();
            if (resumed)
            {
                due = due || someoneWaits;
            }
            else
            {
                someoneWaits = false;
                due = false;
                lastFetch = now;
            }
        }

        /// <summary>
        /// A request was turned away because the list was full: fetch, which also drops dead
        /// requests; during a fetch only remember it (the fetch itself re-sent it, and fetching
        /// again while every kept request is alive would only turn it away again).
        /// </summary>
        public void TurnedAway()
        {
            someoneWaits = true;
            due = due || !fetching;
        }

        /// <summary>A kept request left the list (decided, withdrawn): fetch if one waits at the server.</summary>
        public void SlotFreed()
        {
            due = due || someoneWaits;
        }

        /// <summary>
        /// A kept request that the service already confirmed in this session was delivered again.
        /// Outside a fetch (whose re-sends are expected) this means the server forgot it in between
        /// without telling the thing and holds it anew: a server delivers a request once while it
        /// holds it (Prosody 0.12 and ejabberd 23.01 drop a repeated <c>subscribe</c>), and ejabberd
        /// 23.01 swallows the withdrawal of a request not yet approved (mod_roster
        /// <c>process_subscription</c> deletes the item and delivers nothing). The request lives,
        /// but each such withdrawal left a dead one the thing and the service kept, and the last
        /// one may be dead already: fetch, at most every <see cref="MinInterval"/>, so that a
        /// stranger's subscribe and unsubscribe loop ends soon after it stops, not at <see cref="StaleAge"/>.
        /// </summary>
        public void DeliveredAgain()
        {
            due = due || !fetching;
        }

        /// <summary>The server re-sent a request: if kept, it still holds it.</summary>
        /// <param name="requestor">The requestor's bare JID.</param>
        public void Resent(string requestor)
        {
            var i = IndexOf(requestor);
            if (i >= 0)
            {
                unconfirmed[i] = null;
            }
        }

        /// <summary>Whether a fetch is to go now.</summary>
        /// <param name="pending">How many requests are kept (0 while old ones are to be refused).</param>
        /// <param name="now">The time in milliseconds.</param>
        /// <returns>Whether to send it (then call <see cref="Started"/>).</returns>
        public bool IsDue(int pending, long now)
        {
            if (fetching)
            {
                return false;
            }

            var waited = now - lastFetch;
            return (due && (followUp || waited >= MinInterval)) || (pending > 0 && waited >= StaleAge);
        }

        /// <summary>The fetch was sent: each kept request is unconfirmed until the server re-sends it.</summary>
        /// <param name="kept">The kept requests.</param>
        /// <param name="now">The time in milliseconds.</param>
        public void Started(PendingRequests kept, long now)
        {
            Clear();
            for (var i = 0; i < kept.Count; i++)
            {
                unconfirmed[i] = kept[i];
            }

            fetching = true;
            due = false;
            followUp = false;
            someoneWaits = false;
            lastFetch = now;
            log.Write("fetching the subscription requests the server holds (" + kept.Count.ToString() + " kept)");
        }

        /// <summary>
        /// The fetch's closing IQ was answered (a result or an error: either comes after what the
        /// server re-sent), or lost with the session (<paramref name="answered"/> false: nothing is
        /// known, nothing dropped). Take the requests the server no longer holds with <see cref="NextDead"/>.
        /// </summary>
        /// <param name="answered">Whether an answer came.</param>
        public void Ended(bool answered)
        {
            fetching = false;
            if (!answered)
            {
                Clear();
                due = true;
            }
        }

        /// <summary>
        /// The next kept request the server did not re-send in the last fetch; the caller drops it
        /// and tells the service. Once one is taken while a request waited, a follow-up fetch is owed at once.
        /// </summary>
        /// <returns>Its bare JID, or <c>null</c> when none is left.</returns>
        public string NextDead()
        {
            for (var i = 0; i < unconfirmed.Length; i++)
            {
                var jid = unconfirmed[i];
                if (jid != null)
                {
                    unconfirmed[i] = null;
                    if (someoneWaits)
                    {
                        // Turned away during the fetch, while dead requests still held the slots.
                        due = true;
                        followUp = true;
                    }

                    return jid;
                }
            }

            return null;
        }

        private void Clear()
        {
            for (var i = 0; i < unconfirmed.Length; i++)
            {
                unconfirmed[i] = null;
            }
        }

        private int IndexOf(string jid)
        {
            for (var i = 0; i < unconfirmed.Length; i++)
            {
                if (unconfirmed[i] != null && unconfirmed[i] == jid)
                {
                    return i;
                }
            }

            return -1;
        }
    }
}
