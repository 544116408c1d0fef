using System.Data.Common;

namespace SiotThing.Provisioning.Storage;

/// <summary>
/// Operations of one caller committed together (<see cref="IProvisioningStore.BeginBatch"/>): a
/// group commit. Each operation called while the batch is open runs in the batch's one
/// transaction, inside a savepoint of its own, so that one that fails leaves nothing and the
/// others stand; all of them become durable at <see cref="CommitAsync"/>, with one sync of the
/// database instead of one each, and none of them if the batch ends without it. The caller must
/// not tell anyone an operation's outcome before the commit. What the operations owe is handed to
/// the sender only after it. One caller, one operation at a time (the service's processing loop).
/// </summary>
public sealed class StoreBatch : IAsyncDisposable
{
    private const string Savepoint = "operation";

    private readonly Func<CancellationToken, Task<DbConnection>> open;
    private readonly Func<DbConnection, TransactionMode, CancellationToken, Task<DbTransaction>> begin;
    private readonly Action<List<NewlyOwed>> handOver;
    private readonly string instance;
    private readonly string nextOutboxId;
    private readonly List<NewlyOwed> owed = [];
    private DbConnection? connection;
    private DbTransaction? transaction;

    internal StoreBatch(
        Func<CancellationToken, Task<DbConnection>> open,
        Func<DbConnection, TransactionMode, CancellationToken, Task<DbTransaction>> begin,
        Action<List<NewlyOwed>> handOver,
        string instance,
        string nextOutboxId)
    {
        this.open = open;
        this.begin = begin;
        this.handOver = handOver;
        this.instance = instance;
        this.nextOutboxId = nextOutboxId;
    }

    /// <summary>Whether operations still join the batch (it was neither committed nor ended).</summary>
    internal bool IsOpen { get; private set; } = true;

    /// <summary>How many operations ran in the batch so far.</summary>
    public int Operations { get; private set; }

    /// <summary>Makes every operation of the batch that did not fail durable, at once, and hands what they owe to the sender.</summary>
    /// <param name="cancellationToken">Cancels the commit; nothing is then written.</param>
    /// <returns>A task that completes when the batch is committed.</returns>
    /// <exception cref="DbException">The commit failed: none of the batch's operations happened.</exception>
    public async Task CommitAsync(CancellationToken cancellationToken = default)
    {
        ObjectDisposedException.ThrowIf(!IsOpen, this);
        IsOpen = false;
        if (transaction != null)
        {
            await transaction.CommitAsync(cancellationToken);
            if (owed.Count > 0)
            {
                handOver(owed);
            }
        }
    }

    /// <summary>Ends the batch; what was not committed is rolled back.</summary>
    /// <returns>A task that completes when the connection is closed.</returns>
    public async ValueTask DisposeAsync()
    {
        IsOpen = false;
        if (transaction != null)
        {
            await transaction.DisposeAsync();
        }

        if (connection != null)
        {
            await connection.DisposeAsync();
        }
    }

    /// <summary>Runs one operation in the batch's transaction, inside a savepoint: when it throws, it leaves nothing.</summary>
    internal async Task<T> RunAsync<T>(Func<StoreSession, Task<T>> work, CancellationToken cancellationToken)
    {
        if (transaction == null)
        {
            var opened = await open(cancellationToken);
            try
            {
                transaction = await begin(opened, TransactionMode.Write, cancellationToken);
            }
            catch
            {
                await opened.DisposeAsync();
                throw;
            }

            connection = opened;
        }

        await transaction.SaveAsync(Savepoint, cancellationToken);
        var session = new StoreSession(connection!, transaction, instance, nextOutboxId, cancellationToken);
        T result;
        try
        {
            result = await work(session);
        }
        catch
        {
            await transaction.RollbackAsync(Savepoint, CancellationToken.None);
            await transaction.ReleaseAsync(Savepoint, CancellationToken.None);
            throw;
        }

        await transaction.ReleaseAsync(Savepoint, cancellationToken);
        owed.AddRange(session.Owed);
        Operations++;
        return result;
    }
}
