using System;

namespace SiotThing.Protocol.Crypto
{
    /// <summary>
    /// HMAC (RFC 2104) over any <see cref="IHashFunction"/>; managed because nanoFramework has no
    /// HMAC-SHA-1, and its native HMAC-SHA-256 lives outside mscorlib, which is all this core
    /// may use.
    /// </summary>
    /// <remarks>
    /// The padded keys are hashed once, when the key is set, and the states after them are kept:
    /// each message then costs two compressions fewer than plain RFC 2104, which halves PBKDF2's
    /// time. Computing a MAC allocates nothing. The HMAC takes the hash function over as its
    /// working state: do not use that instance for anything else while the HMAC is in use.
    /// </remarks>
    public sealed class Hmac : IMac
    {
        private const byte InnerPad = 0x36;
        private const byte OuterPad = 0x5C;

        private readonly IHashFunction hash;
        private readonly uint[] innerState;
        private readonly uint[] outerState;
        private readonly byte[] block;
        private readonly byte[] innerDigest;

        /// <summary>Creates an HMAC and sets its key.</summary>
        /// <param name="hash">The hash function, which the HMAC uses from now on.</param>
        /// <param name="key">The key, of any length.</param>
        public Hmac(IHashFunction hash, byte[] key)
        {
            this.hash = hash;
            innerState = new uint[hash.StateSize];
            outerState = new uint[hash.StateSize];
            block = new byte[hash.BlockSize];
            innerDigest = new byte[hash.HashSize];
            SetKey(key, 0, key.Length);
        }

        /// <inheritdoc />
        public int HashSize
        {
            get { return innerDigest.Length; }
        }

        /// <summary>Replaces the key and discards any message in progress.</summary>
        /// <param name="key">The buffer that holds the key.</param>
        /// <param name="offset">Where the key starts.</param>
        /// <param name="count">The key's length; a key longer than a block is hashed first (RFC 2104 §2).</param>
        public void SetKey(byte[] key, int offset, int count)
        {
            var blockSize = block.Length;
            var keyLength = count;
            if (count > blockSize)
            {
                hash.Reset();
                hash.Update(key, offset, count);
                hash.Final(block, 0);
                keyLength = innerDigest.Length;
            }
            else
            {
                Array.Copy(key, offset, block, 0, count);
            }

            Array.Clear(block, keyLength, blockSize - keyLength);
            for (var i = 0; i < blockSize; i++)
            {
                block[i] ^= InnerPad;
            }

            hash.Reset();
            hash.Update(block, 0, blockSize);
            hash.SaveState(innerState);

            for (var i = 0; i < blockSize; i++)
            {
                block[i] ^= InnerPad ^ OuterPad;
            }

            hash.Reset();
            hash.Update(block, 0, blockSize);
            hash.SaveState(outerState);

            // The padded key is key material: it does not stay in memory longer than needed.
            Array.Clear(block, 0, blockSize);
            hash.LoadState(innerState);
        }

        /// <summary>Discards the message in progress; the key stays.</summary>
        public void Reset()
        {
            hash.LoadState(innerState);
        }

        /// <summary>Adds <paramref name="count"/> bytes of <paramref name="data"/> from <paramref name="offset"/> to the message.</summary>
        /// <param name="data">The buffer that holds the bytes.</param>
        /// <param name="offset">The first byte to add.</param>
        /// <param name="count">How many bytes to add.</param>
        public void Update(byte[] data, int offset, int count)
        {
            hash.Update(data, offset, count);
        }

        /// <summary>Writes the MAC of the message, then starts a new message with the same key.</summary>
        /// <param name="output">Where to write; it must have room for <see cref="HashSize"/> bytes.</param>
        /// <param name="offset">The first index to write.</param>
        public void Final(byte[] output, int offset)
        {
            hash.Final(innerDigest, 0);
            hash.LoadState(outerState);
            hash.Update(innerDigest, 0, innerDigest.Length);
            hash.Final(output, offset);
            hash.LoadState(innerState);
        }

        /// <summary>Computes the MAC of one whole message; any message in progress is discarded first.</summary>
        /// <param name="data">The buffer that holds the message.</param>
        /// <param name="offset">Where the message starts.</param>
        /// <param name="count">The message's length.</param>
        /// <param name="output">Where to write; it may be the message's own buffer.</param>
        /// <param name="outputOffset">The first index to write.</param>
        public void Compute(byte[] data, int offset, int count, byte[] output, int outputOffset)
        {
            hash.LoadState(innerState);
            hash.Update(data, offset, count);
            Final(output, outputOffset);
        }
    }
}
