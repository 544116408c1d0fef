using SiotThing.Protocol.Ports;
using SiotThing.Protocol.Text;

namespace SiotThing.Protocol.Siot
{
    /// <summary>
    /// The key a thing shows its owner: 24 symbols from the ProtoXEP's alphabet (no 'O', no '0'),
    /// about 122 bits, written as six groups of four joined by '-' (TWNK-KD5Y-MT3T-E1GS-DRDB-KVTW).
    /// </summary>
    public static class ClaimKey
    {
        /// <summary>The 34 symbols a key is made of.</summary>
        public const string Alphabet = "123456789ABCDEFGHIJKLMNPQRSTUVWXYZ";

        /// <summary>How many symbols a key has.</summary>
        public const int SymbolCount = 24;

        /// <summary>How many symbols stand between two separators.</summary>
        public const int GroupSize = 4;

        /// <summary>The length of the grouped form, separators included.</summary>
        public const int FormattedLength = SymbolCount + SymbolCount / GroupSize - 1;

        // The largest multiple of 34 that a byte can hold (7 * 34 = 238): bytes at or above it
        // are drawn again, so that every symbol is equally likely (a plain modulo would favour
        // the first 18 symbols by 8/256 against 7/256).
        private const int AcceptBelow = 256 / 34 * 34;

        /// <summary>Draws a new key from <paramref name="entropy"/> without bias.</summary>
        /// <param name="entropy">The source of random bytes.</param>
        /// <returns>The key in its grouped form.</returns>
        public static string Generate(IEntropySource entropy)
        {
            var symbols = new char[FormattedLength];
            var pool = new byte[32];
            var poolIndex = pool.Length;
            var drawn = 0;
            while (drawn < SymbolCount)
            {
                if (poolIndex == pool.Length)
                {
                    entropy.Fill(pool, 0, pool.Length);
                    poolIndex = 0;
                }

                int value = pool[poolIndex++];
                if (value >= AcceptBelow)
                {
                    continue;
                }

                symbols[PositionOf(drawn)] = Alphabet[value % Alphabet.Length];
                drawn++;
            }

            return Grouped(symbols);
        }

        /// <summary>
        /// Reads a key as a person typed it: case does not matter, spaces and '-' anywhere are
        /// ignored. Anything else (a wrong length, 'O', '0' or any symbol outside the alphabet)
        /// is not a key.
        /// </summary>
        /// <param name="typed">What the person entered.</param>
        /// <returns>The key in its grouped form, or <c>null</c> when <paramref name="typed"/> is not a key.</returns>
        public static string Normalize(string typed)
        {
            if (typed == null)
            {
                return null;
            }

            var symbols = new char[FormattedLength];
            var count = 0;
            for (var i = 0; i < typed.Length; i++)
            {
                var c = typed[i];
                if (c == '-' || c == ' ' || c == '\t')
                {
                    continue;
                }

                if (c >= 'a' && c <= 'z')
                {
                    c = (char)(c - 'a' + 'A');
                }

                if (count == SymbolCount || Utf16.IndexOf(Alphabet, c, 0) < 0)
                {
                    return null;
                }

                symbols[PositionOf(count++)] = c;
            }

            if (count != SymbolCount)
            {
                return null;
            }

            return Grouped(symbols);
        }

        /// <summary>Puts the separators into <paramref name="symbols"/>, whose symbols are in place.</summary>
        private static string Grouped(char[] symbols)
        {
            for (var separator = GroupSize; separator < FormattedLength; separator += GroupSize + 1)
            {
                symbols[separator] = '-';
            }

            return new string(symbols);
        }

        /// <summary>Where the symbol with index <paramref name="symbol"/> stands in the grouped form.</summary>
        private static int PositionOf(int symbol)
        {
            return symbol + symbol / GroupSize;
        }
    }
}
