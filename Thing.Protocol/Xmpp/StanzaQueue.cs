namespace SiotThing.Protocol.Xmpp
{
    /// <summary>
    /// A bounded FIFO of whole stanzas: their bytes in one <see cref="OutputQueue"/> and their
    /// lengths in a ring, so that stanzas leave it one at a time, oldest first. XEP-0198 keeps
    /// the stanzas it sent and the ones waiting for room in its window in two of these.
    /// </summary>
    public sealed class StanzaQueue
    {
        private readonly OutputQueue bytes;
        private readonly int[] lengths;
        private int first;

        /// <summary>Creates an empty queue.</summary>
        /// <param name="capacityBytes">The most bytes it holds.</param>
        /// <param name="capacityStanzas">The most stanzas it holds.</param>
        public StanzaQueue(int capacityBytes, int capacityStanzas)
        {
            bytes = new OutputQueue(capacityBytes);
            lengths = new int[capacityStanzas];
        }

        /// <summary>How many stanzas it holds.</summary>
        public int Count { get; private set; }

        /// <summary>How many bytes it holds.</summary>
        public int Length
        {
            get { return bytes.Length; }
        }

        /// <summary>The length of the oldest stanza, or 0 when empty.</summary>
        public int OldestLength
        {
            get { return Count == 0 ? 0 : lengths[first]; }
        }

        /// <summary>Whether a stanza of <paramref name="count"/> bytes fits now.</summary>
        /// <param name="count">Its length in bytes.</param>
        /// <returns>Whether both a slot and the bytes are free.</returns>
        public bool Fits(int count)
        {
            return Count < lengths.Length && count <= bytes.Free;
        }

        /// <summary>Appends a stanza, whole or not at all.</summary>
        /// <param name="source">The buffer holding it.</param>
        /// <param name="offset">Where it starts.</param>
        /// <param name="count">Its length in bytes.</param>
        /// <returns>Whether it fitted.</returns>
        public bool Add(byte[] source, int offset, int count)
        {
            if (!Fits(count) || !bytes.Append(source, offset, count))
            {
                return false;
            }

            lengths[(first + Count) % lengths.Length] = count;
            Count++;
            return true;
        }

        /// <summary>Appends the oldest stanza's bytes to <paramref name="destination"/> and keeps it here.</summary>
        /// <param name="destination">Where the bytes go.</param>
        /// <returns>Whether they fitted there (when not, nothing was appended).</returns>
        public bool CopyOldestTo(OutputQueue destination)
        {
            return Count > 0 && bytes.CopyOldestTo(destination, lengths[first]);
        }

        /// <summary>Appends a copy of the oldest stanza of <paramref name="source"/>, which keeps it.</summary>
        /// <param name="source">Another queue, not empty.</param>
        /// <returns>Whether it fitted here (when not, nothing was appended).</returns>
        public bool AddOldestOf(StanzaQueue source)
        {
            var count = source.OldestLength;
            if (source.Count == 0 || !Fits(count) || !source.bytes.CopyOldestTo(bytes, count))
            {
                return false;
            }

            lengths[(first + Count) % lengths.Length] = count;
            Count++;
            return true;
        }

        /// <summary>Drops the oldest stanza.</summary>
        public void RemoveOldest()
        {
            if (Count == 0)
            {
                return;
            }

            bytes.Discard(lengths[first]);
            first = (first + 1) % lengths.Length;
            Count--;
        }

        /// <summary>Copies every stanza's bytes, oldest first, and keeps them.</summary>
        /// <param name="destination">Where to copy them; it must have room for <see cref="Length"/> bytes.</param>
        /// <param name="offset">The first index to write.</param>
        /// <returns>How many bytes were copied.</returns>
        public int CopyTo(byte[] destination, int offset)
        {
            return bytes.CopyTo(destination, offset);
        }

        /// <summary>Forgets every stanza.</summary>
        public void Clear()
        {
            bytes.Clear();
            Count = 0;
            first = 0;
        }
    }
}
