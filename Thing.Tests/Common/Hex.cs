namespace SiotThing.Tests
{
    /// <summary>Hexadecimal test data ("C0 AF" or "c0af") to bytes and back.</summary>
    public static class Hex
    {
        /// <summary>Parses pairs of hex digits; spaces between pairs are ignored.</summary>
        /// <param name="hex">The hex text.</param>
        /// <returns>The bytes.</returns>
        public static byte[] Parse(string hex)
        {
            var digits = 0;
            for (var i = 0; i < hex.Length; i++)
            {
                if (hex[i] != ' ')
                {
                    digits++;
                }
            }

            var bytes = new byte[digits / 2];
            var nibble = 0;
            for (var i = 0; i < hex.Length; i++)
            {
                if (hex[i] == ' ')
                {
                    continue;
                }

                var value = Digit(hex[i]);
                var index = nibble / 2;
                bytes[index] = (byte)(nibble % 2 == 0 ? value << 4 : bytes[index] | value);
                nibble++;
            }

            return bytes;
        }

        /// <summary>Formats bytes as lower-case hex without separators.</summary>
        /// <param name="bytes">The bytes.</param>
        /// <returns>The hex text.</returns>
        public static string Format(byte[] bytes)
        {
            const string Digits = "0123456789abcdef";
            var chars = new char[bytes.Length * 2];
            for (var i = 0; i < bytes.Length; i++)
            {
                chars[2 * i] = Digits[bytes[i] >> 4];
                chars[2 * i + 1] = Digits[bytes[i] & 0xF];
            }

            return new string(chars);
        }

        private static int Digit(char c)
        {
            if (c >= '0' && c <= '9')
            {
                return c - '0';
            }

            if (c >= 'a' && c <= 'f')
            {
                return c - 'a' + 10;
            }

            return c - 'A' + 10;
        }
    }
}
