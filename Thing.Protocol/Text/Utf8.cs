namespace SiotThing.Protocol.Text
{
    /// <summary>
    /// UTF-8 for strings that cross the wire (XML text, SASL names and passwords). Written by hand
    /// because nanoFramework's mscorlib has no <c>System.Text.Encoding</c>; it works on caller
    /// buffers so that encoding allocates nothing but the result.
    /// </summary>
    public static class Utf8
    {
        /// <summary>The character that stands in for a lone surrogate, which UTF-8 cannot carry.</summary>
        public const char Replacement = '\uFFFD';

        /// <summary>How many bytes <see cref="Encode(string, byte[], int)"/> writes for <paramref name="text"/>.</summary>
        /// <param name="text">The text to measure.</param>
        /// <returns>The UTF-8 length in bytes.</returns>
        public static int ByteCount(string text)
        {
            var count = 0;
            for (var i = 0; i < text.Length; i++)
            {
                var scalar = ScalarOrReplacement(text, i);
                if (scalar >= 0x10000)
                {
                    i++;
                }

                count += ScalarLength(scalar);
            }

            return count;
        }

        /// <summary>
        /// The longest start of <paramref name="text"/> whose UTF-8 has at most
        /// <paramref name="maxBytes"/> bytes, cut between characters, never inside one: how the
        /// thing bounds what it keeps or shows of others' text.
        /// </summary>
        /// <param name="text">The text, or <c>null</c>.</param>
        /// <param name="maxBytes">The most UTF-8 bytes to keep.</param>
        /// <returns>The text itself when it fits, else its start; <c>null</c> for <c>null</c>.</returns>
        public static string Truncate(string text, int maxBytes)
        {
            if (text == null)
            {
                return null;
            }

            var count = 0;
            for (var i = 0; i < text.Length; i++)
            {
                var scalar = ScalarOrReplacement(text, i);
                count += ScalarLength(scalar);
                if (count > maxBytes)
                {
                    return text.Substring(0, i);
                }

                if (scalar >= 0x10000)
                {
                    i++;
                }
            }

            return text;
        }

        /// <summary>Encodes <paramref name="text"/> into a new array.</summary>
        /// <param name="text">The text to encode.</param>
        /// <returns>Its UTF-8 bytes.</returns>
        public static byte[] Encode(string text)
        {
            var bytes = new byte[ByteCount(text)];
            Encode(text, bytes, 0);
            return bytes;
        }

        /// <summary>
        /// Encodes <paramref name="text"/> into <paramref name="destination"/> from
        /// <paramref name="offset"/>; a lone surrogate becomes U+FFFD.
        /// </summary>
        /// <param name="text">The text to encode.</param>
        /// <param name="destination">Where to write; it must have room for <see cref="ByteCount"/> bytes.</param>
        /// <param name="offset">The first index to write.</param>
        /// <returns>How many bytes were written.</returns>
        public static int Encode(string text, byte[] destination, int offset)
        {
            var at = offset;
            for (var i = 0; i < text.Length; i++)
            {
                var scalar = ScalarOrReplacement(text, i);
                if (scalar >= 0x10000)
                {
                    i++;
                }

                at += EncodeScalar(scalar, destination, at);
            }

            return at - offset;
        }

        /// <summary>How many bytes UTF-8 needs for <paramref name="scalar"/>.</summary>
        internal static int ScalarLength(int scalar)
        {
            return scalar < 0x80 ? 1 : scalar < 0x800 ? 2 : scalar < 0x10000 ? 3 : 4;
        }

        /// <summary>Writes <paramref name="scalar"/> as UTF-8 at <paramref name="at"/>; returns the byte count.</summary>
        internal static int EncodeScalar(int scalar, byte[] bytes, int at)
        {
            var length = ScalarLength(scalar);
            for (var k = 0; k < length; k++)
            {
                bytes[at + k] = ScalarByte(scalar, length, k);
            }

            return length;
        }

        /// <summary>Byte <paramref name="k"/> of the <paramref name="length"/>-byte UTF-8 form of <paramref name="scalar"/>.</summary>
        internal static byte ScalarByte(int scalar, int length, int k)
        {
            var shift = 6 * (length - 1 - k);
            if (k > 0)
            {
                return (byte)(0x80 | ((scalar >> shift) & 0x3F));
            }

            // The lead byte: 0xxxxxxx, 110xxxxx, 1110xxxx or 11110xxx.
            var lead = length == 1 ? 0 : (0xFF00 >> length) & 0xFF;
            return (byte)(lead | (scalar >> shift));
        }

        /// <summary>
        /// Decodes well-formed UTF-8 (RFC 3629: no overlong forms, no surrogates, nothing above
        /// U+10FFFF, no truncated sequence).
        /// </summary>
        /// <param name="bytes">The buffer.</param>
        /// <param name="offset">The first byte to decode.</param>
        /// <param name="count">How many bytes to decode.</param>
        /// <returns>The text, or <c>null</c> when the bytes are not well-formed UTF-8.</returns>
        public static string Decode(byte[] bytes, int offset, int count)
        {
            var chars = new char[count];
            var length = 0;
            var end = offset + count;
            var i = offset;
            while (i < end)
            {
                var sequence = SequenceLength(bytes, i, end);
                if (sequence == 0)
                {
                    return null;
                }

                var scalar = ScalarAt(bytes, i, sequence);
                i += sequence;
                if (scalar < 0x10000)
                {
                    chars[length++] = (char)scalar;
                }
                else
                {
                    scalar -= 0x10000;
                    chars[length++] = (char)(0xD800 + (scalar >> 10));
                    chars[length++] = (char)(0xDC00 + (scalar & 0x3FF));
                }
            }

            return new string(chars, 0, length);
        }

        /// <summary>
        /// The length of the well-formed UTF-8 sequence that starts at <paramref name="index"/>,
        /// or 0 when the bytes there (before <paramref name="end"/>) are not one.
        /// </summary>
        /// <param name="bytes">The buffer.</param>
        /// <param name="index">Where the sequence starts.</param>
        /// <param name="end">The index after the last byte that may belong to it.</param>
        /// <returns>1 to 4, or 0 for malformed or truncated input.</returns>
        public static int SequenceLength(byte[] bytes, int index, int end)
        {
            int first = bytes[index];
            if (first < 0x80)
            {
                return 1;
            }

            int length;
            int min;
            int max;
            if (first >= 0xC2 && first <= 0xDF)
            {
                length = 2;
                min = 0x80;
                max = 0xBF;
            }
            else if (first >= 0xE0 && first <= 0xEF)
            {
                length = 3;
                // E0 needs A0..BF (no overlong forms); ED needs 80..9F (no surrogates).
                min = first == 0xE0 ? 0xA0 : 0x80;
                max = first == 0xED ? 0x9F : 0xBF;
            }
            else if (first >= 0xF0 && first <= 0xF4)
            {
                length = 4;
                // F0 needs 90..BF (no overlong forms); F4 needs 80..8F (nothing above U+10FFFF).
                min = first == 0xF0 ? 0x90 : 0x80;
                max = first == 0xF4 ? 0x8F : 0xBF;
            }
            else
            {
                return 0;
            }

            if (index + length > end)
            {
                return 0;
            }

            int second = bytes[index + 1];
            if (second < min || second > max)
            {
                return 0;
            }

            for (var k = 2; k < length; k++)
            {
                if ((bytes[index + k] & 0xC0) != 0x80)
                {
                    return 0;
                }
            }

            return length;
        }

        private static int ScalarAt(byte[] bytes, int index, int length)
        {
            switch (length)
            {
                case 1:
                    return bytes[index];
                case 2:
                    return ((bytes[index] & 0x1F) << 6) | (bytes[index + 1] & 0x3F);
                case 3:
                    return ((bytes[index] & 0x0F) << 12) | ((bytes[index + 1] & 0x3F) << 6) | (bytes[index + 2] & 0x3F);
                default:
                    return ((bytes[index] & 0x07) << 18) | ((bytes[index + 1] & 0x3F) << 12) | ((bytes[index + 2] & 0x3F) << 6) | (bytes[index + 3] & 0x3F);
            }
        }

        private static int ScalarOrReplacement(string text, int index)
        {
            var scalar = Utf16.ScalarAt(text, index);
            return scalar < 0 ? Replacement : scalar;
        }
    }
}
