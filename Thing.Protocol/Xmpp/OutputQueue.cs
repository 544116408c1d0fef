using System;

namespace SiotThing.Protocol.Xmpp
{
    /// <summary>
    /// A bounded FIFO of bytes: what the client has produced and the transport has not taken yet
    /// (so that a stalled connection cannot make the device run out of memory), and the stanzas
    /// XEP-0198 keeps until the server acknowledges them.
    /// </summary>
    public sealed class OutputQueue
    {
        private readonly byte[] buffer;
        private int start;

        /// <summary>Creates a queue.</summary>
        /// <param name="capacity">The most bytes it holds.</param>
        public OutputQueue(int capacity)
        {
            buffer = new byte[capacity];
        }

        /// <summary>How many bytes wait to be sent.</summary>
        public int Length { get; private set; }

        /// <summary>How many more bytes fit.</summary>
        public int Free
        {
            get { return buffer.Length - Length; }
        }

        /// <summary>Appends bytes; all of them or, when they do not fit, none.</summary>
        /// <param name="source">The bytes.</param>
        /// <param name="offset">The first byte to append.</param>
        /// <param name="count">How many.</param>
        /// <returns>Whether they fitted.</returns>
        public bool Append(byte[] source, int offset, int count)
        {
            if (count > Free)
            {
                return false;
            }

            if (start + Length + count > buffer.Length)
            {
                // Move what is waiting to the front; cheaper than a ring for the small sizes here.
                Array.Copy(buffer, start, buffer, 0, Length);
                start = 0;
            }

            Array.Copy(source, offset, buffer, start + Length, count);
            Length += count;
            return true;
        }

        /// <summary>Moves up to <paramref name="count"/> waiting bytes into <paramref name="destination"/>.</summary>
        /// <param name="destination">Where the bytes go.</param>
        /// <param name="offset">The first index to write.</param>
        /// <param name="count">The most bytes to move.</param>
        /// <returns>How many bytes were moved.</returns>
        public int Read(byte[] destination, int offset, int count)
        {
            var taken = count < Length ? count : Length;
            Array.Copy(buffer, start, destination, offset, taken);
            Discard(taken);
            return taken;
        }

        /// <summary>Copies every waiting byte, oldest first, and keeps them waiting.</summary>
        /// <param name="destination">Where to copy them; it must have room for <see cref="Length"/> bytes.</param>
        /// <param name="offset">The first index to write.</param>
        /// <returns>How many bytes were copied.</returns>
        public int CopyTo(byte[] destination, int offset)
        {
            Array.Copy(buffer, start, destination, offset, Length);
            return Length;
        }

        /// <summary>Appends the <paramref name="count"/> oldest bytes to <paramref name="destination"/> and keeps them here.</summary>
        /// <param name="destination">Another queue.</param>
        /// <param name="count">How many bytes, at most <see cref="Length"/>.</param>
        /// <returns>Whether they fitted there (when not, nothing was appended).</returns>
        public bool CopyOldestTo(OutputQueue destination, int count)
        {
            return count <= Length && destination.Append(buffer, start, count);
        }

        /// <summary>Drops the <paramref name="count"/> oldest bytes (at most all of them).</summary>
        /// <param name="count">How many.</param>
        public void Discard(int count)
        {
            var dropped = count < Length ? count : Length;
            start += dropped;
            Length -= dropped;
            if (Length == 0)
            {
                start = 0;
            }
        }

        /// <summary>Forgets every waiting byte (the connection they were meant for is gone).</summary>
        public void Clear()
        {
            start = 0;
            Length = 0;
        }
    }
}
