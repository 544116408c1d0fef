using System.Text.RegularExpressions;
using Microsoft.Extensions.Logging.Abstractions;
using SiotThing.Provisioning.CommandLine;
using SiotThing.Provisioning.Storage;

namespace SiotThing.Provisioning.Tests;

/// <summary>
/// The admin commands, run in-process as the binary runs them, on a store filled beforehand:
/// once with <c>--database</c> (<see cref="SqliteCommandLineTests"/>) and once with
/// <c>--postgres</c> (<see cref="PostgresCommandLineTests"/>).
/// </summary>
public abstract partial class CommandLineTests : IAsyncLifetime
{
    private static readonly DateTimeOffset T0 = new(2026, 3, 1, 12, 0, 0, TimeSpan.Zero);
    private const string LampKey = "TWNK-KD5Y-MT3T-E1GS-DRDB-KVTW";

    private string[] storeOptions = [];

    /// <inheritdoc/>
    public async Task InitializeAsync()
    {
        storeOptions = await CreateStoreAsync();
        await using var store = await OpenStoreAsync();
        await store.RegisterAsync("lamp@example.org", LampKey, [new("", "Futuretec Light Bulb 10X"), new("de", "Futuretec Glühbirne 10X")], T0);
        await store.RegisterAsync("sensor@example.org", "AAAA-BBBB-CCCC-DDDD-EEEE-FFFF", [new("", "Futuretec Sensor")], T0.AddHours(1));
        await store.ClaimAsync("alice@example.com", "futuretec light bulb 10x", LampKey, T0.AddMinutes(5));
        await store.UpdateFriendsAsync("alice@example.com", null, [new("bob@example.net", true), new("carol@example.net", false)], T0);
        await store.IsFriendAsync("lamp@example.org", "dave@example.net", T0);
    }

    /// <inheritdoc/>
    public virtual Task DisposeAsync() => Task.CompletedTask;

    /// <summary>Makes an empty store.</summary>
    /// <returns>The options that name it on the command line.</returns>
    protected abstract Task<string[]> CreateStoreAsync();

    /// <summary>Opens the store the options name.</summary>
    protected abstract Task<IProvisioningStore> OpenStoreAsync();

    /// <summary>Runs SQL on the store beside it (for rows the store itself no longer writes).</summary>
    protected abstract Task ExecuteSqlAsync(string sql);

    [Fact]
    public async Task ListThingsPrintsAnAlignedTableWithoutKeys()
    {
        var (exit, output, error) = await RunAsync("list-things");

        Assert.Equal((ExitCodes.Success, string.Empty), (exit, error));
        var lines = Lines(output);
        Assert.Equal(["THING", "NAME", "OWNER", "FRIENDS", "REFUSED", "PENDING", "REGISTERED", "CLAIMED"], Cells(lines[0]));
        Assert.Matches("^-+(  -+){7}$", lines[1]);
        Assert.Equal(["lamp@example.org", "Futuretec Light Bulb 10X", "alice@example.com", "1", "1", "1", "2026-03-01 12:00:00Z", "2026-03-01 12:05:00Z"], Cells(lines[2]));
        Assert.Equal(["sensor@example.org", "Futuretec Sensor", "-", "0", "0", "0", "2026-03-01 13:00:00Z", "-"], Cells(lines[3]));
        Assert.Equal("2 things", lines[4]);
        Assert.Equal(lines[0].IndexOf("OWNER"), lines[2].IndexOf("alice@"));
        Assert.Equal(lines[0].IndexOf("CLAIMED"), lines[3].LastIndexOf('-'));
        Assert.DoesNotContain("TWNK", output);
    }

