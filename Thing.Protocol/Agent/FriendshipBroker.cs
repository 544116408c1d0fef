using SiotThing.Protocol.Ports;
using SiotThing.Protocol.Siot;
using SiotThing.Protocol.Storage;
using SiotThing.Protocol.Text;
using SiotThing.Protocol.Xml;
using SiotThing.Protocol.Xmpp;

namespace SiotThing.Protocol.Agent
{
    /// <summary>
    /// The friendship work with the provisioning service (docs/protocol-notes.md): which kept
    /// requests the service is asked about (<c>is-friend-query</c>, at most 8 in flight, each JID
    /// once), which of them it confirmed as pending in this session, which withdrawals it is still
    /// to be told (<c>friend-request-withdrawn</c>), when it is asked again after it did not answer
    /// (5 s doubling up to 10 minutes, one backoff for all), and what its answers decide.
    /// It does not keep the pending requests (<see cref="SubscriptionRequests"/> does, in the
    /// thing's state; the broker reads them), does not carry out a decision, and does not send:
    /// the agent takes the IQ owed from <see cref="NextRequest"/>, opens it, has
    /// <see cref="WriteRequest"/> fill it, and acts on the verdict <see cref="Answered"/> returns.
    /// </summary>
    public sealed class FriendshipBroker
    {
        private const int QueryTagBase = 100;
        private const int WithdrawalTagBase = 400;
        private const int WithdrawalSlots = 2 * ThingState.MaxPendingRequests;

        // Is-friend queries in flight at most: the client's other IQ slots stay free for
        // withdrawals, registration and the roster, however slowly the service answers.
        private const int MaxQueriesInFlight = ThingState.MaxPendingRequests / 2;

        // The service not answering (down, or the server not reaching it): its queries are asked
        // again after 5 s, doubling up to 10 minutes, until it answers.
        private const int RetryInitial = 5000;
        private const int RetryMaximum = 600000;


        private readonly ThingState state;
        private readonly ILog log;
        private readonly ReconnectPolicy retry;

        // The is-friend queries in flight: slot i asks about askedJids[i] with tag QueryTagBase + i.
        private readonly string[] askedJids = StringArrays.Create(ThingState.MaxPendingRequests);

        // The pending requests the service answered "pending" in this session: it has them, and
        // its decision will come in a friendship-states message. The others are asked (again).
        private readonly string[] confirmedJids = StringArrays.Create(ThingState.MaxPendingRequests);

        // Requests their requestors withdrew (unsubscribe before a decision), still to be told to
        // the service so that it drops them too; slot i is sent with tag WithdrawalTagBase + i. Kept
        // in memory only: after a reboot the service keeps such a request until the owner decides it.
        // Twice the pending list: a JID withdrawn, asked again and withdrawn again is one slot, and
        // a flood of more requestors than the list holds still finds room while the service is slow.
        private readonly string[] withdrawnJids = StringArrays.Create(WithdrawalSlots);
        private readonly bool[] withdrawing = new bool[WithdrawalSlots];

        private long retryAt;

        /// <summary>Creates the broker of the thing whose state is given.</summary>
        /// <param name="state">The thing's state (its pending requests, read only).</param>
        /// <param name="entropy">Randomness for the retry's jitter.</param>
        /// <param name="log">Where to report.</param>
        public FriendshipBroker(ThingState state, IEntropySource entropy, ILog log)
        {
            this.state = state;
            this.log = log;
            retry = new ReconnectPolicy(RetryInitial, RetryMaximum, entropy);
        }

        /// <summary>How many withdrawn requests the service has not yet been told of.</summary>
        public int WithdrawalsToTell
        {
            get
            {
                var count = 0;
                for (var i = 0; i < withdrawnJids.Length; i++)
                {
                    if (withdrawnJids[i] != null)
                    {
                        count++;
                    }
                }

                return count;
            }
        }

        /// <summary>The IQ tags of the broker's requests, old or current.</summary>
        /// <param name="tag">A tag the client answered.</param>
        /// <returns>Whether it belongs to an is-friend query or a withdrawal.</returns>
        public static bool Owns(int tag)
        {
            return IsQuery(tag) || IsWithdrawal(tag);
        }

        /// <summary>The type of the IQ that carries the request of <paramref name="tag"/>.</summary>
        /// <param name="tag">A tag from <see cref="NextRequest"/>.</param>
        /// <returns><c>get</c> for a query, <c>set</c> for a withdrawal.</returns>
        public static string IqType(int tag)
        {
            return IsWithdrawal(tag) ? "set" : "get";
        }

        /// <summary>A new session: what the service is owed goes at once, its backoff starts over.</summary>
        public void Restart()
        {
            Recovered();
        }

        /// <summary>The session ended: the answers in flight will not come (or are ignored); the next session asks again.</summary>
        public void Stop()
        {
            for (var i = 0; i < askedJids.Length; i++)
            {
                askedJids[i] = null;
                confirmedJids[i] = null;
            }

            for (var i = 0; i < withdrawing.Length; i++)
            {
                withdrawing[i] = false;
            }
        }

