namespace SiotThing.Protocol.Crypto
{
    /// <summary>
    /// SHA-256 (FIPS 180-4 §6.2), managed because nanoFramework exposes SHA-256 only inside its
    /// native HMAC-SHA-256, and SCRAM-SHA-256 needs the plain hash and PBKDF2 over it.
    /// </summary>
    public sealed class Sha256 : BlockHash
    {
        /// <summary>The digest length in bytes.</summary>
        public const int Size = 32;

        // The round constants: the first 32 bits of the fractional parts of the cube roots of
        // the first 64 primes (FIPS 180-4 §4.2.2).
        private static readonly uint[] K =
        {
            0x428A2F98, 0x71374491, 0xB5C0FBCF, 0xE9B5DBA5, 0x3956C25B, 0x59F111F1, 0x923F82A4, 0xAB1C5ED5,
            0xD807AA98, 0x12835B01, 0x243185BE, 0x550C7DC3, 0x72BE5D74, 0x80DEB1FE, 0x9BDC06A7, 0xC19BF174,
            0xE49B69C1, 0xEFBE4786, 0x0FC19DC6, 0x240CA1CC, 0x2DE92C6F, 0x4A7484AA, 0x5CB0A9DC, 0x76F988DA,
            0x983E5152, 0xA831C66D, 0xB00327C8, 0xBF597FC7, 0xC6E00BF3, 0xD5A79147, 0x06CA6351, 0x14292967,
            0x27B70A85, 0x2E1B2138, 0x4D2C6DFC, 0x53380D13, 0x650A7354, 0x766A0ABB, 0x81C2C92E, 0x92722C85,
            0xA2BFE8A1, 0xA81A664B, 0xC24B8B70, 0xC76C51A3, 0xD192E819, 0xD6990624, 0xF40E3585, 0x106AA070,
            0x19A4C116, 0x1E376C08, 0x2748774C, 0x34B0BCB5, 0x391C0CB3, 0x4ED8AA4A, 0x5B9CCA4F, 0x682E6FF3,
            0x748F82EE, 0x78A5636F, 0x84C87814, 0x8CC70208, 0x90BEFFFA, 0xA4506CEB, 0xBEF9A3F7, 0xC67178F2,
        };

        // The message schedule, allocated once: compressing a block allocates nothing.
        private readonly uint[] schedule = new uint[64];

        /// <summary>Creates the function, ready to hash.</summary>
        public Sha256()
            : base(Size)
        {
            Reset();
        }

        /// <inheritdoc />
        protected override void Initialize()
        {
            Chain[0] = 0x6A09E667;
            Chain[1] = 0xBB67AE85;
            Chain[2] = 0x3C6EF372;
            Chain[3] = 0xA54FF53A;
            Chain[4] = 0x510E527F;
            Chain[5] = 0x9B05688C;
            Chain[6] = 0x1F83D9AB;
            Chain[7] = 0x5BE0CD19;
        }

        /// <inheritdoc />
        protected override void Compress(byte[] block, int offset)
        {
            // Rotations and the functions of §4.1.2 are written out inline: a method call costs
            // more than the arithmetic in nanoFramework's interpreter.
            var w = schedule;
            for (var t = 0; t < 16; t++, offset += 4)
            {
                w[t] = (uint)((block[offset] << 24) | (block[offset + 1] << 16) | (block[offset + 2] << 8) | block[offset + 3]);
            }

            for (var t = 16; t < 64; t++)
            {
                var x = w[t - 15];
                var y = w[t - 2];
                var sigma0 = ((x >> 7) | (x << 25)) ^ ((x >> 18) | (x << 14)) ^ (x >> 3);
                var sigma1 = ((y >> 17) | (y << 15)) ^ ((y >> 19) | (y << 13)) ^ (y >> 10);
                w[t] = sigma1 + w[t - 7] + sigma0 + w[t - 16];
            }

            var a = Chain[0];
            var b = Chain[1];
            var c = Chain[2];
            var d = Chain[3];
            var e = Chain[4];
            var f = Chain[5];
            var g = Chain[6];
            var h = Chain[7];
            for (var t = 0; t < 64; t++)
            {
                // Ch(e, f, g) and Maj(a, b, c), each with one operation fewer than in §4.1.2.
                var t1 = h
                    + (((e >> 6) | (e << 26)) ^ ((e >> 11) | (e << 21)) ^ ((e >> 25) | (e << 7)))
                    + (g ^ (e & (f ^ g)))
                    + K[t]
                    + w[t];
                var t2 = (((a >> 2) | (a << 30)) ^ ((a >> 13) | (a << 19)) ^ ((a >> 22) | (a << 10)))
                    + ((a & b) | (c & (a | b)));
                h = g;
                g = f;
                f = e;
                e = d + t1;
                d = c;
                c = b;
                b = a;
                a = t1 + t2;
            }

            Chain[0] += a;
            Chain[1] += b;
            Chain[2] += c;
            Chain[3] += d;
            Chain[4] += e;
            Chain[5] += f;
            Chain[6] += g;
            Chain[7] += h;
        }
    }
}