    [Fact]
    public async Task ListThingsEscapesControlAndBidiCharactersInNames()
    {
        await using (var store = await OpenStoreAsync())
        {
            await store.RegisterAsync("evil@example.org", "1234-5678-9ABC-DEFG-HIJK-LMNP", [new("", "Lamp")], T0);
        }

        // Registration refuses such a name now; one stored before that rule is still printed safely.
        await ExecuteSqlAsync("UPDATE thing_names SET name = 'Lamp\u202Egnp.exe\tX\\u0041' WHERE thing_jid = 'evil@example.org'");

        var (exit, output, _) = await RunAsync("list-things");

        Assert.Equal(ExitCodes.Success, exit);
        // Compared by character: a culture's comparison ignores format characters such as U+202E.
        Assert.DoesNotContain('\u202E', output);
        Assert.DoesNotContain('\t', output);
        var evil = Lines(output).Single(l => l.StartsWith("evil@", StringComparison.Ordinal));
        Assert.Contains(@"Lamp\u202Egnp.exe\tX\\u0041", evil);
    }

    [Fact]
    public async Task ListOwnersPrintsOwnersWithTheirThingCounts()
    {
        var (exit, output, _) = await RunAsync("list-owners");

        Assert.Equal(ExitCodes.Success, exit);
        var lines = Lines(output);
        Assert.Equal(["OWNER", "THINGS"], Cells(lines[0]));
        Assert.Equal(["alice@example.com", "1"], Cells(lines[2]));
        Assert.Equal("1 owner", lines[3]);
    }

    [Fact]
    public async Task ShowThingPrintsEverythingButTheKey()
    {
        var (exit, output, _) = await RunAsync("show-thing", "Lamp@Example.org");

        Assert.Equal(ExitCodes.Success, exit);
        Assert.Equal(
            [
                ["thing", "lamp@example.org"],
                ["name", "Futuretec Light Bulb 10X"],
                ["name [de]", "Futuretec Glühbirne 10X"],
                ["owner", "alice@example.com"],
                ["registered", "2026-03-01 12:00:00Z"],
                ["claimed", "2026-03-01 12:05:00Z"],
                ["friends", "1"],
                ["refused", "1"],
                ["pending", "1"],
            ],
            Lines(output).Select(Cells));
        Assert.DoesNotContain("TWNK", output);
    }

    [Fact]
    public async Task ShowUnknownThingIsNotFound()
    {
        var (exit, output, error) = await RunAsync("show-thing", "ghost@example.org");

        Assert.Equal((ExitCodes.NotFound, string.Empty), (exit, output));
        Assert.Contains("no thing ghost@example.org", error);
    }

    [Fact]
    public async Task MalformedJidIsAUsageError()
    {
        var (exit, _, error) = await RunAsync("show-thing", "lamp@example.org/device");

        Assert.Equal(ExitCodes.Usage, exit);
        Assert.Contains("not a bare JID", error);
    }

    [Fact]
    public async Task RemoveThingRemovesItOnce()
    {
        var (exit, output, _) = await RunAsync("remove-thing", "lamp@example.org");

        Assert.Equal((ExitCodes.Success, "removed lamp@example.org"), (exit, output.Trim()));
        await using (var store = await OpenStoreAsync())
        {
            Assert.Null(await store.GetThingAsync("lamp@example.org"));
            Assert.NotNull(await store.GetThingAsync("sensor@example.org"));
        }

        Assert.Equal(ExitCodes.NotFound, (await RunAsync("remove-thing", "lamp@example.org")).Exit);
    }

    private async Task<(int Exit, string Output, string Error)> RunAsync(params string[] args)
    {
        using var output = new StringWriter();
        using var error = new StringWriter();
        var exit = await ServiceCommandLine.RunAsync([.. args, .. storeOptions], output, error, NullLoggerFactory.Instance);
        return (exit, output.ToString(), error.ToString());
    }

    private static string[] Lines(string output) => output.Split('\n', StringSplitOptions.RemoveEmptyEntries);

    /// <summary>A line's cells: the columns are at least two blanks apart.</summary>
    private static string[] Cells(string line) => ColumnGap().Split(line.TrimEnd());

    [GeneratedRegex(" {2,}")]
    private static partial Regex ColumnGap();
}
