namespace SiotThing.NanoRun;

/// <summary>
/// What one nanoCLR run of the launcher printed. The nanoCLR prints its load report, then
/// "Ready." when it starts the program and "Done." when every thread has ended; the launcher
/// prints one line per test: <c>Test passed,id,ticks</c>, <c>Test failed,id,message</c> or
/// <c>Test skipped,id,message</c>. Whatever else appears after "Ready." is the tests' own output.
/// </summary>
public sealed class LauncherReport
{
    private LauncherReport(bool ready, bool done, IReadOnlyList<(string Id, DeviceTestOutcome Outcome, string Message, IReadOnlyList<string> Output, long Ticks)> results)
    {
        Ready = ready;
        Done = done;
        Results = results;
    }

    /// <summary>Whether the nanoCLR loaded every assembly and started the launcher.</summary>
    public bool Ready { get; }

    /// <summary>Whether the program ran to its end.</summary>
    public bool Done { get; }

    /// <summary>
    /// Each reported test in order: its launcher id, outcome, message, the lines it printed, and for a
    /// passed test the launcher's elapsed time in 100-ns ticks (DateTime ticks; -1 otherwise).
    /// </summary>
    public IReadOnlyList<(string Id, DeviceTestOutcome Outcome, string Message, IReadOnlyList<string> Output, long Ticks)> Results { get; }

    /// <summary>Reads the output of one run.</summary>
    public static LauncherReport Parse(IReadOnlyList<string> output)
    {
        var results = new List<(string, DeviceTestOutcome, string, IReadOnlyList<string>, long)>();
        var ready = false;
        var done = false;
        var printed = new List<string>();
        foreach (var line in output)
        {
            if (!ready)
            {
                ready = line == "Ready.";
                continue;
            }

            if (line == "Done.")
            {
                done = true;
                continue;
            }

            var outcome = line.StartsWith("Test passed,", StringComparison.Ordinal) ? DeviceTestOutcome.Passed
                : line.StartsWith("Test failed,", StringComparison.Ordinal) ? DeviceTestOutcome.Failed
                : line.StartsWith("Test skipped,", StringComparison.Ordinal) ? DeviceTestOutcome.Skipped
                : (DeviceTestOutcome?)null;
            if (outcome == null)
            {
                printed.Add(line);
                continue;
            }

            // The id has no comma; the message may.
            var parts = line.Split(',', 3);
            var message = outcome == DeviceTestOutcome.Passed || parts.Length < 3 ? string.Empty : parts[2];
            var ticks = outcome == DeviceTestOutcome.Passed && parts.Length == 3 && long.TryParse(parts[2], out var elapsed) ? elapsed : -1;
            results.Add((parts[1], outcome.Value, message, printed, ticks));
            printed = [];
        }

        return new LauncherReport(ready, done, results);
    }
}
