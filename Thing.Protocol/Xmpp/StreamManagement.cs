namespace SiotThing.Protocol.Xmpp
{
    /// <summary>
    /// The counters and the unacknowledged stanzas of XEP-0198 stream management, kept across a
    /// dropped connection so that a resumed stream neither loses nor repeats stanzas: what the
    /// server acknowledged is forgotten, what it did not is sent again after resumption. Bounded:
    /// when the server stops acknowledging and the store fills up, <see cref="Store"/> says so and
    /// the client treats the connection as dead.
    /// </summary>
    public sealed class StreamManagement
    {
        private readonly OutputQueue store;
        private readonly int[] lengths;
        private int firstEntry;

        /// <summary>Creates the state.</summary>
        /// <param name="capacityBytes">The most bytes of unacknowledged stanzas kept.</param>
        /// <param name="capacityStanzas">The most unacknowledged stanzas kept.</param>
        public StreamManagement(int capacityBytes, int capacityStanzas)
        {
            store = new OutputQueue(capacityBytes);
            lengths = new int[capacityStanzas];
        }

        /// <summary>Whether <c>&lt;enable/&gt;</c> was sent on this stream (or it was resumed): outbound stanzas are counted and kept.</summary>
        public bool IsEnabled { get; private set; }

        /// <summary>The id to resume with, when the server allowed resumption; otherwise <c>null</c>.</summary>
        public string ResumeId { get; private set; }

        /// <summary>Whether the server acknowledged <c>&lt;enable/&gt;</c> (or resumption), so inbound stanzas are counted.</summary>
        public bool IsCountingInbound { get; private set; }

        /// <summary>How many stanzas were received since enabling (the <c>h</c> we report), modulo 2^32.</summary>
        public uint Inbound { get; private set; }

        /// <summary>How many stanzas the server has acknowledged, modulo 2^32.</summary>
        public uint Acknowledged { get; private set; }

        /// <summary>How many sent stanzas wait for an acknowledgement.</summary>
        public int UnacknowledgedCount { get; private set; }

        /// <summary>Starts a new managed stream: counters at zero, nothing stored.</summary>
        public void Enable()
        {
            Forget();
            IsEnabled = true;
        }

        /// <summary>The server's <c>&lt;enabled/&gt;</c>: inbound counting starts.</summary>
        /// <param name="resumeId">The id for resumption, or <c>null</c> when the server does not allow it.</param>
        public void Enabled(string resumeId)
        {
            ResumeId = resumeId;
            IsCountingInbound = true;
            Inbound = 0;
        }

        /// <summary>Counts a stanza received on the managed stream.</summary>
        public void CountInbound()
        {
            if (IsCountingInbound)
            {
                Inbound++;
            }
        }

        /// <summary>Keeps a copy of a stanza just sent, until the server acknowledges it.</summary>
        /// <param name="stanza">The buffer holding the stanza.</param>
        /// <param name="offset">Where it starts.</param>
        /// <param name="count">Its length in bytes.</param>
        /// <returns>Whether it fitted; when not, the stream cannot promise delivery any more.</returns>
        public bool Store(byte[] stanza, int offset, int count)
        {
            if (UnacknowledgedCount == lengths.Length || !store.Append(stanza, offset, count))
            {
                return false;
            }

            lengths[(firstEntry + UnacknowledgedCount) % lengths.Length] = count;
            UnacknowledgedCount++;
            return true;
        }

        /// <summary>The server's <c>&lt;a h='..'/&gt;</c> (or the <c>h</c> of <c>&lt;resumed/&gt;</c>): forgets what it acknowledged.</summary>
        /// <param name="handled">The server's count of stanzas it handled, modulo 2^32.</param>
        /// <returns>
        /// Whether the count is possible; a count above what was sent is a protocol error
        /// (XEP-0198 §4: <c>undefined-condition</c> with <c>handled-count-too-high</c>).
        /// </returns>
        public bool Acknowledge(uint handled)
        {
            var newlyAcknowledged = handled - Acknowledged;
            if (newlyAcknowledged > (uint)UnacknowledgedCount)
            {
                return false;
            }

            for (var i = 0u; i < newlyAcknowledged; i++)
            {
                var length = lengths[firstEntry];
                store.Discard(length);
                firstEntry = (firstEntry + 1) % lengths.Length;
                UnacknowledgedCount--;
            }

            Acknowledged = handled;
            return true;
        }

        /// <summary>
        /// Copies the unacknowledged stanzas, oldest first, for sending them again after a
        /// resumption. They stay stored (and counted) until acknowledged.
        /// </summary>
        /// <param name="destination">Where to copy them.</param>
        /// <param name="offset">The first index to write.</param>
        /// <returns>How many bytes were copied.</returns>
        public int CopyUnacknowledged(byte[] destination, int offset)
        {
            return store.CopyTo(destination, offset);
        }

        /// <summary>How many bytes <see cref="CopyUnacknowledged"/> copies.</summary>
        public int UnacknowledgedBytes
        {
            get { return store.Length; }
        }

        /// <summary>The server refused or lost the session (<c>&lt;failed/&gt;</c>, or no resumption allowed): all state goes.</summary>
        public void Forget()
        {
            IsEnabled = false;
            IsCountingInbound = false;
            ResumeId = null;
            Inbound = 0;
            Acknowledged = 0;
            UnacknowledgedCount = 0;
            store.Clear();
            firstEntry = 0;
        }

        /// <summary>The connection dropped: counting pauses until the stream is resumed (or forgotten).</summary>
        public void Suspend()
        {
            IsEnabled = false;
            IsCountingInbound = false;
        }

        /// <summary>The server's <c>&lt;resumed/&gt;</c>: the stream goes on with the counters it had.</summary>
        public void Resumed()
        {
            IsEnabled = true;
            IsCountingInbound = true;
        }
    }
}
