using System.CommandLine;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using SiotThing.Provisioning.Hosting;
using SiotThing.Provisioning.Storage;

namespace SiotThing.Provisioning.CommandLine;

/// <summary>
/// <c>serve</c>: runs the service as an XMPP external component in a Generic Host (logging, and a
/// clean stop on Ctrl+C or SIGTERM), until stopped. The store is created or migrated at the start.
/// </summary>
internal sealed class ServeCommand(ILoggerFactory loggerFactory)
{
    /// <summary>The command.</summary>
    public Command Create()
    {
        var server = new Option<string>("--server") { Description = "the XMPP server's address (its component port is reached without TLS: keep it on loopback)", HelpName = "host", DefaultValueFactory = _ => "127.0.0.1" };
        var port = new Option<int>("--port") { Description = "the server's external component port (XEP-0114)", HelpName = "port", DefaultValueFactory = _ => 5347 };
        var domain = new Option<string>("--domain") { Description = "the component's domain, as the server's configuration names it", HelpName = "domain", Required = true };
        var secretFile = new Option<string>("--secret-file") { Description = "a file holding the component's shared secret (first line)", HelpName = "file" };
        var secret = new Option<string>("--secret") { Description = "the component's shared secret (visible to other users in the process list: prefer --secret-file)", HelpName = "secret" };
        var command = new Command("serve", "run the provisioning service as an external component of the XMPP server, until Ctrl+C or SIGTERM")
        {
            server, port, domain, secretFile, secret,
        };
        var selection = new StoreSelection();
        selection.AddTo(command);
        command.Validators.Add(result =>
        {
            if ((result.GetResult(secretFile) != null) == (result.GetResult(secret) != null))
            {
                result.AddError("give the component secret with exactly one of --secret-file <file> and --secret <secret>");
            }
        });
        command.SetAction(async (parsed, cancellationToken) =>
        {
            var error = parsed.InvocationConfiguration.Error;
            string secretValue;
            try
            {
                secretValue = parsed.GetValue(secret) ?? ReadSecret(parsed.GetRequiredValue(secretFile));
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                await error.WriteLineAsync($"serve: cannot read the secret: {e.Message}");
                return ExitCodes.Usage;
            }

            ServeSettings settings;
            try
            {
                settings = new ServeSettings(parsed.GetRequiredValue(server), parsed.GetValue(port), parsed.GetRequiredValue(domain), secretValue);
                Validate(settings);
            }
            catch (ArgumentException e)
            {
                await error.WriteLineAsync($"serve: {e.Message}");
                return ExitCodes.Usage;
            }

            // One serve per SQLite file (SqliteServeLock); several share a PostgreSQL database.
            var database = parsed.GetValue(selection.Database);
            SqliteServeLock? serveLock;
            try
            {
                serveLock = database == null ? null : SqliteServeLock.TryTake(database);
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                await error.WriteLineAsync($"serve: cannot open the store: {e.Message}");
                return ExitCodes.StoreFailure;
            }

            using var held = serveLock;
            if (database != null && serveLock == null)
            {
                await error.WriteLineAsync($"serve: another serve runs on {database} (it holds {SqliteServeLock.PathFor(database)}): one SQLite file serves one instance; several share a database given with --postgres");
                return ExitCodes.StoreFailure;
            }

            var result = await RunAsync(settings, token => selection.OpenAsync(parsed, loggerFactory, create: true, token), loggerFactory, cancellationToken);
            if (result.Message != null)
            {
                await error.WriteLineAsync($"serve: {result.Message}");
            }

            return result.ExitCode;
        });
        return command;
    }

    /// <summary>Runs the service in a Generic Host until <paramref name="cancellationToken"/> fires, Ctrl+C or SIGTERM comes, or a fatal failure stops it.</summary>
    /// <param name="settings">The server and the component.</param>
    /// <param name="openStore">Opens the store (called once, at the start).</param>
    /// <param name="loggerFactory">Where everything logs.</param>
    /// <param name="cancellationToken">Stops the service.</param>
    /// <returns>How it ended.</returns>
    public static async Task<ServeResult> RunAsync(ServeSettings settings, Func<CancellationToken, Task<Storage.IProvisioningStore>> openStore, ILoggerFactory loggerFactory, CancellationToken cancellationToken)
    {
        // No configuration files or environment: everything comes from the command line.
        var builder = Host.CreateEmptyApplicationBuilder(new HostApplicationBuilderSettings());
        // The caller's logging (stderr for the binary, the test output in tests) instead of the host's own.
        builder.Logging.ClearProviders();
        builder.Services.AddSingleton(loggerFactory);
        builder.Services.AddSingleton(settings);
        builder.Services.AddSingleton(openStore);
        builder.Services.AddSingleton<ServeResult>();
        builder.Services.AddHostedService<ComponentWorker>();
        // The host's default lifetime stops it on Ctrl+C and SIGTERM, which cancels the worker: it closes the stream cleanly.
        builder.Services.Configure<ConsoleLifetimeOptions>(options => options.SuppressStatusMessages = true);
        using var host = builder.Build();
        // Taken now: running ends with the host disposed.
        var result = host.Services.GetRequiredService<ServeResult>();
        await host.RunAsync(cancellationToken);
        return result;
    }

    private static string ReadSecret(string file)
    {
        var line = File.ReadLines(file).FirstOrDefault()?.Trim();
        return string.IsNullOrEmpty(line) ? throw new IOException($"{file} holds no secret") : line;
    }

    private static void Validate(ServeSettings settings)
    {
        if (settings.Port is < 1 or > 65535)
        {
            throw new ArgumentException($"{settings.Port} is not a TCP port");
        }

        // Checked here too, to fail before the host starts.
        Xmpp.ComponentStream.CheckDomain(settings.Domain);
    }
}
