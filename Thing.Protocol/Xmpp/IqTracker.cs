using SiotThing.Protocol.Text;

namespace SiotThing.Protocol.Xmpp
{
    /// <summary>
    /// The IQ requests the client sent and awaits an answer to: a fixed table (no growth on the
    /// device), matched by id and by the sender of the answer, expired by deadline.
    /// </summary>
    public sealed class IqTracker
    {
        /// <summary>The tag returned by <see cref="Match"/> and <see cref="Expire"/> when nothing matched.</summary>
        public const int NoRequest = int.MinValue;

        private readonly string prefix;
        private readonly string[] ids;
        private readonly string[] recipients;
        private readonly int[] tags;
        private readonly long[] deadlines;
        private int counter;

        /// <summary>Creates a tracker.</summary>
        /// <param name="capacity">How many requests may be outstanding at once.</param>
        /// <param name="idPrefix">Starts every id, so that ids of different connections differ.</param>
        public IqTracker(int capacity, string idPrefix)
        {
            prefix = idPrefix;
            ids = StringArrays.Create(capacity);
            recipients = StringArrays.Create(capacity);
            tags = new int[capacity];
            deadlines = new long[capacity];
        }

        /// <summary>How many requests are outstanding.</summary>
        public int Count { get; private set; }

        /// <summary>Whether no more requests fit.</summary>
        public bool IsFull
        {
            get { return Count == ids.Length; }
        }

        /// <summary>Records a request and returns the id to send it with.</summary>
        /// <param name="recipient">The <c>to</c> of the request; <c>null</c> for the user's own server or account.</param>
        /// <param name="tag">The caller's number for the request, given back with the answer.</param>
        /// <param name="deadline">When to give up waiting, in the caller's milliseconds.</param>
        /// <returns>The id, or <c>null</c> when the table is full.</returns>
        public string Add(string recipient, int tag, long deadline)
        {
            for (var slot = 0; slot < ids.Length; slot++)
            {
                if (ids[slot] == null)
                {
                    counter++;
                    ids[slot] = prefix + counter.ToString();
                    recipients[slot] = recipient;
                    tags[slot] = tag;
                    deadlines[slot] = deadline;
                    Count++;
                    return ids[slot];
                }
            }

            return null;
        }

        /// <summary>
        /// Finds and removes the request an answer belongs to. An answer counts only when its id is
        /// ours and it comes from whom the request went to (RFC 6120 §8.1.2.1); a forged answer from
        /// anyone else matches nothing and leaves the request waiting.
        /// </summary>
        /// <param name="id">The answer's id.</param>
        /// <param name="from">The answer's <c>from</c> (absent means the user's own server or account).</param>
        /// <param name="ownBareJid">The user's bare JID, which a server may also use for answers to requests without <c>to</c>.</param>
        /// <returns>The request's tag, or <see cref="NoRequest"/>.</returns>
        public int Match(string id, string from, string ownBareJid)
        {
            if (id == null)
            {
                return NoRequest;
            }

            for (var slot = 0; slot < ids.Length; slot++)
            {
                if (ids[slot] != id || !FromRecipient(recipients[slot], from, ownBareJid))
                {
                    continue;
                }

                var tag = tags[slot];
                Free(slot);
                return tag;
            }

            return NoRequest;
        }

        /// <summary>Removes one request whose deadline has passed.</summary>
        /// <param name="now">The current time, in the caller's milliseconds.</param>
        /// <returns>Its tag, or <see cref="NoRequest"/> when none has expired; call until it says so.</returns>
        public int Expire(long now)
        {
            for (var slot = 0; slot < ids.Length; slot++)
            {
                if (ids[slot] != null && now >= deadlines[slot])
                {
                    var tag = tags[slot];
                    Free(slot);
                    return tag;
                }
            }

            return NoRequest;
        }

        /// <summary>Makes a request due at once, so that the next <see cref="Expire"/> gives it back (it was never sent).</summary>
        /// <param name="id">The id <see cref="Add"/> gave it.</param>
        public void ExpireNow(string id)
        {
            for (var slot = 0; slot < ids.Length; slot++)
            {
                if (ids[slot] != null && ids[slot] == id)
                {
                    deadlines[slot] = long.MinValue;
                    return;
                }
            }
        }

        /// <summary>Removes one outstanding request, whatever its deadline (the session it belonged to ended).</summary>
        /// <returns>Its tag, or <see cref="NoRequest"/> when none is left.</returns>
        public int Abandon()
        {
            return Expire(long.MaxValue);
        }

        private static bool FromRecipient(string recipient, string from, string ownBareJid)
        {
            if (recipient == null)
            {
                // RFC 6120 §10.3.3 / RFC 6121: the server answers for the account with no from,
                // with the bare JID, or with its domain.
                if (from == null || Jid.BareEquals(from, ownBareJid))
                {
                    return true;
                }

                var own = Jid.Parse(ownBareJid);
                return own != null && from == own.Domain;
            }

            if (from == null)
            {
                return false;
            }

            var to = Jid.Parse(recipient);
            var sender = Jid.Parse(from);
            return to != null && sender != null && to.ToString() == sender.ToString();
        }

        private void Free(int slot)
        {
            ids[slot] = null;
            recipients[slot] = null;
            Count--;
        }
    }
}
