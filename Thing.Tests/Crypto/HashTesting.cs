using SiotThing.Protocol.Crypto;

namespace SiotThing.Tests.Crypto
{
    /// <summary>Helpers for hash tests: digests as hex, repeated bytes, feeding in odd chunks.</summary>
    public static class HashTesting
    {
        /// <summary>The chunk sizes <see cref="DigestInChunks"/> cycles through: smaller and larger than a block.</summary>
        private static readonly int[] ChunkSizes = { 1, 3, 7, 13, 29, 64, 65, 2, 127 };

        /// <summary>Hashes <paramref name="data"/> with one update.</summary>
        /// <param name="hash">The function.</param>
        /// <param name="data">The message.</param>
        /// <returns>The digest as lower-case hex.</returns>
        public static string Digest(IHashFunction hash, byte[] data)
        {
            hash.Update(data, 0, data.Length);
            return Final(hash);
        }

        /// <summary>Hashes <paramref name="data"/> in chunks of the sizes in <see cref="ChunkSizes"/>, over and over.</summary>
        /// <param name="hash">The function.</param>
        /// <param name="data">The message.</param>
        /// <returns>The digest as lower-case hex.</returns>
        public static string DigestInChunks(IHashFunction hash, byte[] data)
        {
            var at = 0;
            for (var i = 0; at < data.Length; i++)
            {
                var size = ChunkSizes[i % ChunkSizes.Length];
                if (size > data.Length - at)
                {
                    size = data.Length - at;
                }

                hash.Update(data, at, size);
                at += size;
            }

            return Final(hash);
        }

        /// <summary>A message of one byte repeated.</summary>
        /// <param name="value">The byte.</param>
        /// <param name="count">How many.</param>
        /// <returns>The message.</returns>
        public static byte[] Repeat(byte value, int count)
        {
            var bytes = new byte[count];
            for (var i = 0; i < count; i++)
            {
                bytes[i] = value;
            }

            return bytes;
        }

        private static string Final(IHashFunction hash)
        {
            var digest = new byte[hash.HashSize];
            hash.Final(digest, 0);
            return Hex.Format(digest);
        }
    }
}
