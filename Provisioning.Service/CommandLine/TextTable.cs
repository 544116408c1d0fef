namespace SiotThing.Provisioning.CommandLine;

/// <summary>Rows of text written as aligned columns, for people reading a terminal.</summary>
internal sealed class TextTable
{
    private const string Gap = "  ";

    private readonly string[]? headers;
    private readonly List<string[]> rows = [];

    /// <summary>A table; with <paramref name="headers"/>, written above an underline, else none.</summary>
    public TextTable(params string[]? headers)
    {
        this.headers = headers is { Length: > 0 } ? headers : null;
    }

    /// <summary>Adds a row; its cells are escaped for the terminal (<see cref="TerminalText"/>), so that no name can break the table or the line.</summary>
    public void Add(params string[] cells) => rows.Add(cells.Select(TerminalText.Escape).ToArray());

    /// <summary>Writes the table; the last column is not padded, so lines carry no trailing blanks.</summary>
    public void WriteTo(TextWriter writer)
    {
        var all = headers == null ? rows : rows.Prepend(headers).ToList();
        var columns = all.Max(r => r.Length);
        var widths = Enumerable.Range(0, columns).Select(c => all.Max(r => c < r.Length ? r[c].Length : 0)).ToArray();
        foreach (var (row, index) in all.Select((r, i) => (r, i)))
        {
            writer.WriteLine(Line(row, widths));
            if (headers != null && index == 0)
            {
                writer.WriteLine(Line(widths.Select(w => new string('-', w)).ToArray(), widths));
            }
        }
    }

    private static string Line(string[] cells, int[] widths) =>
        string.Join(Gap, cells.Select((cell, c) => c == cells.Length - 1 ? cell : cell.PadRight(widths[c])));
}
