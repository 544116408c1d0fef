using SiotThing.Provisioning.Storage;

namespace SiotThing.Provisioning.Tests;

/// <summary>
/// What a killed service leaves on disk: the database file and its write-ahead log exactly as
/// they are at that moment, copied while a store still has them open (never closed, so nothing
/// is checkpointed or cleaned up). A store opened on such a copy has every committed operation,
/// and nothing of an operation that had not committed.
/// </summary>
public sealed class SqliteCrashTests : IAsyncLifetime
{
    private static readonly DateTimeOffset T0 = new(2026, 3, 1, 12, 0, 0, TimeSpan.Zero);
    private static readonly ThingName[] LampNames = [new("", "Lamp")];

    private readonly string folder = Directory.CreateTempSubdirectory("siot-crash-").FullName;
    private SqliteProvisioningStore running = null!;

    private string DatabasePath => Path.Combine(folder, "provisioning.db");

    public async Task InitializeAsync() => running = await SqliteProvisioningStore.OpenAsync(DatabasePath);

    public async Task DisposeAsync()
    {
        await running.DisposeAsync();
        Directory.Delete(folder, recursive: true);
    }

    [Fact]
    public async Task CopyTakenWhileTheStoreIsOpenHasEveryCommittedOperation()
    {
        await running.RegisterAsync("lamp@example.org", "TWNK-KD5Y-MT3T-E1GS-DRDB-KVTW", LampNames, T0);
        await running.ClaimAsync("alice@example.com", "Lamp", "TWNK-KD5Y-MT3T-E1GS-DRDB-KVTW", T0);
        await running.UpdateFriendsAsync("alice@example.com", null, [new("bob@example.net", true)], T0);
        // The commits are in the log, not yet in the database file: recovery has to read the log.
        Assert.True(new FileInfo(DatabasePath + "-wal").Length > 0);

        var crashed = CrashImage();
        await using var reopened = await SqliteProvisioningStore.OpenAsync(crashed);

        var lamp = Assert.IsType<ThingInfo>(await reopened.GetThingAsync("lamp@example.org"));
        Assert.Equal(("alice@example.com", 1), (lamp.Owner, lamp.Friends));
        Assert.Equal(FriendshipAnswer.Yes, (await reopened.IsFriendAsync("lamp@example.org", "bob@example.net", T0)).Answer);
    }

    [Fact]
    public async Task CopyTakenInTheMiddleOfATransactionHasNothingOfIt()
    {
        await running.RegisterAsync("lamp@example.org", "TWNK-KD5Y-MT3T-E1GS-DRDB-KVTW", LampNames, T0);
        var logBefore = new FileInfo(DatabasePath + "-wal").Length;
        await using var writer = RawSql.Sqlite(DatabasePath);
        await writer.OpenAsync();
        await using (var small = writer.CreateCommand())
        {
            // A tiny page cache makes SQLite write the open transaction's pages into the log early.
            small.CommandText = "PRAGMA cache_size = 2";
            await small.ExecuteNonQueryAsync();
        }

        await using var transaction = await writer.BeginTransactionAsync();
        await using (var insert = writer.CreateCommand())
        {
            insert.Transaction = transaction;
            insert.CommandText = """
                WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < 5000)
                INSERT INTO things (jid, key_hash, owner_jid, registered_at, claimed_at)
                SELECT 'thing' || i || '@example.org', hex(randomblob(32)), NULL, 0, NULL FROM n
                """;
            await insert.ExecuteNonQueryAsync();
        }

        // The uncommitted pages really are on disk in the log now.
        Assert.True(new FileInfo(DatabasePath + "-wal").Length > logBefore + 100_000);
        var crashed = CrashImage();
        await transaction.RollbackAsync();
        await using var reopened = await SqliteProvisioningStore.OpenAsync(crashed);

        Assert.Equal(["lamp@example.org"], (await reopened.ListThingsAsync()).Select(t => t.Jid));
    }

    /// <summary>Copies the database file and its log, as they are now, to a new folder.</summary>
    private string CrashImage()
    {
        var copy = Directory.CreateDirectory(Path.Combine(folder, "crashed")).FullName;
        var path = Path.Combine(copy, "provisioning.db");
        File.Copy(DatabasePath, path);
        File.Copy(DatabasePath + "-wal", path + "-wal");
        return path;
    }
}
