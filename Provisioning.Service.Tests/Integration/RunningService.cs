using Microsoft.Extensions.Logging;
using SiotThing.Provisioning.CommandLine;
using SiotThing.TestServers;

namespace SiotThing.Provisioning.Tests.Integration;

/// <summary><c>serve</c> run in-process through the command line, as the binary runs it, until stopped.</summary>
internal sealed class RunningService : IAsyncDisposable
{
    private readonly CancellationTokenSource stop = new();
    private readonly ILoggerFactory loggerFactory;

    private RunningService(string[] args, ITestOutputHelper output)
    {
        Logs = new TestOutputLoggerProvider(output);
        loggerFactory = LoggerFactory.Create(logging => logging.SetMinimumLevel(LogLevel.Debug).AddProvider(Logs));
        Exit = Task.Run(() => ServiceCommandLine.RunAsync(args, TextWriter.Null, Error, loggerFactory, stop.Token));
    }

    /// <summary>The exit code, once it has stopped.</summary>
    public Task<int> Exit { get; }

    /// <summary>What it wrote to its error output.</summary>
    public StringWriter Error { get; } = new();

    /// <summary>What it logged.</summary>
    public TestOutputLoggerProvider Logs { get; }

    /// <summary>The command line of <c>serve</c> for <paramref name="server"/>'s component, on the SQLite file <paramref name="database"/>.</summary>
    public static string[] Arguments(ProsodyServer server, string database, string? secret = null) =>
    [
        "serve", "--server", "127.0.0.1", "--port", server.ComponentPort.ToString(), "--domain", server.ComponentDomain,
        "--secret", secret ?? server.ComponentSecret, "--database", database,
    ];

    /// <summary>Starts <c>serve</c> for <paramref name="server"/>'s component on the SQLite file <paramref name="database"/>.</summary>
    public static RunningService Start(ProsodyServer server, string database, ITestOutputHelper output, string? secret = null) =>
        new(Arguments(server, database, secret), output);

    /// <summary>Stops it as Ctrl+C would, and returns its exit code.</summary>
    public async Task<int> StopAsync()
    {
        await stop.CancelAsync();
        return await Exit.WaitAsync(TimeSpan.FromSeconds(20));
    }

    public async ValueTask DisposeAsync()
    {
        await StopAsync();
        stop.Dispose();
        loggerFactory.Dispose();
    }
}
