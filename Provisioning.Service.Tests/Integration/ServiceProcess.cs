using System.Diagnostics;

namespace SiotThing.Provisioning.Tests.Integration;

/// <summary><c>serve</c> as its own process (the built binary beside the tests), to be killed with SIGKILL: no clean close of the stream or the database.</summary>
internal sealed class ServiceProcess : IAsyncDisposable
{
    private readonly Process process;
    private readonly Action<string> log;

    private ServiceProcess(Process process, Action<string> log)
    {
        this.process = process;
        this.log = log;
    }

    /// <summary>Starts <c>serve</c> with <paramref name="arguments"/>; its output lines go to <paramref name="log"/>.</summary>
    public static ServiceProcess Start(IEnumerable<string> arguments, Action<string> log)
    {
        var binary = Path.Combine(AppContext.BaseDirectory, "Provisioning.Service.dll");
        var start = new ProcessStartInfo("dotnet", [binary, .. arguments])
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        var process = Process.Start(start) ?? throw new InvalidOperationException("could not start the service");
        var running = new ServiceProcess(process, log);
        process.OutputDataReceived += (_, e) => running.Log(e.Data);
        process.ErrorDataReceived += (_, e) => running.Log(e.Data);
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        return running;
    }

    /// <summary>Kills it with SIGKILL and waits until it is gone.</summary>
    public async Task KillAsync()
    {
        if (!process.HasExited)
        {
            process.Kill();
        }

        await process.WaitForExitAsync();
    }

    public async ValueTask DisposeAsync()
    {
        await KillAsync();
        process.Dispose();
    }

    private void Log(string? line)
    {
        if (line == null)
        {
            return;
        }

        try
        {
            log("service process: " + line);
        }
        catch (InvalidOperationException)
        {
            // The test has ended.
        }
    }
}
