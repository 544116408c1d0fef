namespace SiotThing.Protocol.Xml
{
    /// <summary>
    /// The character classes of XML 1.0 (fifth edition) and UTF-8 for single scalar values, shared
    /// by the parser, the stanza view and the writer. They work on one scalar at a time so that
    /// nothing is allocated to encode, decode or compare.
    /// </summary>
    internal static class XmlChars
    {
        /// <summary>XML's Char production: what a document may contain at all.</summary>
        internal static bool IsChar(int c)
        {
            if (c < 0x20)
            {
                return c == 0x9 || c == 0xA || c == 0xD;
            }

            return c <= 0xD7FF || (c >= 0xE000 && c <= 0xFFFD) || (c >= 0x10000 && c <= 0x10FFFF);
        }

        /// <summary>XML's S production.</summary>
        internal static bool IsWhitespace(int c)
        {
            return c == ' ' || c == '\n' || c == '\t' || c == '\r';
        }

        /// <summary>XML's NameStartChar production.</summary>
        internal static bool IsNameStartChar(int c)
        {
            if (c < 0x80)
            {
                return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '_' || c == ':';
            }

            return (c >= 0xC0 && c <= 0xD6) || (c >= 0xD8 && c <= 0xF6) || (c >= 0xF8 && c <= 0x2FF)
                || (c >= 0x370 && c <= 0x37D) || (c >= 0x37F && c <= 0x1FFF) || c == 0x200C || c == 0x200D
                || (c >= 0x2070 && c <= 0x218F) || (c >= 0x2C00 && c <= 0x2FEF) || (c >= 0x3001 && c <= 0xD7FF)
                || (c >= 0xF900 && c <= 0xFDCF) || (c >= 0xFDF0 && c <= 0xFFFD) || (c >= 0x10000 && c <= 0xEFFFF);
        }

        /// <summary>XML's NameChar production.</summary>
        internal static bool IsNameChar(int c)
        {
            return IsNameStartChar(c) || (c >= '0' && c <= '9') || c == '-' || c == '.' || c == 0xB7
                || (c >= 0x300 && c <= 0x36F) || c == 0x203F || c == 0x2040;
        }

        /// <summary>How many bytes UTF-8 needs for <paramref name="scalar"/>.</summary>
        internal static int Utf8Length(int scalar)
        {
            return scalar < 0x80 ? 1 : scalar < 0x800 ? 2 : scalar < 0x10000 ? 3 : 4;
        }

        /// <summary>Writes <paramref name="scalar"/> as UTF-8 at <paramref name="at"/>; returns the byte count.</summary>
        internal static int Encode(int scalar, byte[] bytes, int at)
        {
            var length = Utf8Length(scalar);
            for (var k = 0; k < length; k++)
            {
                bytes[at + k] = Utf8Byte(scalar, length, k);
            }

            return length;
        }

        /// <summary>
        /// Whether the bytes at <paramref name="at"/> (before <paramref name="end"/>) are the UTF-8
        /// form of <paramref name="scalar"/>: returns its length in bytes, or -1 when they are not.
        /// </summary>
        internal static int Match(int scalar, byte[] bytes, int at, int end)
        {
            var length = Utf8Length(scalar);
            if (at + length > end)
            {
                return -1;
            }

            for (var k = 0; k < length; k++)
            {
                if (bytes[at + k] != Utf8Byte(scalar, length, k))
                {
                    return -1;
                }
            }

            return length;
        }

        /// <summary>
        /// Reads the scalar value at index <paramref name="i"/> of <paramref name="text"/>, a
        /// surrogate pair taken as one; -1 for a lone surrogate, which no UTF-8 text can hold.
        /// </summary>
        internal static int ScalarAt(string text, int i)
        {
            int c = text[i];
            if (c < 0xD800 || c > 0xDFFF)
            {
                return c;
            }

            if (c <= 0xDBFF && i + 1 < text.Length && text[i + 1] >= 0xDC00 && text[i + 1] <= 0xDFFF)
            {
                return 0x10000 + ((c - 0xD800) << 10) + (text[i + 1] - 0xDC00);
            }

            return -1;
        }

        /// <summary>Byte <paramref name="k"/> of the <paramref name="length"/>-byte UTF-8 form of <paramref name="scalar"/>.</summary>
        private static byte Utf8Byte(int scalar, int length, int k)
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
    }
}
