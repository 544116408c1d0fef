using System;
using SiotThing.Protocol.Text;

namespace SiotThing.Protocol.Storage
{
    /// <summary>
    /// The subscription requests the thing keeps until the owner decides them: bare JIDs in the
    /// order they arrived, at most <see cref="ThingState.MaxPendingRequests"/>, each at most
    /// <see cref="ThingState.MaxJidLength"/> UTF-8 bytes, so that the whole state fits one
    /// <see cref="DurableRecord"/>. A request that is not kept is not lost: the server delivers
    /// an unanswered subscription request again at the next login (RFC 6121 §3.1.3).
    /// </summary>
    public sealed class PendingRequests
    {
        private readonly string[] jids = StringArrays.Create(ThingState.MaxPendingRequests);

        /// <summary>Creates an empty list; the thing's is <see cref="ThingState.PendingRequests"/>.</summary>
        internal PendingRequests()
        {
        }

        /// <summary>How many requests are kept.</summary>
        public int Count { get; private set; }

        /// <summary>The bare JID of request <paramref name="index"/>, oldest first.</summary>
        /// <param name="index">0 to <see cref="Count"/> - 1.</param>
        /// <returns>The requestor's bare JID (lower-cased as <see cref="Xmpp.Jid"/> does).</returns>
        /// <exception cref="ArgumentOutOfRangeException"><paramref name="index"/> is not below <see cref="Count"/>.</exception>
        public string this[int index]
        {
            get
            {
                if (index < 0 || index >= Count)
                {
                    throw new ArgumentOutOfRangeException("index");
                }

                return jids[index];
            }
        }

        /// <summary>Keeps a request, unless the list is full or the JID cannot be stored.</summary>
        /// <param name="jid">The requestor's JID; a full JID is kept as its bare JID.</param>
        /// <returns>
        /// <c>true</c> when the request is kept (now or already); <c>false</c> when the list holds
        /// <see cref="ThingState.MaxPendingRequests"/> others, or <paramref name="jid"/> is not a
        /// JID or longer than <see cref="ThingState.MaxJidLength"/>. Either way the caller treats
        /// the request as one it cannot keep: it neither answers nor stores it.
        /// </returns>
        public bool Add(string jid)
        {
            var bare = ThingState.StorableBareJid(jid);
            if (bare == null)
            {
                return false;
            }

            if (IndexOf(bare) >= 0)
            {
                return true;
            }

            if (Count == jids.Length)
            {
                return false;
            }

            jids[Count++] = bare;
            return true;
        }

        /// <summary>Forgets the request of a JID (decided by the owner, or withdrawn).</summary>
        /// <param name="jid">The requestor's JID (full or bare).</param>
        /// <returns>Whether it was kept.</returns>
        public bool Remove(string jid)
        {
            var index = IndexOf(ThingState.StorableBareJid(jid));
            if (index < 0)
            {
                return false;
            }

            // Shift the later ones down: the list stays in arrival order.
            for (var i = index + 1; i < Count; i++)
            {
                jids[i - 1] = jids[i];
            }

            jids[--Count] = null;
            return true;
        }

        /// <summary>Whether a request of this JID is kept.</summary>
        /// <param name="jid">The requestor's JID (full or bare).</param>
        /// <returns>Whether its bare JID is in the list.</returns>
        public bool Contains(string jid)
        {
            return IndexOf(ThingState.StorableBareJid(jid)) >= 0;
        }

        private int IndexOf(string bare)
        {
            if (bare == null)
            {
                return -1;
            }

            for (var i = 0; i < Count; i++)
            {
                if (jids[i] == bare)
                {
                    return i;
                }
            }

            return -1;
        }
    }
}
