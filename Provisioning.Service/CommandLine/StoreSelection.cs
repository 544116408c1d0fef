using System.CommandLine;
using Microsoft.Extensions.Logging;
using SiotThing.Provisioning.Storage;

namespace SiotThing.Provisioning.CommandLine;

/// <summary>The options that say which store a command works on: <c>--database FILE</c> (SQLite) or <c>--postgres CONNECTION</c>, exactly one.</summary>
internal sealed class StoreSelection
{
    /// <summary>The SQLite file.</summary>
    public Option<string> Database { get; } = new("--database")
    {
        Description = "the service's SQLite database file",
        HelpName = "file",
    };

    /// <summary>The PostgreSQL connection string.</summary>
    public Option<string> Postgres { get; } = new("--postgres")
    {
        Description = "the service's PostgreSQL database, as a connection string (Host=..;Database=..;Username=..)",
        HelpName = "connection",
    };

    /// <summary>Adds both options to <paramref name="command"/>, and the rule that exactly one is given.</summary>
    public void AddTo(Command command)
    {
        command.Add(Database);
        command.Add(Postgres);
        command.Validators.Add(result =>
        {
            var given = (result.GetResult(Database) != null ? 1 : 0) + (result.GetResult(Postgres) != null ? 1 : 0);
            if (given != 1)
            {
                result.AddError("give the store with exactly one of --database <file> and --postgres <connection>");
            }
        });
    }

    /// <summary>Opens the store the command line names.</summary>
    /// <param name="parseResult">The parsed command line.</param>
    /// <param name="loggerFactory">Where the store logs.</param>
    /// <param name="create">Whether a missing SQLite file is created (<c>serve</c>) rather than refused (the admin commands).</param>
    /// <param name="cancellationToken">Cancels opening.</param>
    /// <exception cref="FileNotFoundException">The SQLite file does not exist and <paramref name="create"/> is <c>false</c>.</exception>
    public async Task<IProvisioningStore> OpenAsync(ParseResult parseResult, ILoggerFactory loggerFactory, bool create, CancellationToken cancellationToken)
    {
        var logger = loggerFactory.CreateLogger("SiotThing.Provisioning.Storage");
        var file = parseResult.GetValue(Database);
        if (file != null)
        {
            // Opening creates a missing file: for an admin command that is a typo, not a wish.
            if (!create && !File.Exists(file))
            {
                throw new FileNotFoundException($"no database file {file}", file);
            }

            return await SqliteProvisioningStore.OpenAsync(file, logger, cancellationToken);
        }

        return await PostgresProvisioningStore.OpenAsync(parseResult.GetRequiredValue(Postgres), logger, cancellationToken);
    }
}
