using System.Diagnostics;

namespace SiotThing.NanoRun;

/// <summary>Runs a program to its end or to a time limit, keeping what it prints.</summary>
public static class ChildProcess
{
    /// <summary>Runs <paramref name="program"/> (a .dll through dotnet) with <paramref name="arguments"/> in <paramref name="folder"/>.</summary>
    public static ProcessResult Run(string program, IEnumerable<string> arguments, string folder, TimeSpan limit)
    {
        var start = program.EndsWith(".dll", StringComparison.OrdinalIgnoreCase)
            ? new ProcessStartInfo("dotnet", new[] { program }.Concat(arguments))
            : new ProcessStartInfo(program, arguments);
        start.WorkingDirectory = folder;
        start.RedirectStandardOutput = true;
        start.RedirectStandardError = true;
        start.RedirectStandardInput = true;

        var output = new List<string>();
        using var process = new Process { StartInfo = start };
        process.OutputDataReceived += (_, e) => Add(output, e.Data);
        process.ErrorDataReceived += (_, e) => Add(output, e.Data);
        process.Start();
        process.StandardInput.Close();
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        if (!process.WaitForExit(limit))
        {
            process.Kill(entireProcessTree: true);
            process.WaitForExit();
            return new ProcessResult(null, Snapshot(output));
        }

        // The parameterless wait also waits for the end of both redirected streams.
        process.WaitForExit();
        return new ProcessResult(process.ExitCode, Snapshot(output));
    }

    private static void Add(List<string> output, string? line)
    {
        if (line != null)
        {
            lock (output)
            {
                output.Add(line);
            }
        }
    }

    private static List<string> Snapshot(List<string> output)
    {
        lock (output)
        {
            return [.. output];
        }
    }
}
