using System.Data.Common;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace SiotThing.Provisioning.Storage;

/// <summary>
/// The store in one SQLite file, the default. The file is created and migrated when opened. It is
/// kept in write-ahead-log mode with full sync: a committed operation survives the process being
/// killed and the machine losing power, and an operation that did not commit leaves no trace.
/// </summary>
public sealed class SqliteProvisioningStore : SqlProvisioningStore
{
    private readonly string connectionString;

    private SqliteProvisioningStore(string path, ILogger logger)
        : base(logger)
    {
        connectionString = new SqliteConnectionStringBuilder
        {
            DataSource = path,
            Mode = SqliteOpenMode.ReadWriteCreate,
            ForeignKeys = true,
            Pooling = true,
        }.ToString();
    }

    /// <summary>Opens the store in <paramref name="path"/>, creating the file and bringing its schema up to date.</summary>
    /// <param name="path">The database file; its folder must exist.</param>
    /// <param name="logger">Where migrations and retries are logged; none by default.</param>
    /// <param name="cancellationToken">Cancels opening.</param>
    /// <returns>The open store.</returns>
    /// <exception cref="InvalidOperationException">The file has a newer schema than this code knows.</exception>
    public static async Task<SqliteProvisioningStore> OpenAsync(string path, ILogger? logger = null, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        var store = new SqliteProvisioningStore(path, logger ?? NullLogger.Instance);
        try
        {
            await using (var connection = new SqliteConnection(store.connectionString))
            {
                await connection.OpenAsync(cancellationToken);
                await using var command = connection.CreateCommand();
                // Stored in the file, and only settable outside a transaction: set once here.
                command.CommandText = "PRAGMA journal_mode = WAL";
                await command.ExecuteNonQueryAsync(cancellationToken);
            }

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
    public override ValueTask DisposeAsync()
    {
        // Pooled connections keep the file open; closing them lets it be moved or deleted.
        using var connection = new SqliteConnection(connectionString);
        SqliteConnection.ClearPool(connection);
        return ValueTask.CompletedTask;
    }

    private protected override async Task<DbConnection> OpenConnectionAsync(CancellationToken cancellationToken)
    {
        var connection = new SqliteConnection(connectionString);
        try
        {
            await connection.OpenAsync(cancellationToken);
            await using var command = connection.CreateCommand();
            // Per connection: in WAL mode the default (NORMAL) may lose the last commits on power loss.
            command.CommandText = "PRAGMA synchronous = FULL";
            await command.ExecuteNonQueryAsync(cancellationToken);
            return connection;
        }
        catch
        {
            await connection.DisposeAsync();
            throw;
        }
    }

    private protected override Task<DbTransaction> BeginTransactionAsync(DbConnection connection, TransactionMode mode, CancellationToken cancellationToken)
    {
        // A writer (and a migration) takes the write lock at BEGIN (IMMEDIATE): one that read
        // first and upgraded later could find another writer in between and fail instead of
        // waiting. Holding that lock also serializes migrations, so no other lock is needed.
        var deferred = mode == TransactionMode.Read;
        return Task.FromResult<DbTransaction>(((SqliteConnection)connection).BeginTransaction(deferred));
    }

    // Each commit waits for the disk (full sync), one writer at a time: that wait, not the
    // statements, is most of a claim's time, and a batch shares it.
    private protected override bool CommitsInBatches => true;

    // One writer at a time: the one-row sequence costs no waiting here, and SQLite has no sequences.
    private protected override string NextOutboxId => "UPDATE outbox_sequence SET id = id + 1 RETURNING id";

    // serve runs one instance on a file (it holds the file's serve lock): a lease of another
    // instance is one a killed process left, and this one takes it at once.
    private protected override bool SharedByInstances => false;

    // SQLite runs one writer at a time and Microsoft.Data.Sqlite waits for a busy file (up to the
    // command timeout), so a transaction never loses a race that it could win by running again.
    private protected override bool IsTransient(DbException exception) => false;
}
