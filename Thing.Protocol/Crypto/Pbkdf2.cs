using System;

namespace SiotThing.Protocol.Crypto
{
    /// <summary>
    /// PBKDF2 (RFC 8018 §5.2) with an HMAC as its PRF, and SCRAM's Hi() (RFC 5802 §2.2), which is
    /// PBKDF2 with one block of output. Slow by design, and slower in nanoFramework's
    /// interpreter: SCRAM clients cache its result instead of running it at every login.
    /// </summary>
    public static class Pbkdf2
    {
        /// <summary>Derives <paramref name="count"/> bytes of key into <paramref name="output"/>.</summary>
        /// <param name="prf">The PRF, keyed with the password; any message in progress is discarded.</param>
        /// <param name="salt">The salt.</param>
        /// <param name="iterations">The iteration count, at least 1.</param>
        /// <param name="output">Where to write the key.</param>
        /// <param name="offset">The first index to write.</param>
        /// <param name="count">The key length in bytes (RFC 8018's dkLen).</param>
        public static void DeriveKey(IMac prf, byte[] salt, int iterations, byte[] output, int offset, int count)
        {
            if (iterations < 1)
            {
                throw new ArgumentOutOfRangeException("iterations");
            }

            var size = prf.HashSize;
            var u = new byte[size];
            var index = new byte[4];
            for (var blockNumber = 1; count > 0; blockNumber++)
            {
                // U1 = PRF(P, S || INT(i)), then Uj = PRF(P, Uj-1); T(i) is their XOR.
                index[0] = (byte)(blockNumber >> 24);
                index[1] = (byte)(blockNumber >> 16);
                index[2] = (byte)(blockNumber >> 8);
                index[3] = (byte)blockNumber;
                prf.Reset();
                prf.Update(salt, 0, salt.Length);
                prf.Update(index, 0, index.Length);
                prf.Final(u, 0);

                // The last block may be cut short: only its first bytes are needed.
                var take = count < size ? count : size;
                Array.Copy(u, 0, output, offset, take);
                for (var j = 1; j < iterations; j++)
                {
                    prf.Compute(u, 0, size, u, 0);
                    for (var k = 0; k < take; k++)
                    {
                        output[offset + k] ^= u[k];
                    }
                }

                offset += take;
                count -= take;
            }

            Array.Clear(u, 0, size);
        }

        /// <summary>SCRAM's Hi(str, salt, i): PBKDF2 with the PRF's digest length as key length.</summary>
        /// <param name="prf">The PRF (HMAC with SCRAM's hash), keyed with the password.</param>
        /// <param name="salt">The salt the server sent.</param>
        /// <param name="iterations">The iteration count the server sent, at least 1.</param>
        /// <returns>The salted password.</returns>
        public static byte[] Hi(IMac prf, byte[] salt, int iterations)
        {
            var result = new byte[prf.HashSize];
            DeriveKey(prf, salt, iterations, result, 0, result.Length);
            return result;
        }
    }
}
