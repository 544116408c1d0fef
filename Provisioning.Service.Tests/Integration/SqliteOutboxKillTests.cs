using System.Data.Common;

namespace SiotThing.Provisioning.Tests.Integration;

/// <summary>The kill test on the SQLite store.</summary>
public sealed class SqliteOutboxKillTests(ITestOutputHelper output) : OutboxKillTests(output)
{
    protected override Task<string[]> StoreArgumentsAsync() => Task.FromResult<string[]>(["--database", DatabasePath]);

    protected override DbConnection Database() => RawSql.Sqlite(DatabasePath);
}
