namespace SiotThing.Protocol.Crypto
{
    /// <summary>
    /// SHA-1 (FIPS 180-4 §6.1), managed because nanoFramework has none. SCRAM-SHA-1 is what most
    /// XMPP servers offer (Prosody by default), so the thing needs it despite SHA-1's collisions,
    /// which do not weaken HMAC or PBKDF2.
    /// </summary>
    public sealed class Sha1 : BlockHash
    {
        /// <summary>The digest length in bytes.</summary>
        public const int Size = 20;

        // The message schedule, allocated once: compressing a block allocates nothing.
        private readonly uint[] schedule = new uint[80];

        /// <summary>Creates the function, ready to hash.</summary>
        public Sha1()
            : base(Size)
        {
            Reset();
        }

        /// <inheritdoc />
        protected override void Initialize()
        {
            Chain[0] = 0x67452301;
            Chain[1] = 0xEFCDAB89;
            Chain[2] = 0x98BADCFE;
            Chain[3] = 0x10325476;
            Chain[4] = 0xC3D2E1F0;
        }

        /// <inheritdoc />
        protected override void Compress(byte[] block, int offset)
        {
            // Rotations and round functions are written out inline: a method call costs more
            // than the arithmetic in nanoFramework's interpreter.
            var w = schedule;
            for (var t = 0; t < 16; t++, offset += 4)
            {
                w[t] = (uint)((block[offset] << 24) | (block[offset + 1] << 16) | (block[offset + 2] << 8) | block[offset + 3]);
            }

            for (var t = 16; t < 80; t++)
            {
                var x = w[t - 3] ^ w[t - 8] ^ w[t - 14] ^ w[t - 16];
                w[t] = (x << 1) | (x >> 31);
            }

            var a = Chain[0];
            var b = Chain[1];
            var c = Chain[2];
            var d = Chain[3];
            var e = Chain[4];
            uint temp;

            // Ch(b, c, d) = (b & c) | (~b & d), computed with one operation fewer.
            for (var t = 0; t < 20; t++)
            {
                temp = ((a << 5) | (a >> 27)) + (d ^ (b & (c ^ d))) + e + 0x5A827999 + w[t];
                e = d;
                d = c;
                c = (b << 30) | (b >> 2);
                b = a;
                a = temp;
            }

            for (var t = 20; t < 40; t++)
            {
                temp = ((a << 5) | (a >> 27)) + (b ^ c ^ d) + e + 0x6ED9EBA1 + w[t];
                e = d;
                d = c;
                c = (b << 30) | (b >> 2);
                b = a;
                a = temp;
            }

            // Maj(b, c, d) = (b & c) | (b & d) | (c & d), computed with one operation fewer.
            for (var t = 40; t < 60; t++)
            {
                temp = ((a << 5) | (a >> 27)) + ((b & c) | (d & (b | c))) + e + 0x8F1BBCDC + w[t];
                e = d;
                d = c;
                c = (b << 30) | (b >> 2);
                b = a;
                a = temp;
            }

            for (var t = 60; t < 80; t++)
            {
                temp = ((a << 5) | (a >> 27)) + (b ^ c ^ d) + e + 0xCA62C1D6 + w[t];
                e = d;
                d = c;
                c = (b << 30) | (b >> 2);
                b = a;
                a = temp;
            }

            Chain[0] += a;
            Chain[1] += b;
            Chain[2] += c;
            Chain[3] += d;
            Chain[4] += e;
        }
    }
}
