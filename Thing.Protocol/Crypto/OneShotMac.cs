using System;

namespace SiotThing.Protocol.Crypto
{
    /// <summary>
    /// An <see cref="IMac"/> over a one-shot <see cref="MacFunction"/> (a native HMAC that takes
    /// the whole message at once): it gathers the message in a buffer of its own and hands it
    /// over at <see cref="Final"/>. Made for PBKDF2, where every message is one 32-byte digest:
    /// the message array is reused while its length stays the same, so an iteration costs one
    /// call and the array the function returns.
    /// </summary>
    public sealed class OneShotMac : IMac
    {
        /// <summary>The longest message it gathers, in bytes: far above SCRAM's AuthMessage (a few hundred).</summary>
        public const int MaxMessage = 4096;

        private readonly MacFunction function;
        private readonly int hashSize;
        private byte[] key;
        private byte[] buffer = new byte[64];
        private int length;
        private byte[] exact = new byte[0];

        /// <summary>Creates the MAC and sets its key.</summary>
        /// <param name="function">The one-shot MAC.</param>
        /// <param name="hashSize">The length of its MACs in bytes.</param>
        /// <param name="key">The key (copied).</param>
        public OneShotMac(MacFunction function, int hashSize, byte[] key)
        {
            this.function = function;
            this.hashSize = hashSize;
            SetKey(key, 0, key.Length);
        }

        /// <inheritdoc />
        public int HashSize
        {
            get { return hashSize; }
        }

        /// <inheritdoc />
        public void SetKey(byte[] key, int offset, int count)
        {
            if (this.key != null)
            {
                // Key material does not stay in memory longer than needed.
                Array.Clear(this.key, 0, this.key.Length);
            }

            this.key = new byte[count];
            Array.Copy(key, offset, this.key, 0, count);
            length = 0;
        }

        /// <inheritdoc />
        public void Reset()
        {
            length = 0;
        }

        /// <inheritdoc />
        public void Update(byte[] data, int offset, int count)
        {
            if (length + count > buffer.Length)
            {
                if (length + count > MaxMessage)
                {
                    throw new ArgumentOutOfRangeException("count", "a message longer than " + MaxMessage + " bytes");
                }

                var grown = buffer.Length * 2;
                while (grown < length + count)
                {
                    grown *= 2;
                }

                var bigger = new byte[grown < MaxMessage ? grown : MaxMessage];
                Array.Copy(buffer, bigger, length);
                buffer = bigger;
            }

            Array.Copy(data, offset, buffer, length, count);
            length += count;
        }

        /// <inheritdoc />
        public void Final(byte[] output, int offset)
        {
            if (exact.Length != length)
            {
                exact = new byte[length];
            }

            Array.Copy(buffer, exact, length);
            length = 0;
            var mac = function(key, exact);
            Array.Copy(mac, 0, output, offset, hashSize);
        }

        /// <inheritdoc />
        public void Compute(byte[] data, int offset, int count, byte[] output, int outputOffset)
        {
            length = 0;
            Update(data, offset, count);
            Final(output, outputOffset);
        }
    }
}
