using System;

namespace SiotThing.Protocol.Crypto
{
    /// <summary>
    /// What SHA-1 and SHA-256 share (FIPS 180-4 §5.1.1 and §6): 64-byte blocks, buffering of a
    /// partial block, and the padding with 0x80, zeros and the message length in bits. A subclass
    /// compresses blocks into <see cref="Chain"/>, whose words, big-endian, are the digest.
    /// </summary>
    public abstract class BlockHash : IHashFunction
    {
        private const int Block = 64;

        // Where the 64-bit message length starts in the last block.
        private const int LengthAt = Block - 8;

        /// <summary>The chaining value: the state that every block updates.</summary>
        protected readonly uint[] Chain;

        private readonly byte[] pending = new byte[Block];
        private int pendingCount;
        private long length;

        /// <summary>Creates the buffers; the subclass's constructor then calls <see cref="Reset"/>.</summary>
        /// <param name="hashSize">The digest length in bytes, a multiple of 4.</param>
        protected BlockHash(int hashSize)
        {
            Chain = new uint[hashSize / 4];
        }

        /// <inheritdoc />
        public int HashSize
        {
            get { return Chain.Length * 4; }
        }

        /// <inheritdoc />
        public int BlockSize
        {
            get { return Block; }
        }

        /// <inheritdoc />
        public int StateSize
        {
            // The chaining value and the 64-bit byte count as two words.
            get { return Chain.Length + 2; }
        }

        /// <inheritdoc />
        public void Reset()
        {
            pendingCount = 0;
            length = 0;
            Initialize();
        }

        /// <inheritdoc />
        public void Update(byte[] data, int offset, int count)
        {
            length += count;
            if (pendingCount > 0)
            {
                var take = Block - pendingCount;
                if (take > count)
                {
                    take = count;
                }

                Array.Copy(data, offset, pending, pendingCount, take);
                pendingCount += take;
                offset += take;
                count -= take;
                if (pendingCount < Block)
                {
                    return;
                }

                Compress(pending, 0);
                pendingCount = 0;
            }

            // Whole blocks are compressed straight from the caller's buffer, without a copy.
            while (count >= Block)
            {
                Compress(data, offset);
                offset += Block;
                count -= Block;
            }

            if (count > 0)
            {
                Array.Copy(data, offset, pending, 0, count);
                pendingCount = count;
            }
        }

        /// <inheritdoc />
        public void Final(byte[] output, int offset)
        {
            var bits = length << 3;
            pending[pendingCount++] = 0x80;
            if (pendingCount > LengthAt)
            {
                // No room left for the length: it goes into one more block.
                Array.Clear(pending, pendingCount, Block - pendingCount);
                Compress(pending, 0);
                pendingCount = 0;
            }

            Array.Clear(pending, pendingCount, LengthAt - pendingCount);
            for (var i = 0; i < 8; i++)
            {
                pending[Block - 1 - i] = (byte)(bits >> (8 * i));
            }

            Compress(pending, 0);
            for (var i = 0; i < Chain.Length; i++)
            {
                var word = Chain[i];
                output[offset++] = (byte)(word >> 24);
                output[offset++] = (byte)(word >> 16);
                output[offset++] = (byte)(word >> 8);
                output[offset++] = (byte)word;
            }

            Reset();
        }

        /// <inheritdoc />
        public void SaveState(uint[] state)
        {
            if (pendingCount != 0)
            {
                throw new InvalidOperationException("A partial block is pending.");
            }

            Array.Copy(Chain, state, Chain.Length);
            state[Chain.Length] = (uint)length;
            state[Chain.Length + 1] = (uint)(length >> 32);
        }

        /// <inheritdoc />
        public void LoadState(uint[] state)
        {
            Array.Copy(state, Chain, Chain.Length);
            length = state[Chain.Length] | ((long)state[Chain.Length + 1] << 32);
            pendingCount = 0;
        }

        /// <summary>Sets <see cref="Chain"/> to the function's initial hash value.</summary>
        protected abstract void Initialize();

        /// <summary>Folds one 64-byte block into <see cref="Chain"/>.</summary>
        /// <param name="block">The buffer that holds the block.</param>
        /// <param name="offset">Where the block starts.</param>
        protected abstract void Compress(byte[] block, int offset);
    }
}
