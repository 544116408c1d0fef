namespace SiotThing.Protocol.Text
{
    /// <summary>
    /// Reads a string's characters as Unicode scalar values the same way on .NET and on
    /// nanoFramework. nanoFramework keeps strings as UTF-8 and its indexer answers the high
    /// surrogate for both halves of a character outside the BMP (<c>"\uD834\uDD1E"[1]</c> is
    /// 0xD834 there), while <c>ToCharArray(index, 2)</c> converts the pair itself; so a pair is
    /// read through that, and text inside the BMP, the common case, allocates nothing.
    /// </summary>
    public static class Utf16
    {
        /// <summary>
        /// The scalar value at <paramref name="index"/> of <paramref name="text"/>: a surrogate
        /// pair is taken as one (the caller then skips <paramref name="index"/> + 1).
        /// </summary>
        /// <param name="text">The text.</param>
        /// <param name="index">A UTF-16 index into it, at the start of a character.</param>
        /// <returns>The scalar value, or -1 for a lone surrogate, which no UTF-8 text can hold.</returns>
        public static int ScalarAt(string text, int index)
        {
            int c = text[index];
            if (c < 0xD800 || c > 0xDFFF)
            {
                return c;
            }

            if (c > 0xDBFF || index + 1 >= text.Length)
            {
                return -1;
            }

            int low = text.ToCharArray(index, 2)[1];
            if (low < 0xDC00 || low > 0xDFFF)
            {
                return -1;
            }

            return 0x10000 + ((c - 0xD800) << 10) + (low - 0xDC00);
        }
    }
}
