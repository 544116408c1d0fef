using Microsoft.Extensions.Logging;
using SiotThing.Provisioning.CommandLine;

namespace SiotThing.Provisioning;

/// <summary>The provisioning service's binary: its commands are in <see cref="ServiceCommandLine"/>.</summary>
public static class Program
{
    /// <summary>Runs the command the arguments name.</summary>
    /// <param name="args">The command line.</param>
    /// <returns>The exit code (<see cref="ExitCodes"/>).</returns>
    public static async Task<int> Main(string[] args)
    {
        // Log lines go to stderr, so that stdout carries only a command's output. serve's own
        // information (online, reconnects) is shown; the store's only from warnings up, so that
        // the admin commands print nothing but their output.
        using var loggerFactory = LoggerFactory.Create(logging => logging
            .SetMinimumLevel(LogLevel.Warning)
            .AddFilter("SiotThing.Provisioning", LogLevel.Information)
            .AddFilter("SiotThing.Provisioning.Storage", LogLevel.Warning)
            .AddConsole(console => console.LogToStandardErrorThreshold = LogLevel.Trace));
        return await ServiceCommandLine.RunAsync(args, Console.Out, Console.Error, loggerFactory);
    }
}
