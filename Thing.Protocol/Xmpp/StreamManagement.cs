namespace SiotThing.Protocol.Xmpp
{
    /// <summary>
    /// The counters and the unacknowledged stanzas of XEP-0198 stream management, kept across a
    /// dropped connection so that a resumed stream neither loses nor repeats stanzas: what the
    /// server acknowledged is forgotten, what it did not is sent again after resumption. Bounded:
    /// the stanzas sent and not yet acknowledged are a window; a stanza for which the window has
    /// no room waits (<see cref="Hold"/>) until an acknowledgement makes room, and only what does
    /// not fit the waiting queue either is refused, by the client, with an event.
    /// </summary>
    public sealed class StreamManagement
    {
        private readonly StanzaQueue sent;
        private readonly StanzaQueue waiting;

        /// <summary>Creates the state.</summary>
        /// <param name="capacityBytes">The most bytes of unacknowledged stanzas kept (the window).</param>
        /// <param name="capacityStanzas">The most unacknowledged stanzas kept (the window).</param>
        /// <param name="waitingBytes">The most bytes of stanzas waiting for room in the window.</param>
        /// <param name="waitingStanzas">The most stanzas waiting for room in the window.</param>
        public StreamManagement(int capacityBytes, int capacityStanzas, int waitingBytes, int waitingStanzas)
        {
            sent = new StanzaQueue(capacityBytes, capacityStanzas);
            waiting = new StanzaQueue(waitingBytes, waitingStanzas < 1 ? 1 : waitingStanzas);
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
        public int UnacknowledgedCount
        {
            get { return sent.Count; }
        }

        /// <summary>How many stanzas wait for room in the window (not sent, not counted yet).</summary>
        public int WaitingCount
        {
            get { return waiting.Count; }
        }

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

        /// <summary>Whether a stanza of <paramref name="count"/> bytes may be sent now: none waits before it and the window has room.</summary>
        /// <param name="count">Its length in bytes.</param>
        /// <returns>Whether <see cref="Store"/> would take it.</returns>
        public bool HasRoomFor(int count)
        {
            return waiting.Count == 0 && sent.Fits(count);
        }

        /// <summary>Keeps a copy of a stanza just sent, until the server acknowledges it.</summary>
        /// <param name="stanza">The buffer holding the stanza.</param>
        /// <param name="offset">Where it starts.</param>
        /// <param name="count">Its length in bytes.</param>
        /// <returns>Whether it fitted the window; when not, it must not be sent now (<see cref="Hold"/> it).</returns>
        public bool Store(byte[] stanza, int offset, int count)
        {
            return sent.Add(stanza, offset, count);
        }

        /// <summary>Keeps a stanza that the window has no room for, to send it once there is (<see cref="ReleaseWaiting"/>).</summary>
        /// <param name="stanza">The buffer holding the stanza.</param>
        /// <param name="offset">Where it starts.</param>
        /// <param name="count">Its length in bytes.</param>
        /// <returns>Whether it fitted the waiting queue; when not, it cannot be sent at all.</returns>
        public bool Hold(byte[] stanza, int offset, int count)
        {
            return waiting.Add(stanza, offset, count);
        }

        /// <summary>
        /// Sends the oldest waiting stanza when the window has room for it: appends it to
        /// <paramref name="output"/> and keeps it as unacknowledged.
        /// </summary>
        /// <param name="output">The client's output queue.</param>
        /// <returns>Whether a stanza went; call again until it says no.</returns>
        public bool ReleaseWaiting(OutputQueue output)
        {
            var length = waiting.OldestLength;
            if (waiting.Count == 0 || !sent.Fits(length) || length > output.Free)
            {
                return false;
            }

            // Kept before it is queued, as in the client's Send: both fit, checked above.
            sent.AddOldestOf(waiting);
            waiting.CopyOldestTo(output);
            waiting.RemoveOldest();
            return true;
        }

        /// <summary>Drops every waiting stanza (the session they were written for is gone).</summary>
        /// <returns>How many were dropped.</returns>
        public int DropWaiting()
        {
            var count = waiting.Count;
            waiting.Clear();
            return count;
        }

        /// <summary>
        /// Moves every waiting stanza to <paramref name="output"/> regardless of the window, for a
        /// stream that ends without resumption (nothing is kept for resending any more).
        /// </summary>
        /// <param name="output">The client's output queue.</param>
        /// <returns>How many did not fit there and were dropped.</returns>
        public int FlushWaiting(OutputQueue output)
        {
            var dropped = 0;
            while (waiting.Count > 0)
            {
                if (!waiting.CopyOldestTo(output))
                {
                    dropped++;
                }

                waiting.RemoveOldest();
            }

            return dropped;
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
                sent.RemoveOldest();
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
            return sent.CopyTo(destination, offset);
        }

        /// <summary>How many bytes <see cref="CopyUnacknowledged"/> copies.</summary>
        public int UnacknowledgedBytes
        {
            get { return sent.Length; }
        }

        /// <summary>
        /// The server refused or lost the session (<c>&lt;failed/&gt;</c>, or no resumption
        /// allowed): all state goes. Waiting stanzas stay for the caller to drop and report
        /// (<see cref="DropWaiting"/>) or flush (<see cref="FlushWaiting"/>).
        /// </summary>
        public void Forget()
        {
            IsEnabled = false;
            IsCountingInbound = false;
            ResumeId = null;
            Inbound = 0;
            Acknowledged = 0;
            sent.Clear();
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
