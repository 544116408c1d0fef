using System.Diagnostics;
using SiotThing.TestServers;
using Xunit.Abstractions;

namespace SiotThing.SystemTests;

/// <summary>
/// A story's steps, each timed, and what it measured on the way: written to the test's output
/// and appended to artifacts/system-story-timings.txt, which CI prints (the runner hides a
/// passing test's output).
/// </summary>
/// <param name="output">The test's output.</param>
/// <param name="title">The summary's first line, e.g. "system story on Prosody, per step:".</param>
internal sealed class StoryTimings(ITestOutputHelper output, string title)
{
    private readonly List<(string Step, TimeSpan Took)> timings = [];

    /// <summary>Runs one step and keeps how long it took.</summary>
    public async Task Step(string name, Func<Task> step)
    {
        var watch = Stopwatch.StartNew();
        output.WriteLine($"step {name}");
        await step();
        timings.Add((name, watch.Elapsed));
        output.WriteLine($"  done in {watch.Elapsed.TotalMilliseconds:F0} ms");
    }

    /// <summary>Keeps a figure measured during a step.</summary>
    public void Record(string what, TimeSpan took) => timings.Add(("measured: " + what, took));

    /// <summary>Writes the steps and figures so far.</summary>
    public void WriteSummary()
    {
        var lines = timings.Select(t => $"{t.Took.TotalMilliseconds,8:F0} ms  {t.Step}").ToList();
        lines.Insert(0, title);
        foreach (var line in lines)
        {
            output.WriteLine(line);
        }

        File.AppendAllLines(RepositoryPaths.Combine("artifacts", "system-story-timings.txt"), lines);
    }
}
