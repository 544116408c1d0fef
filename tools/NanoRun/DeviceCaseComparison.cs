namespace SiotThing.NanoRun;

/// <summary>
/// How the cases run in the nanoCLR compare with the device cases of the .NET run, which
/// Thing.Tests lists in the artifacts folder (<see cref="FileName"/>) every time it runs: one line,
/// "the same N", or which are on one side only.
/// </summary>
public static class DeviceCaseComparison
{
    /// <summary>The .NET run's list, one case id a line, in the artifacts folder.</summary>
    public const string FileName = "device-test-cases.txt";

    private const int Named = 10;

    /// <summary>The comparison line.</summary>
    /// <param name="list">The .NET run's list.</param>
    /// <param name="ran">The ids of the cases run here (passed, failed or skipped).</param>
    /// <param name="partial">Whether only some projects were run (--project): then only a count is given.</param>
    /// <returns>One line.</returns>
    public static string Describe(string list, IReadOnlyCollection<string> ran, bool partial)
    {
        if (!File.Exists(list))
        {
            return $"compared with the .NET run: no list of its device cases at {list} (dotnet test writes it)";
        }

        var dotnet = File.ReadAllLines(list).Where(l => l.Length > 0).ToHashSet(StringComparer.Ordinal);
        var here = ran.ToHashSet(StringComparer.Ordinal);
        if (partial)
        {
            return $"compared with the .NET run: {here.Count(dotnet.Contains)} of the {here.Count} cases run here are among its {dotnet.Count} device cases (only some projects were run)";
        }

        var onlyDotnet = dotnet.Where(id => !here.Contains(id)).Order(StringComparer.Ordinal).ToList();
        var onlyHere = here.Where(id => !dotnet.Contains(id)).Order(StringComparer.Ordinal).ToList();
        if (onlyDotnet.Count == 0 && onlyHere.Count == 0)
        {
            return $"compared with the .NET run: the same {here.Count} device cases ran here";
        }

        return $"compared with the .NET run ({dotnet.Count} device cases; {here.Count} here): "
            + $"{onlyDotnet.Count} on .NET only{Names(onlyDotnet)}; {onlyHere.Count} here only{Names(onlyHere)}";
    }

    private static string Names(List<string> ids) =>
        ids.Count == 0 ? string.Empty : " (" + string.Join(", ", ids.Take(Named)) + (ids.Count > Named ? ", ..." : string.Empty) + ")";
}
