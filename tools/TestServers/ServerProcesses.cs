using System.Diagnostics;
using System.Net.Sockets;
using System.Runtime.InteropServices;

namespace SiotThing.TestServers;

/// <summary>What the server harnesses share: starting helper commands, probing ports, signals, reading logs.</summary>
internal static class ServerProcesses
{
    /// <summary>SIGTERM: the ordinary request to stop.</summary>
    public const int SignalTerminate = 15;

    /// <summary>SIGINT: what PostgreSQL takes as its fast shutdown.</summary>
    public const int SignalInterrupt = 2;

    private const int SignalKill = 9;

    /// <summary>Whether something accepts TCP connections on 127.0.0.1:<paramref name="port"/>.</summary>
    /// <param name="port">The port.</param>
    /// <returns>Whether a connection was accepted.</returns>
    public static async Task<bool> AcceptsAsync(int port)
    {
        using var client = new TcpClient();
        try
        {
            await client.ConnectAsync("127.0.0.1", port);
            return true;
        }
        catch (SocketException)
        {
            return false;
        }
    }

    /// <summary>Runs a command to its end and returns its exit code and output (stdout then stderr).</summary>
    /// <param name="file">The executable.</param>
    /// <param name="arguments">Its arguments.</param>
    /// <param name="environment">Variables to set (a null value removes one).</param>
    /// <param name="workingDirectory">Its working folder, or null for ours.</param>
    /// <returns>The exit code and the output.</returns>
    public static async Task<(int ExitCode, string Output)> RunAsync(string file, IEnumerable<string> arguments, IReadOnlyDictionary<string, string?> environment, string? workingDirectory = null)
    {
        var start = new ProcessStartInfo(file, arguments)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            WorkingDirectory = workingDirectory ?? string.Empty,
        };
        Apply(start, environment);
        using var child = Process.Start(start) ?? throw new InvalidOperationException("could not start " + file);
        var output = child.StandardOutput.ReadToEndAsync();
        var error = child.StandardError.ReadToEndAsync();
        await child.WaitForExitAsync();
        return (child.ExitCode, await output + await error);
    }

    /// <summary>Starts a long-running server process and hands each line it prints (stdout and stderr) to <paramref name="line"/>.</summary>
    /// <param name="start">The start info, with both outputs redirected.</param>
    /// <param name="name">The program's name, for the error when it cannot start.</param>
    /// <param name="line">Takes each line; null at the end of an output.</param>
    /// <returns>The running process.</returns>
    public static Process StartCapturing(ProcessStartInfo start, string name, Action<string?> line)
    {
        var process = Process.Start(start) ?? throw new InvalidOperationException("could not start " + name);
        process.OutputDataReceived += (_, e) => line(e.Data);
        process.ErrorDataReceived += (_, e) => line(e.Data);
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        return process;
    }

    /// <summary>Sets (or, for a null value, removes) environment variables of a process to start.</summary>
    /// <param name="start">The start info.</param>
    /// <param name="environment">The variables.</param>
    public static void Apply(ProcessStartInfo start, IReadOnlyDictionary<string, string?> environment)
    {
        foreach (var (name, value) in environment)
        {
            if (value == null)
            {
                start.Environment.Remove(name);
            }
            else
            {
                start.Environment[name] = value;
            }
        }
    }

    /// <summary>
    /// Sends <paramref name="signal"/> (SIGTERM unless told) to <paramref name="signalled"/> (the server itself, which may be a child of
    /// <paramref name="process"/>) and waits for <paramref name="process"/> to exit; after
    /// <paramref name="grace"/> kills its whole process tree.
    /// </summary>
    /// <param name="process">The process the harness started.</param>
    /// <param name="signalled">The process id to send SIGTERM to.</param>
    /// <param name="grace">How long a clean shutdown may take.</param>
    /// <param name="signal">The signal that asks for the clean shutdown.</param>
    /// <returns>A task that completes when the process has exited.</returns>
    public static async Task TerminateAsync(Process process, int signalled, TimeSpan grace, int signal = SignalTerminate)
    {
        if (process.HasExited)
        {
            return;
        }

        _ = Kill(signalled, signal);
        using var timeout = new CancellationTokenSource(grace);
        try
        {
            await process.WaitForExitAsync(timeout.Token);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            await process.WaitForExitAsync();
        }
    }

    /// <summary>Sends SIGKILL to a process id (no error if it is gone).</summary>
    /// <param name="processId">The process id.</param>
    public static void KillNow(int processId) => _ = Kill(processId, SignalKill);

    /// <summary>Reads a text file that another process may still be writing, such as a log.</summary>
    /// <param name="path">The file.</param>
    /// <returns>Its text, or empty if it does not exist.</returns>
    public static string ReadShared(string path)
    {
        if (!File.Exists(path))
        {
            return string.Empty;
        }

        using var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete);
        using var reader = new StreamReader(stream);
        return reader.ReadToEnd();
    }

    [DllImport("libc", EntryPoint = "kill", SetLastError = true)]
    private static extern int Kill(int processId, int signal);
}
