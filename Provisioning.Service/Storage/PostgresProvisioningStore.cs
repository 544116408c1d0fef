using System.Data;
using System.Data.Common;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Npgsql;

namespace SiotThing.Provisioning.Storage;

/// <summary>
/// The store in a PostgreSQL database, for a service that outgrows one file. The schema is created
/// and migrated when opened (the user needs the right to create tables in the database). Writing
/// operations run serializable and run again when PostgreSQL reports a lost race.
/// </summary>
public sealed class PostgresProvisioningStore : SqlProvisioningStore
{
    // Any fixed number: it names this schema's migration lock among the database's advisory locks.
    private const long MigrationLockKey = 0x5349_4F54_5052_4F56; // "SIOTPROV"

    private readonly NpgsqlDataSource dataSource;

    private PostgresProvisioningStore(NpgsqlDataSource dataSource, ILogger logger)
        : base(logger)
    {
        this.dataSource = dataSource;
    }

    /// <summary>Opens the store in the database <paramref name="connectionString"/> names, bringing its schema up to date.</summary>
    /// <param name="connectionString">An Npgsql connection string (Host=...;Database=...;Username=...).</param>
    /// <param name="logger">Where migrations and retries are logged; none by default.</param>
    /// <param name="cancellationToken">Cancels opening.</param>
    /// <returns>The open store.</returns>
    /// <exception cref="InvalidOperationException">The database has a newer schema than this code knows.</exception>
    public static async Task<PostgresProvisioningStore> OpenAsync(string connectionString, ILogger? logger = null, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(connectionString);
        var store = new PostgresProvisioningStore(NpgsqlDataSource.Create(connectionString), logger ?? NullLogger.Instance);
        try
        {
            await store.MigrateAsync(cancellationToken);
            return store;
        }
        catch
        {
            await store.DisposeAsync();
            throw;
        }
    }

    /// <inheritdoc/>
    public override ValueTask DisposeAsync() => dataSource.DisposeAsync();

    private protected override bool SharedByInstances => true;

    private protected override bool CommitsInBatches => false;

    // A sequence: concurrent owing transactions take ids without waiting for each other (the
    // recipient's lease row orders one recipient's messages, OutboxTable.OweAsync).
    private protected override string NextOutboxId => "SELECT nextval('outbox_ids')";

    private protected override IEnumerable<string> StatementsOf(Migration migration) => [.. migration.Statements, .. migration.PostgresStatements ?? []];

    private protected override string MigrationLock => $"SELECT pg_advisory_xact_lock({MigrationLockKey})";

    private protected override async Task<DbConnection> OpenConnectionAsync(CancellationToken cancellationToken) =>
        await dataSource.OpenConnectionAsync(cancellationToken);

    private protected override async Task<DbTransaction> BeginTransactionAsync(DbConnection connection, TransactionMode mode, CancellationToken cancellationToken)
    {
        var isolation = mode switch
        {
            // One consistent snapshot, which repeatable read gives without ever failing.
            TransactionMode.Read => IsolationLevel.RepeatableRead,
            // Serializable and repeatable read take their snapshot at the first statement, the
            // lock, before waiting for it; read committed sees each step another migrator committed.
            TransactionMode.Migrate => IsolationLevel.ReadCommitted,
            _ => IsolationLevel.Serializable,
        };
        return await ((NpgsqlConnection)connection).BeginTransactionAsync(isolation, cancellationToken);
    }

    // The errors PostgreSQL's documentation (13.4, "Serializable Isolation Level") says to retry:
    // serialization failures, deadlocks, and unique violations caused by a concurrent insert.
    private protected override bool IsTransient(DbException exception) =>
        exception is PostgresException
        {
            SqlState: PostgresErrorCodes.SerializationFailure or PostgresErrorCodes.DeadlockDetected or PostgresErrorCodes.UniqueViolation,
        };
}
