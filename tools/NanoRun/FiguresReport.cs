using System.Diagnostics;
using System.Globalization;
using System.Text;
using SiotThing.NanoGate;

namespace SiotThing.NanoRun;

/// <summary>
/// The figures of one run, written as a Markdown file that docs/performance.md links to
/// (<c>--figures FILE</c>): each .pe's real tables beside the gate's estimate, each project's tests
/// and time in the nanoCLR, the totals, and what the tests printed (the measurements: PBKDF2, the
/// replays' costs, the heap), headed by the commit they were measured at. A rerun rewrites it whole.
/// </summary>
/// <param name="nanoClr">The nanoCLR that ran the tests.</param>
/// <param name="commandLine">The runner's arguments, so that a reader can run it again.</param>
public sealed class FiguresReport(string nanoClr, string commandLine)
{
    private readonly List<string> assemblyRows = [];
    private readonly List<string> projectRows = [];
    private readonly StringBuilder printed = new();

    /// <summary>Adds a converted assembly's figures.</summary>
    /// <param name="name">The assembly's name (a project's name for a test assembly).</param>
    /// <param name="pe">The .pe's real figures.</param>
    /// <param name="estimate">The gate's estimate from the .NET assembly.</param>
    public void AddAssembly(string name, PeFile pe, PeFigures estimate)
    {
        assemblyRows.Add(string.Create(CultureInfo.InvariantCulture, $"| `{name}` | {pe.Bytes:N0} | {Compared(pe.StringTable, estimate.StringTableBytes)} | "
            + $"{Compared(pe.ByteCode, estimate.ByteCodeBytes)} | {Compared(pe.SignatureTable, estimate.SignatureTableBytes)} |"));
    }

    /// <summary>Adds a test project's results and what its passed tests printed.</summary>
    /// <param name="name">The project's name.</param>
    /// <param name="passed">Tests passed.</param>
    /// <param name="failed">Tests failed, crashed or hung.</param>
    /// <param name="skipped">Tests skipped.</param>
    /// <param name="elapsed">The time spent in the nanoCLR.</param>
    /// <param name="results">Every result, for the lines the tests printed.</param>
    public void AddProject(string name, int passed, int failed, int skipped, TimeSpan elapsed, IEnumerable<DeviceTestResult> results)
    {
        projectRows.Add($"| `{name}` | {passed} | {failed} | {skipped} | {elapsed.TotalSeconds.ToString("F1", CultureInfo.InvariantCulture)} s |");
        foreach (var result in results.Where(r => r.Outcome == DeviceTestOutcome.Passed && r.Output.Count > 0))
        {
            printed.AppendLine(CultureInfo.InvariantCulture, $"{result.Test.Name} ({result.Ticks / 10000.0:F1} ms in the launcher):");
            foreach (var line in result.Output)
            {
                printed.AppendLine("    " + line);
            }
        }
    }

    /// <summary>Writes the report, with the totals and the device-case comparison the run printed.</summary>
    /// <param name="path">The Markdown file; its folder is made when missing.</param>
    /// <param name="totals">The runner's totals line.</param>
    /// <param name="comparison">The comparison with the .NET run's device cases.</param>
    /// <param name="elapsed">The whole run's time.</param>
    public void Write(string path, string totals, string comparison, TimeSpan elapsed)
    {
        var text = new StringBuilder();
        text.AppendLine("# The device tests in the real nanoCLR: figures (written by tools/NanoRun)");
        text.AppendLine();
        text.AppendLine("Do not edit: `tools/NanoRun` wrote this file; run it again to refresh it (docs/performance.md says what the figures mean).");
        text.AppendLine();
        text.AppendLine(CultureInfo.InvariantCulture, $"- measured at commit `{Commit()}`, {DateTime.UtcNow:yyyy-MM-dd HH:mm} UTC, on {Environment.ProcessorCount} cores ({System.Runtime.InteropServices.RuntimeInformation.OSArchitecture}); the whole run took {elapsed.TotalSeconds:F0} s");
        text.AppendLine(CultureInfo.InvariantCulture, $"- nanoCLR: `{nanoClr}`");
        text.AppendLine(CultureInfo.InvariantCulture, $"- rerun: `dotnet run --project tools/NanoRun/NanoRun.csproj --no-build -- {commandLine}`");
        text.AppendLine(CultureInfo.InvariantCulture, $"- `{totals}`");
        text.AppendLine(CultureInfo.InvariantCulture, $"- {comparison}");
        text.AppendLine();
        text.AppendLine("## Each .pe: real size of its tables (the gate's estimate, its error)");
        text.AppendLine();
        text.AppendLine("| assembly | .pe bytes | string table | byte code | signatures |");
        text.AppendLine("| --- | ---: | ---: | ---: | ---: |");
        assemblyRows.ForEach(row => text.AppendLine(row));
        text.AppendLine();
        text.AppendLine("## Each test project in the nanoCLR");
        text.AppendLine();
        text.AppendLine("| project | passed | failed | skipped | time in the nanoCLR |");
        text.AppendLine("| --- | ---: | ---: | ---: | ---: |");
        projectRows.ForEach(row => text.AppendLine(row));
        text.AppendLine();
        text.AppendLine("## What the measuring tests printed");
        text.AppendLine();
        text.AppendLine("```");
        text.Append(printed.Length > 0 ? printed.ToString() : "(nothing: the measurements print with --timings)" + Environment.NewLine);
        text.AppendLine("```");
        Directory.CreateDirectory(Path.GetDirectoryName(Path.GetFullPath(path))!);
        File.WriteAllText(path, text.ToString());
    }

    /// <summary>A real size with the estimate and how far it errs: "22,600 (23,636, +4.6 %)".</summary>
    /// <param name="real">The .pe's figure.</param>
    /// <param name="estimate">The gate's estimate.</param>
    public static string Compared(int real, int estimate) =>
        real == 0
            ? string.Create(CultureInfo.InvariantCulture, $"0 ({estimate:N0})")
            : string.Create(CultureInfo.InvariantCulture, $"{real:N0} ({estimate:N0}, {(estimate - real) * 100.0 / real:+0.0;-0.0;0.0} %)");

    // The commit the figures belong to; "+ changes" when the work tree differs from it.
    private static string Commit()
    {
        var head = Git("rev-parse", "--short=12", "HEAD");
        if (head == null)
        {
            return "unknown (no git)";
        }

        // This file itself is rewritten by every run: not a change to the code measured.
        var changes = Git("status", "--porcelain", "--untracked-files=no", "--", ".", ":(exclude)docs/figures");
        return string.IsNullOrEmpty(changes) ? head : head + " + uncommitted changes";
    }

    private static string? Git(params string[] arguments)
    {
        try
        {
            using var git = Process.Start(new ProcessStartInfo("git", arguments) { RedirectStandardOutput = true, RedirectStandardError = true })!;
            var output = git.StandardOutput.ReadToEnd().Trim();
            git.WaitForExit();
            return git.ExitCode == 0 ? output : null;
        }
        catch (System.ComponentModel.Win32Exception)
        {
            return null;
        }
    }
}
