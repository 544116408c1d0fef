using SiotThing.Provisioning.Storage;

namespace SiotThing.Provisioning.Tests;

/// <summary>The admin commands with <c>--postgres</c>, on a new database of the collection's server.</summary>
[Collection(PostgresCollection.Name)]
public sealed class PostgresCommandLineTests(PostgresFixture fixture) : CommandLineTests
{
    private string connectionString = null!;

    protected override async Task<string[]> CreateStoreAsync()
    {
        connectionString = await fixture.Server.CreateDatabaseAsync();
        return ["--postgres", connectionString];
    }

    protected override async Task<IProvisioningStore> OpenStoreAsync() => await PostgresProvisioningStore.OpenAsync(connectionString);

    protected override Task ExecuteSqlAsync(string sql) => RawSql.ExecuteAsync(RawSql.Postgres(connectionString), sql);
}