        /// <summary>Forgets what the service was to be told or asked: after a reset or disowning it forgets the requests itself.</summary>
        public void Forget()
        {
            for (var i = 0; i < confirmedJids.Length; i++)
            {
                confirmedJids[i] = null;
            }

            for (var i = 0; i < withdrawnJids.Length; i++)
            {
                if (!withdrawing[i])
                {
                    withdrawnJids[i] = null;
                }
            }
        }

        /// <summary>Whether the service answered "pending" in this session to the request of a requestor the thing keeps.</summary>
        /// <param name="requestor">The requestor's bare JID.</param>
        /// <returns>Whether the request is kept and confirmed.</returns>
        public bool IsConfirmed(string requestor)
        {
            return !state.RefusePendingRequests && IndexOf(confirmedJids, requestor) >= 0 && state.PendingRequests.Contains(requestor);
        }

        /// <summary>
        /// A kept request was made (again): it is asked about again even when the service has it
        /// (a repeated request is the requestor's way to have it looked at again). A withdrawal of
        /// it not yet told is not told now: the service still has the request, and the query only
        /// confirms it.
        /// </summary>
        /// <param name="requestor">The requestor's bare JID.</param>
        public void Requested(string requestor)
        {
            Remove(confirmedJids, requestor);
            var withdrawn = IndexOf(withdrawnJids, requestor);
            if (withdrawn >= 0 && !withdrawing[withdrawn])
            {
                withdrawnJids[withdrawn] = null;
            }
        }

        /// <summary>
        /// A kept request was withdrawn (<c>unsubscribe</c> before a decision): the service is to be
        /// told, after any query about it that is in flight. When every slot holds a withdrawal not
        /// yet told, the oldest one not in flight goes untold (logged).
        /// </summary>
        /// <param name="requestor">The requestor's bare JID.</param>
        public void Withdrawn(string requestor)
        {
            Remove(confirmedJids, requestor);
            if (IndexOf(withdrawnJids, requestor) >= 0)
            {
                return;
            }

            var slot = IndexOf(withdrawnJids, null);
            if (slot < 0)
            {
                // 32 withdrawals the service has not taken yet: the oldest goes untold
                // (the owner may still see it pending; deciding it changes nothing here).
                slot = OldestIdleWithdrawal();
                if (slot < 0)
                {
                    log.Write("withdrawal of " + LoggedJid.Of(requestor) + " not told to the service: too many untold");
                    return;
                }

                log.Write("withdrawal of " + LoggedJid.Of(withdrawnJids[slot]) + " not told to the service: too many untold");
            }

            withdrawnJids[slot] = requestor;
        }

        /// <summary>
        /// The next request the service is owed, taken as in flight (the caller sends it): the
        /// withdrawals not yet told, then an is-friend query for every kept request the service has
        /// not confirmed. Each JID has at most one of them in flight, so the service gets them in
        /// the order they happened. None while the service's backoff runs, while the requests are
        /// kept only to be refused, or (queries) while 8 are in flight.
        /// </summary>
        /// <param name="now">The time in milliseconds.</param>
        /// <returns>The IQ tag of the request, or -1 when nothing is to go now.</returns>
        public int NextRequest(long now)
        {
            if (now < retryAt)
            {
                return -1;
            }

            for (var i = 0; i < withdrawnJids.Length; i++)
            {
                var jid = withdrawnJids[i];
                if (jid != null && !withdrawing[i] && IndexOf(askedJids, jid) < 0)
                {
                    withdrawing[i] = true;
                    return WithdrawalTagBase + i;
                }
            }

            if (state.RefusePendingRequests || QueriesInFlight() >= MaxQueriesInFlight)
            {
                return -1;
            }

            for (var i = 0; i < state.PendingRequests.Count; i++)
            {
                var jid = state.PendingRequests[i];
                if (IndexOf(confirmedJids, jid) < 0 && IndexOf(withdrawnJids, jid) < 0 && IndexOf(askedJids, jid) < 0)
                {
                    var slot = IndexOf(askedJids, null);
                    askedJids[slot] = jid;
                    return QueryTagBase + slot;
                }
            }

            return -1;
        }

        /// <summary>Writes the request of <paramref name="tag"/> (one empty siot element about its JID) into the IQ the agent opened.</summary>
        /// <param name="w">The IQ's writer.</param>
        /// <param name="tag">A tag from <see cref="NextRequest"/>.</param>
        public void WriteRequest(XmlWriter w, int tag)
        {
            var withdrawal = IsWithdrawal(tag);
            w.StartElement(withdrawal ? "friend-request-withdrawn" : "is-friend-query");
            w.Attribute("xmlns", SiotNamespaces.Siot);
            w.Attribute("jid", withdrawal ? withdrawnJids[tag - WithdrawalTagBase] : askedJids[tag - QueryTagBase]);
        }

