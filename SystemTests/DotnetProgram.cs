using System.Collections.Concurrent;
using System.Diagnostics;
using SiotThing.TestServers;

namespace SiotThing.SystemTests;

/// <summary>
/// One of this repository's programs (the thing, the service, from their build output; or a
/// script of deploy/) run as its own process, with its console captured line by line, as a
/// person or a service manager runs it.
/// </summary>
public sealed class DotnetProgram : IAsyncDisposable
{
    private readonly Process process;
    private readonly BlockingCollection<string> lines = new();
    private readonly ConcurrentQueue<string> all = new();

    private DotnetProgram(Process process, string name)
    {
        this.process = process;
        Name = name;
        process.OutputDataReceived += (_, e) => Add(e.Data);
        process.ErrorDataReceived += (_, e) => Add(e.Data);
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
    }

    /// <summary>What the program is called in messages.</summary>
    public string Name { get; }

    /// <summary>Everything it printed so far.</summary>
    public string Output => string.Join("\n", all);

    /// <summary>Whether it has exited.</summary>
    public bool HasExited => process.HasExited;

    /// <summary>Starts <c>dotnet PROJECT.dll ARGS</c> from the project's build output (same configuration as the tests).</summary>
    /// <param name="project">The project folder (e.g. Thing.Firmware).</param>
    /// <param name="assembly">The program's assembly name (e.g. siot-thing).</param>
    /// <param name="arguments">Its command line.</param>
    /// <returns>The running program.</returns>
    public static DotnetProgram Start(string project, string assembly, params string[] arguments)
    {
        // The tests run from artifacts/bin/SystemTests/<configuration>/.
        var configuration = new DirectoryInfo(AppContext.BaseDirectory.TrimEnd(Path.DirectorySeparatorChar)).Name;
        var dll = RepositoryPaths.Combine("artifacts", "bin", project, configuration, assembly + ".dll");
        if (!File.Exists(dll))
        {
            throw new FileNotFoundException($"{dll} is not built (dotnet build SiotThing.slnx)");
        }

        var start = new ProcessStartInfo("dotnet", [dll, .. arguments])
        {
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        start.Environment["DOTNET_NOLOGO"] = "1";
        return new DotnetProgram(Process.Start(start) ?? throw new InvalidOperationException("could not start " + dll), project);
    }

    /// <summary>Starts a script of the repository (e.g. deploy/run-local) with extra environment variables.</summary>
    /// <param name="script">Its path below the repository root.</param>
    /// <param name="environment">Variables to set.</param>
    /// <param name="arguments">Its command line.</param>
    /// <returns>The running script.</returns>
    public static DotnetProgram StartScript(string script, IReadOnlyDictionary<string, string> environment, params string[] arguments)
    {
        var start = new ProcessStartInfo(RepositoryPaths.Combine(script), arguments)
        {
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        start.Environment["DOTNET_NOLOGO"] = "1";
        foreach (var (name, value) in environment)
        {
            start.Environment[name] = value;
        }

        return new DotnetProgram(Process.Start(start) ?? throw new InvalidOperationException("could not start " + script), script);
    }

    /// <summary>The exit code, once it has exited.</summary>
    public int ExitCode => process.ExitCode;

    /// <summary>Waits for it to exit on its own.</summary>
    /// <param name="patience">How long to wait.</param>
    /// <returns>The exit code.</returns>
    public async Task<int> WaitForExitAsync(TimeSpan patience)
    {
        using var timeout = new CancellationTokenSource(patience);
        try
        {
            await process.WaitForExitAsync(timeout.Token);
        }
        catch (OperationCanceledException)
        {
            throw new TimeoutException($"{Name} did not exit within {patience.TotalSeconds} s; its output:\n{Output}");
        }

        // Once more without a timeout: that waits for the end of its redirected output too.
        await process.WaitForExitAsync();
        return process.ExitCode;
    }

    /// <summary>Types a line on the program's console.</summary>
    /// <param name="line">The line.</param>
    public void Type(string line)
    {
        process.StandardInput.WriteLine(line);
        process.StandardInput.Flush();
    }

    /// <summary>Waits for the next printed line that contains every one of <paramref name="parts"/>, skipping others.</summary>
    /// <param name="patience">How long to wait.</param>
    /// <param name="parts">The texts.</param>
    /// <returns>The line.</returns>
    public string WaitForLine(TimeSpan patience, params string[] parts)
    {
        var deadline = DateTime.UtcNow + patience;
        while (true)
        {
            var left = deadline - DateTime.UtcNow;
            if (left <= TimeSpan.Zero || !lines.TryTake(out var line, left))
            {
                throw new TimeoutException($"{Name} printed no line with [{string.Join(", ", parts)}]; its output:\n{Output}");
            }

            if (parts.All(p => line.Contains(p, StringComparison.Ordinal)))
            {
                return line;
            }
        }
    }

    /// <summary>Kills it at once, as a power cut or <c>kill -9</c> would.</summary>
    /// <returns>A task that ends when it is gone.</returns>
    public async Task KillAsync()
    {
        if (!process.HasExited)
        {
            process.Kill(entireProcessTree: true);
            await process.WaitForExitAsync();
        }
    }

    /// <summary>Asks it to stop as Ctrl+C would (SIGTERM), then kills it after 10 s.</summary>
    /// <returns>A task that ends when it is gone.</returns>
    public async Task StopAsync()
    {
        if (process.HasExited)
        {
            return;
        }

        _ = Signal(process.Id, 15);
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(10));
        try
        {
            await process.WaitForExitAsync(timeout.Token);
        }
        catch (OperationCanceledException)
        {
            await KillAsync();
        }
    }

    /// <inheritdoc />
    public async ValueTask DisposeAsync()
    {
        await StopAsync();
        process.Dispose();
    }

    [System.Runtime.InteropServices.DllImport("libc", EntryPoint = "kill")]
    private static extern int Signal(int processId, int signal);

    private void Add(string? line)
    {
        if (line == null)
        {
            return;
        }

        all.Enqueue(line);
        lines.Add(line);
    }
}
