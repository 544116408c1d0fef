using SiotThing.Provisioning.Storage;

namespace SiotThing.Provisioning.Tests;

/// <summary>The store tests on SQLite: a new file in a temp folder per test.</summary>
public sealed class SqliteProvisioningStoreTests : ProvisioningStoreTests
{
    private readonly string folder = Directory.CreateTempSubdirectory("siot-store-").FullName;

    private string DatabasePath => Path.Combine(folder, "provisioning.db");

    protected override Task CreateDatabaseAsync() => Task.CompletedTask;

    protected override Task DeleteDatabaseAsync()
    {
        Directory.Delete(folder, recursive: true);
        return Task.CompletedTask;
    }

    protected override async Task<IProvisioningStore> OpenStoreAsync() => await SqliteProvisioningStore.OpenAsync(DatabasePath);

    protected override Task ExecuteSqlAsync(string sql) => RawSql.ExecuteAsync(RawSql.Sqlite(DatabasePath), sql);

    protected override Task<long> CountAsync(string sql) => RawSql.CountAsync(RawSql.Sqlite(DatabasePath), sql);

    protected override Task FailInsertsAsync(string table, string condition) =>
        ExecuteSqlAsync($"CREATE TRIGGER fail_{table} BEFORE INSERT ON {table} WHEN {condition} BEGIN SELECT RAISE(ABORT, 'injected failure'); END");

    [Fact]
    public async Task OperationsInABatchBecomeDurableTogetherAtItsCommit()
    {
        await RegisterLampAsync();
        await using (var batch = Assert.IsType<StoreBatch>(Store.BeginBatch()))
        {
            Assert.Equal(RegistrationOutcome.Registered, (await Store.RegisterAsync(Sensor, SensorKey, SensorNames, T0)).Outcome);
            Assert.Equal(ClaimOutcome.Claimed, (await Store.ClaimAsync(Alice, LampNames[0].Name, LampKey, T0)).Outcome);

            // Another connection sees none of it yet, and the sender is handed nothing to send.
            Assert.Equal(1, await CountAsync("SELECT COUNT(*) FROM things"));
            Assert.Equal(0, await CountAsync("SELECT COUNT(*) FROM outbox"));
            Assert.Equal(0, HandedOver.Newest(Store));

            await batch.CommitAsync();
            Assert.Equal(2, batch.Operations);
        }

        Assert.Equal(2, await CountAsync("SELECT COUNT(*) FROM things"));
        Assert.Equal(1, await CountAsync("SELECT COUNT(*) FROM things WHERE owner_jid IS NOT NULL"));
        Assert.Equal(Assert.Single(await Store.UnsentMessagesAsync(10)).Id, HandedOver.Newest(Store));
    }

    [Fact]
    public async Task AnOperationThatFailsInABatchLeavesNothingAndTheOthersStand()
    {
        await RegisterLampAsync();
        await FailInsertsAsync("outbox", "NEW.kind = 'owner'");
        await using (var batch = Assert.IsType<StoreBatch>(Store.BeginBatch()))
        {
            Assert.Equal(RegistrationOutcome.Registered, (await Store.RegisterAsync(Sensor, SensorKey, SensorNames, T0)).Outcome);
            await Assert.ThrowsAnyAsync<Exception>(() => Store.ClaimAsync(Alice, LampNames[0].Name, LampKey, T0));
            Assert.Equal(AccessOutcome.NotFound, await Store.DisownAsync(Alice, "nothing@example.org", T0));
            await batch.CommitAsync();
        }

        Assert.Equal(2, await CountAsync("SELECT COUNT(*) FROM things"));
        Assert.Null((await LampAsync()).Owner);
        Assert.Equal(0, await CountAsync("SELECT COUNT(*) FROM outbox"));
    }

    [Fact]
    public async Task ABatchEndedWithoutItsCommitLeavesNothingAndLaterOperationsCommitAlone()
    {
        await RegisterLampAsync();
        await using (Store.BeginBatch())
        {
            Assert.Equal(ClaimOutcome.Claimed, (await Store.ClaimAsync(Alice, LampNames[0].Name, LampKey, T0)).Outcome);
        }

        Assert.Null((await LampAsync()).Owner);
        Assert.Equal(0, HandedOver.Newest(Store));
        Assert.Equal(ClaimOutcome.Claimed, (await Store.ClaimAsync(Bob, LampNames[0].Name, LampKey, T0)).Outcome);
        Assert.Equal(1, await CountAsync("SELECT COUNT(*) FROM things WHERE owner_jid IS NOT NULL"));
    }
}
