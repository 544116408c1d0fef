using Microsoft.Extensions.Logging.Abstractions;
using SiotThing.Provisioning.CommandLine;
using SiotThing.Provisioning.Storage;
using SiotThing.TestServers;

namespace SiotThing.Provisioning.Tests;

/// <summary>The command line's own rules: which store, exit codes for wrong use and for a store that cannot be opened, help.</summary>
public sealed class CommandLineUsageTests : IDisposable
{
    private readonly string folder = Directory.CreateTempSubdirectory("siot-cli-").FullName;

    public void Dispose() => Directory.Delete(folder, recursive: true);

    [Theory]
    [InlineData]
    [InlineData("frobnicate")]
    [InlineData("list-things")]
    [InlineData("list-things", "--database", "a.db", "--postgres", "Host=127.0.0.1")]
    [InlineData("show-thing", "--database", "a.db")]
    public async Task WrongUseIsAUsageError(params string[] args)
    {
        var (exit, output, error) = await RunAsync(args);

        Assert.Equal((ExitCodes.Usage, string.Empty), (exit, output));
        Assert.Contains("Try --help.", error);
    }

    [Fact]
    public async Task StoreIsNamedByExactlyOneOption()
    {
        var (_, _, error) = await RunAsync("list-owners");

        Assert.Contains("exactly one of --database <file> and --postgres <connection>", error);
    }

    [Fact]
    public async Task MissingDatabaseFileIsAStoreFailureAndIsNotCreated()
    {
        var path = Path.Combine(folder, "typo.db");

        var (exit, _, error) = await RunAsync("list-things", "--database", path);

        Assert.Equal(ExitCodes.StoreFailure, exit);
        Assert.Contains("no database file", error);
        Assert.False(File.Exists(path));
    }

    [Fact]
    public async Task UnreachablePostgresIsAStoreFailure()
    {
        var port = FreePorts.Take(1)[0];

        var (exit, _, error) = await RunAsync("list-things", "--postgres", $"Host=127.0.0.1;Port={port};Username=siot;Database=none;Timeout=5");

        Assert.Equal(ExitCodes.StoreFailure, exit);
        Assert.StartsWith("list-things: ", error);
    }

    [Fact]
    public async Task EmptyStoreListsNoThings()
    {
        var path = Path.Combine(folder, "empty.db");
        await (await SqliteProvisioningStore.OpenAsync(path)).DisposeAsync();

        var (exit, output, _) = await RunAsync("list-things", "--database", path);

        Assert.Equal(ExitCodes.Success, exit);
        Assert.EndsWith("0 things", output.Trim());
    }

    [Fact]
    public async Task HelpNamesEveryCommand()
    {
        var (exit, output, _) = await RunAsync("--help");

        Assert.Equal(ExitCodes.Success, exit);
        Assert.All(["list-things", "list-owners", "show-thing", "remove-thing"], command => Assert.Contains(command, output));
    }

    private static async Task<(int Exit, string Output, string Error)> RunAsync(params string[] args)
    {
        using var output = new StringWriter();
        using var error = new StringWriter();
        var exit = await ServiceCommandLine.RunAsync(args, output, error, NullLoggerFactory.Instance);
        return (exit, output.ToString(), error.ToString());
    }
}
