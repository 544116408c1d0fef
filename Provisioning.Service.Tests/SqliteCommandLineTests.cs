using SiotThing.Provisioning.Storage;

namespace SiotThing.Provisioning.Tests;

/// <summary>The admin commands with <c>--database</c>, on a temp SQLite file.</summary>
public sealed class SqliteCommandLineTests : CommandLineTests
{
    private readonly string folder = Directory.CreateTempSubdirectory("siot-cli-").FullName;

    private string DatabasePath => Path.Combine(folder, "provisioning.db");

    public override Task DisposeAsync()
    {
        Directory.Delete(folder, recursive: true);
        return Task.CompletedTask;
    }

    protected override Task<string[]> CreateStoreAsync() => Task.FromResult<string[]>(["--database", DatabasePath]);

    protected override async Task<IProvisioningStore> OpenStoreAsync() => await SqliteProvisioningStore.OpenAsync(DatabasePath);

    protected override Task ExecuteSqlAsync(string sql) => RawSql.ExecuteAsync(RawSql.Sqlite(DatabasePath), sql);
}
