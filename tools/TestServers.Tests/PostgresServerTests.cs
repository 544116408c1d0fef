namespace SiotThing.TestServers.Tests;

/// <summary>The PostgreSQL harness: a private cluster on loopback, never run as root, databases on demand, restarts, nothing left behind.</summary>
public sealed class PostgresServerTests : IAsyncLifetime
{
    private PostgresServer server = null!;

    public async Task InitializeAsync() => server = await PostgresServer.StartNewAsync();

    public async Task DisposeAsync() => await server.DisposeAsync();

    [Fact]
    public async Task CreatesSeparateDatabasesForTheSuperuser()
    {
        var first = await server.CreateDatabaseAsync();
        var second = await server.CreateDatabaseAsync();
        Assert.NotEqual(first, second);

        var created = await server.PsqlAsync(Database(first), "CREATE TABLE marker (x INTEGER); SELECT current_user");
        Assert.Equal((0, PostgresServer.Superuser), (created.ExitCode, created.Output.Trim()));
        var other = await server.PsqlAsync(Database(second), "SELECT count(*) FROM pg_tables WHERE tablename = 'marker'");
        Assert.Equal((0, "0"), (other.ExitCode, other.Output.Trim()));
    }

    [Fact]
    public async Task ListensOnLoopbackAndOnASocketInItsFolderOnly()
    {
        var database = Database(await server.CreateDatabaseAsync());
        var settings = await server.PsqlAsync(database, "SELECT current_setting('listen_addresses') || ' ' || current_setting('unix_socket_directories')");

        Assert.Equal((0, "127.0.0.1 " + server.Folder), (settings.ExitCode, settings.Output.Trim()));
        Assert.True(File.Exists(Path.Combine(server.Folder, $".s.PGSQL.{server.Port}")));
    }

    [Fact]
    public void ServerProcessIsNotRoot()
    {
        var uid = File.ReadLines($"/proc/{server.ProcessId}/status").Single(l => l.StartsWith("Uid:")).Split('\t', StringSplitOptions.RemoveEmptyEntries)[1];

        Assert.NotEqual("0", uid);
    }

    [Fact]
    public async Task StopsAndStartsAgainWithItsData()
    {
        var database = Database(await server.CreateDatabaseAsync());
        await server.PsqlAsync(database, "CREATE TABLE kept (x INTEGER); INSERT INTO kept VALUES (42)");

        await server.StopAsync();
        Assert.False(server.IsRunning);
        await server.StartAsync();

        var read = await server.PsqlAsync(database, "SELECT x FROM kept");
        Assert.Equal((0, "42"), (read.ExitCode, read.Output.Trim()));
    }

    [Fact]
    public async Task DisposeEndsTheServerAndDeletesItsFolder()
    {
        var other = await PostgresServer.StartNewAsync();
        var processId = other.ProcessId;
        Assert.NotNull(processId);

        await other.DisposeAsync();

        Assert.False(Directory.Exists($"/proc/{processId}"));
        Assert.False(Directory.Exists(other.Folder));
    }

    private static string Database(string connectionString) =>
        connectionString.Split(';').Single(p => p.StartsWith("Database=")).Split('=')[1];
}
