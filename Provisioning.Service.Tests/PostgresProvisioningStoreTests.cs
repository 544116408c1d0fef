using SiotThing.Provisioning.Storage;

namespace SiotThing.Provisioning.Tests;

/// <summary>The store tests on a real PostgreSQL: a new database per test in the collection's server.</summary>
[Collection(PostgresCollection.Name)]
public sealed class PostgresProvisioningStoreTests(PostgresFixture fixture) : ProvisioningStoreTests
{
    private string connectionString = null!;

    protected override async Task CreateDatabaseAsync() => connectionString = await fixture.Server.CreateDatabaseAsync();

    // The server, and with it every test database, is deleted when the collection ends.
    protected override Task DeleteDatabaseAsync() => Task.CompletedTask;

    protected override async Task<IProvisioningStore> OpenStoreAsync() => await PostgresProvisioningStore.OpenAsync(connectionString);

    protected override IReadOnlyList<string> DropsOfItsOwn => ["DROP SEQUENCE outbox_ids"];

    /// <inheritdoc/>
    protected override Task ExecuteSqlAsync(string sql) => RawSql.ExecuteAsync(RawSql.Postgres(connectionString), sql);

    protected override Task<long> CountAsync(string sql) => RawSql.CountAsync(RawSql.Postgres(connectionString), sql);

    protected override async Task FailInsertsAsync(string table, string condition)
    {
        await ExecuteSqlAsync($"CREATE FUNCTION fail_{table}() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN RAISE EXCEPTION 'injected failure'; END $$");
        await ExecuteSqlAsync($"CREATE TRIGGER fail_{table} BEFORE INSERT ON {table} FOR EACH ROW WHEN ({condition}) EXECUTE FUNCTION fail_{table}()");
    }

    [Fact]
    public void OperationsAreNotBatched()
    {
        // A serializable transaction that lost a race runs again from its start: it cannot share one.
        Assert.Null(Store.BeginBatch());
    }
}
