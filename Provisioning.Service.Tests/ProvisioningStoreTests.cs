using SiotThing.Provisioning.Storage;

namespace SiotThing.Provisioning.Tests;

/// <summary>
/// Every operation of <see cref="IProvisioningStore"/> and every outcome, written once and run
/// against each backend by a subclass (<see cref="SqliteProvisioningStoreTests"/>,
/// <see cref="PostgresProvisioningStoreTests"/>). Each test starts with an empty database of its own.
/// The areas are in the ProvisioningStoreTests.*.cs files.
/// </summary>
public abstract partial class ProvisioningStoreTests : IAsyncLifetime
{
    /// <summary>The tests' clock: every operation is given its time explicitly.</summary>
    protected static readonly DateTimeOffset T0 = new(2026, 3, 1, 12, 0, 0, TimeSpan.Zero);

    protected const string Lamp = "lamp@example.org";
    protected const string LampKey = "TWNK-KD5Y-MT3T-E1GS-DRDB-KVTW";
    protected const string Sensor = "sensor@example.org";
    protected const string SensorKey = "AAAA-BBBB-CCCC-DDDD-EEEE-FFFF";
    protected const string SpareKey = "1234-5678-9ABC-DEFG-HIJK-LMNP";
    protected const string Alice = "alice@example.com";
    protected const string Bob = "bob@example.net";
    protected const string Carol = "carol@example.net";

    protected static readonly ThingName[] LampNames = [new("", "Futuretec Light Bulb 10X"), new("de", "Futuretec Glühbirne 10X")];
    protected static readonly ThingName[] SensorNames = [new("", "Futuretec Sensor")];

    /// <summary>The store under test, open on the test's database.</summary>
    protected IProvisioningStore Store { get; private set; } = null!;

    /// <inheritdoc/>
    public async Task InitializeAsync()
    {
        await CreateDatabaseAsync();
        Store = await OpenStoreAsync();
    }

    /// <inheritdoc/>
    public async Task DisposeAsync()
    {
        await Store.DisposeAsync();
        await DeleteDatabaseAsync();
    }

    /// <summary>Makes the test's empty database.</summary>
    protected abstract Task CreateDatabaseAsync();

    /// <summary>Deletes the test's database, after the store is closed.</summary>
    protected abstract Task DeleteDatabaseAsync();

    /// <summary>Opens a store on the test's database (again).</summary>
    protected abstract Task<IProvisioningStore> OpenStoreAsync();

    /// <summary>Runs SQL on the test's database beside the store.</summary>
    protected abstract Task ExecuteSqlAsync(string sql);

    /// <summary>Runs an SQL query for one number beside the store.</summary>
    protected abstract Task<long> CountAsync(string sql);

    /// <summary>Makes every insert into <paramref name="table"/> whose row meets <paramref name="condition"/> (on NEW) fail, as a constraint would.</summary>
    protected abstract Task FailInsertsAsync(string table, string condition);

    /// <summary>Statements that drop what only this database's schema has (run after its tables are dropped).</summary>
    protected virtual IReadOnlyList<string> DropsOfItsOwn => [];

    /// <summary>Closes the store and opens it again on the same database.</summary>
    protected async Task ReopenAsync()
    {
        await Store.DisposeAsync();
        Store = await OpenStoreAsync();
    }

    protected async Task RegisterLampAsync(DateTimeOffset? at = null) =>
        Assert.Equal(RegistrationOutcome.Registered, (await Store.RegisterAsync(Lamp, LampKey, LampNames, at ?? T0)).Outcome);

    protected async Task RegisterSensorAsync() =>
        Assert.Equal(RegistrationOutcome.Registered, (await Store.RegisterAsync(Sensor, SensorKey, SensorNames, T0)).Outcome);

    /// <summary>The lamp, registered at <see cref="T0"/> and claimed by <paramref name="owner"/> a minute later.</summary>
    protected async Task ClaimedLampAsync(string owner = Alice)
    {
        await RegisterLampAsync();
        Assert.Equal(new ClaimResult(ClaimOutcome.Claimed, Lamp), await Store.ClaimAsync(owner, LampNames[0].Name, LampKey, T0.AddMinutes(1)));
    }

    protected async Task<ThingInfo> LampAsync() => Assert.IsType<ThingInfo>(await Store.GetThingAsync(Lamp));
}
