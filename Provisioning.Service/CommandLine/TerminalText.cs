using System.Globalization;
using System.Text;

namespace SiotThing.Provisioning.CommandLine;

/// <summary>
/// Text from others (a thing's names, JIDs) made safe to print on a terminal: control characters
/// (tabs and line breaks break a table, escape sequences drive the terminal), format characters
/// (the bidi overrides such as U+202E reverse a line, zero-width ones hide text) and line and
/// paragraph separators are written as escapes (<c>\t</c>, <c>\n</c>, <c>\r</c>, <c>\uXXXX</c>,
/// <c>\UXXXXXXXX</c>); a backslash is doubled, so that an escape cannot be faked.
/// </summary>
internal static class TerminalText
{
    /// <summary>The text, escaped where needed.</summary>
    public static string Escape(string text)
    {
        if (!NeedsEscape(text))
        {
            return text;
        }

        var escaped = new StringBuilder(text.Length + 16);
        foreach (var rune in text.EnumerateRunes())
        {
            switch (rune.Value)
            {
                case '\\':
                    escaped.Append(@"\\");
                    break;
                case '\t':
                    escaped.Append(@"\t");
                    break;
                case '\n':
                    escaped.Append(@"\n");
                    break;
                case '\r':
                    escaped.Append(@"\r");
                    break;
                default:
                    if (IsUnsafe(rune))
                    {
                        escaped.Append(rune.IsBmp ? $"\\u{rune.Value:X4}" : $"\\U{rune.Value:X8}");
                    }
                    else
                    {
                        escaped.Append(rune.ToString());
                    }

                    break;
            }
        }

        return escaped.ToString();
    }

    private static bool NeedsEscape(string text)
    {
        foreach (var rune in text.EnumerateRunes())
        {
            if (rune.Value == '\\' || IsUnsafe(rune))
            {
                return true;
            }
        }

        // EnumerateRunes reads a lone surrogate as U+FFFD: text with surrogates is rewritten, which replaces a lone one.
        return text.Any(char.IsSurrogate);
    }

    private static bool IsUnsafe(Rune rune) => Rune.GetUnicodeCategory(rune) is
        UnicodeCategory.Control or UnicodeCategory.Format or UnicodeCategory.LineSeparator or UnicodeCategory.ParagraphSeparator;
}
