namespace SiotThing.Protocol.Text
{
    /// <summary>
    /// What text shown to people (a thing's names) may not hold: control characters, which break
    /// the lines a client or a display shows, and the Unicode bidirectional controls (U+061C,
    /// U+200E, U+200F, U+202A-U+202E, U+2066-U+2069), which reorder the characters around them so
    /// that one name can look like another in an owner's client ("Bulb" + U+202E + "tnuoc"). The
    /// thing refuses them in its settings and the provisioning service in what it stores, both
    /// through this one rule. Written by hand because the device's mscorlib has no Unicode
    /// category tables.
    /// </summary>
    public static class ShownText
    {
        /// <summary>The index of the first character of <paramref name="text"/> that <see cref="IsHidden"/>, or -1.</summary>
        /// <param name="text">The text.</param>
        /// <returns>The UTF-16 index, or -1 when the text has none.</returns>
        public static int IndexOfHidden(string text)
        {
            // The indexer is right for every character here: the ones searched for are in the BMP,
            // and nanoFramework answers a surrogate (never one of them) for both halves of a pair.
            for (var i = 0; i < text.Length; i++)
            {
                if (IsHidden(text[i]))
                {
                    return i;
                }
            }

            return -1;
        }

        /// <summary>Whether <paramref name="c"/> is a control character or a bidirectional control, which a reader does not see but which changes what is shown.</summary>
        /// <param name="c">The character.</param>
        /// <returns><c>true</c> for C0 and C1 controls, DEL and the bidirectional controls.</returns>
        public static bool IsHidden(char c) =>
            c < 0x20 || (c >= 0x7F && c <= 0x9F)
            || c == 0x061C || c == 0x200E || c == 0x200F
            || (c >= 0x202A && c <= 0x202E) || (c >= 0x2066 && c <= 0x2069);
    }
}
