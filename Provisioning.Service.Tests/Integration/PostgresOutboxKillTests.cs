using System.Data.Common;

namespace SiotThing.Provisioning.Tests.Integration;

/// <summary>The kill test on the PostgreSQL store: a database of its own in the collection's server.</summary>
[Collection(PostgresCollection.Name)]
public sealed class PostgresOutboxKillTests(ITestOutputHelper output, PostgresFixture fixture) : OutboxKillTests(output)
{
    private string? connectionString;

    protected override async Task<string[]> StoreArgumentsAsync()
    {
        connectionString = await fixture.Server.CreateDatabaseAsync();
        return ["--postgres", connectionString];
    }

    protected override DbConnection Database() => RawSql.Postgres(connectionString!);
}
