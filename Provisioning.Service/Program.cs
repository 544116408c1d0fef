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
        // Log lines go to stderr, so that stdout carries only a command's output.
        using var loggerFactory = LoggerFactory.Create(logging => logging
            .SetMinimumLevel(LogLevel.Warning)
            .AddConsole(console => console.LogToStandardErrorThreshold = LogLevel.Trace));
        return await ServiceCommandLine.RunAsync(args, Console.Out, Console.Error, loggerFactory);
    }
}
