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
}
