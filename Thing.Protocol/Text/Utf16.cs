namespace SiotThing.Protocol.Text
{
    /// <summary>
    /// Reads and searches strings the same way on .NET and on nanoFramework, which keeps strings
    /// as UTF-8 and gets characters outside the BMP wrong in two places (measured in the nanoCLR):
    /// its indexer answers the high surrogate for both halves of a pair (<c>"\uD834\uDD1E"[1]</c>
    /// is 0xD834 there), and <c>IndexOf</c> and <c>Contains</c> stop at the first such character
    /// and answer "not found". <c>ToCharArray</c>, <c>Substring</c>, <c>LastIndexOf</c>,
    /// <c>StartsWith</c>, <c>Split</c> and equality are right. Text inside the BMP, the common
    /// case, allocates nothing here. The nanoFramework gate (NANO007) refuses String.IndexOf and
    /// String.Contains in device code outside this class.
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
    

        /// <summary>The first index of <paramref name="value"/> in <paramref name="text"/> from <paramref name="start"/>.</summary>
        /// <param name="text">The text to search.</param>
        /// <param name="value">The character to find; not a surrogate.</param>
        /// <param name="start">Where to start.</param>
        /// <returns>Its UTF-16 index, or -1.</returns>
        public static int IndexOf(string text, char value, int start)
        {
            var found = text.IndexOf(value, start);
            if (found >= 0)
            {
                return found;
            }

            // "Not found" may be nanoFramework's stop at a character outside the BMP: look on.
            // The indexer is right at every index that is not the second half of a pair, and a
            // pair's halves are surrogates, which value is not.
            for (var i = start; i < text.Length; i++)
            {
                if (text[i] == value)
                {
                    return i;
                }
            }

            return -1;
        }

        /// <summary>The first index of <paramref name="value"/> in <paramref name="text"/> from <paramref name="start"/>.</summary>
        /// <param name="text">The text to search.</param>
        /// <param name="value">The text to find.</param>
        /// <param name="start">Where to start.</param>
        /// <returns>Its UTF-16 index, or -1.</returns>
        public static int IndexOf(string text, string value, int start)
        {
            var found = text.IndexOf(value, start);
            if (found >= 0 || value.Length == 0)
            {
                return found;
            }

            // As above; with a pair in value, compare the true halves (ToCharArray).
            var pairs = HasSurrogate(value);
            var chars = pairs ? text.ToCharArray() : null;
            var sought = pairs ? value.ToCharArray() : null;
            for (var i = start; i + value.Length <= text.Length; i++)
            {
                var k = 0;
                while (k < value.Length && (pairs ? chars[i + k] == sought[k] : text[i + k] == value[k]))
                {
                    k++;
                }

                if (k == value.Length)
                {
                    return i;
                }
            }

            return -1;
        }

        private static bool HasSurrogate(string text)
        {
            for (var i = 0; i < text.Length; i++)
            {
                if (text[i] >= 0xD800 && text[i] <= 0xDFFF)
                {
                    return true;
                }
            }

            return false;
        }
    }
}
