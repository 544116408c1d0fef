namespace SiotThing.NanoRun;

/// <summary>How a child process ended, and what it printed (standard output and error, interleaved as read).</summary>
/// <param name="ExitCode">Its exit code; null when it was killed at the time limit.</param>
/// <param name="Output">Every line it printed.</param>
public sealed record ProcessResult(int? ExitCode, IReadOnlyList<string> Output)
{
    /// <summary>Whether it was killed at the time limit.</summary>
    public bool TimedOut => ExitCode == null;

    /// <summary>The last lines it printed, for an error message.</summary>
    public string Tail(int lines = 20) => string.Join(Environment.NewLine, Output.Skip(Math.Max(0, Output.Count - lines)));
}