        /// <summary>
        /// An answer to one of the broker's requests (see <see cref="Owns"/>), or none in time. An
        /// error or no answer starts the service's backoff; the request stays owed.
        /// </summary>
        /// <param name="tag">The tag it answers.</param>
        /// <param name="response">The answer, or <c>null</c> when none came.</param>
        /// <param name="now">The time in milliseconds.</param>
        /// <param name="requestor">The requestor decided about, with <see cref="FriendshipVerdict.Friend"/> or <see cref="FriendshipVerdict.NotFriend"/>; otherwise <c>null</c>.</param>
        /// <returns>What the answer decides.</returns>
        public FriendshipVerdict Answered(int tag, XmlStanza response, long now, out string requestor)
        {
            requestor = null;
            if (IsWithdrawal(tag))
            {
                return WithdrawalAnswered(tag - WithdrawalTagBase, response, now);
            }

            var jid = askedJids[tag - QueryTagBase];
            askedJids[tag - QueryTagBase] = null;
            if (jid == null)
            {
                return FriendshipVerdict.Stale;
            }

            var result = response == null || !response.AttributeEquals(response.Root, "type", "result")
                ? -1 : response.Child(response.Root, "is-friend-result", SiotNamespaces.Siot);
            if (result < 0)
            {
                Failed(response, "is-friend-query about " + jid, now);
                return FriendshipVerdict.Undecided;
            }

            Recovered();
            if (!state.PendingRequests.Contains(jid) || state.RefusePendingRequests)
            {
                // Withdrawn (or reset) while the query was on its way: nothing to decide.
                return FriendshipVerdict.Undecided;
            }

            if (response.AttributeEquals(result, "friend", "pending"))
            {
                var slot = IndexOf(confirmedJids, null);
                if (slot >= 0 && IndexOf(confirmedJids, jid) < 0)
                {
                    confirmedJids[slot] = jid;
                }

                return FriendshipVerdict.Undecided;
            }

            requestor = jid;
            return VerdictOf(response, result);
        }

        /// <summary>What the service says of one requestor in an element with a <c>friend</c> attribute (an is-friend result, or an item of friendship states).</summary>
        /// <param name="stanza">The stanza.</param>
        /// <param name="element">The element.</param>
        /// <returns><see cref="FriendshipVerdict.Friend"/> for yes, <see cref="FriendshipVerdict.NotFriend"/> for no, otherwise <see cref="FriendshipVerdict.Undecided"/>.</returns>
        public static FriendshipVerdict VerdictOf(XmlStanza stanza, int element)
        {
            if (stanza.AttributeEquals(element, "friend", "yes"))
            {
                return FriendshipVerdict.Friend;
            }

            return stanza.AttributeEquals(element, "friend", "no") ? FriendshipVerdict.NotFriend : FriendshipVerdict.Undecided;
        }

        private static bool IsQuery(int tag)
        {
            return tag >= QueryTagBase && tag < QueryTagBase + ThingState.MaxPendingRequests;
        }

        private static bool IsWithdrawal(int tag)
        {
            return tag >= WithdrawalTagBase && tag < WithdrawalTagBase + WithdrawalSlots;
        }

        private FriendshipVerdict WithdrawalAnswered(int slot, XmlStanza response, long now)
        {
            if (!withdrawing[slot])
            {
                return FriendshipVerdict.Stale;
            }

            withdrawing[slot] = false;
            if (response != null && response.AttributeEquals(response.Root, "type", "result"))
            {
                Recovered();
                withdrawnJids[slot] = null;
            }
            else
            {
                Failed(response, "withdrawal of " + withdrawnJids[slot], now);
            }

            return FriendshipVerdict.Undecided;
        }

        /// <summary>The service answered: what it is owed goes at once again.</summary>
        private void Recovered()
        {
            retry.Reset();
            retryAt = 0;
        }

        /// <summary>
        /// A request to the service was not answered (an error, or no answer in time): the requests
        /// stay as they are, and what the service is owed is asked again after a backoff, not only
        /// after the next reconnect. One backoff for all: the failures of one outage count once.
        /// </summary>
        private void Failed(XmlStanza response, string what, long now)
        {
            if (retryAt > now)
            {
                return;
            }

            var delay = retry.NextDelay();
            retryAt = now + delay;
            log.Write(what + " not answered (" + (response == null ? "no answer" : "error") + "); the service is asked again in " + (delay / 1000).ToString() + " s");
        }

        private int OldestIdleWithdrawal()
        {
            for (var i = 0; i < withdrawnJids.Length; i++)
            {
                if (!withdrawing[i])
                {
                    return i;
                }
            }

            return -1;
        }

        private int QueriesInFlight()
        {
            var count = 0;
            for (var i = 0; i < askedJids.Length; i++)
            {
                if (askedJids[i] != null)
                {
                    count++;
                }
            }

            return count;
        }

        private static int IndexOf(string[] jids, string jid)
        {
            for (var i = 0; i < jids.Length; i++)
            {
                if (jids[i] == jid)
                {
                    return i;
                }
            }

            return -1;
        }

        private static void Remove(string[] jids, string jid)
        {
            var slot = IndexOf(jids, jid);
            if (slot >= 0)
            {
                jids[slot] = null;
            }
        }
    }
}
