using SiotThing.Protocol.Text;

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

        /// <summary>
        /// Whether the bytes at <paramref name="at"/> (before <paramref name="end"/>) are the UTF-8
        /// form of <paramref name="scalar"/>: returns its length in bytes, or -1 when they are not.
        /// </summary>
        internal static int Match(int scalar, byte[] bytes, int at, int end)
        {
            var length = Utf8.ScalarLength(scalar);
            if (at + length > end)
            {
                return -1;
            }

            for (var k = 0; k < length; k++)
            {
                if (bytes[at + k] != Utf8.ScalarByte(scalar, length, k))
                {
                    return -1;
                }
            }

            return length;
        }
    }
}
