using System.CommandLine;
using Microsoft.Extensions.Logging;

namespace SiotThing.Provisioning.CommandLine;

/// <summary>The binary's command line: one command per job (<c>serve</c>, <see cref="ServeCommand"/>, and the admin commands of <see cref="AdminCommands"/>).</summary>
public static class ServiceCommandLine
{
    /// <summary>Parses <paramref name="args"/> and runs the command they name.</summary>
    /// <param name="args">The command line, without the program name.</param>
    /// <param name="output">Where the command's output (and help) goes.</param>
    /// <param name="error">Where errors go.</param>
    /// <param name="loggerFactory">Where the store logs.</param>
    /// <param name="cancellationToken">Cancels the command.</param>
    /// <returns>The exit code (<see cref="ExitCodes"/>).</returns>
    public static async Task<int> RunAsync(IReadOnlyList<string> args, TextWriter output, TextWriter error, ILoggerFactory loggerFactory, CancellationToken cancellationToken = default)
    {
        var root = new RootCommand("SiotThing provisioning service for the siot ProtoXEP (urn:xmpp:siot:1): the service (serve) and admin commands on its store");
        root.Add(new ServeCommand(loggerFactory).Create());
        foreach (var command in new AdminCommands(loggerFactory).Create())
        {
            root.Add(command);
        }

        var parsed = root.Parse(args);
        if (parsed.Errors.Count > 0)
        {
            // Reported here rather than by System.CommandLine, whose exit code for them is 1 (NotFound here).
            foreach (var parseError in parsed.Errors)
            {
                await error.WriteLineAsync(parseError.Message);
            }

            await error.WriteLineAsync("Try --help.");
            return ExitCodes.Usage;
        }

        var configuration = new InvocationConfiguration { Output = output, Error = error, EnableDefaultExceptionHandler = false };
        return await parsed.InvokeAsync(configuration, cancellationToken);
    }
}
