using System.Data.Common;
using SiotThing.Provisioning.Storage;

namespace SiotThing.Provisioning.Tests;

/// <summary>
/// Operations are all or nothing: one made to fail in the middle (by a trigger that acts as a
/// failing constraint on its last statements) leaves no part of it behind. And the schema
/// migrations: once, in order, and never onto a newer schema.
/// </summary>
public abstract partial class ProvisioningStoreTests
{
    [Fact]
    public async Task ResetThatFailsMidwayLeavesTheThingAsItWas()
    {
        await ClaimedLampAsync(Alice);
        await Store.UpdateFriendsAsync(Alice, Lamp, [new(Bob, true)], T0);
        await Store.IsFriendAsync(Lamp, Carol, T0);
        // The reset drops friendships, changes key and owner, replaces the names: the second new name fails.
        await FailInsertsAsync("thing_names", "NEW.name = 'boom'");

        await Assert.ThrowsAnyAsync<DbException>(() => Store.RegisterAsync(Lamp, SpareKey, [new("", "Lamp"), new("de", "boom")], T0.AddDays(1)));

        var lamp = await LampAsync();
        Assert.Equal(LampNames, lamp.Names);
        Assert.Equal((Alice, T0, T0.AddMinutes(1), 1, 1), (lamp.Owner, lamp.RegisteredAt, lamp.ClaimedAt, lamp.Friends, lamp.Pending));
        Assert.Equal(RegistrationOutcome.Repeated, (await Store.RegisterAsync(Lamp, LampKey, LampNames, T0)).Outcome);
        Assert.Equal(RegistrationOutcome.Registered, (await Store.RegisterAsync(Sensor, SpareKey, SensorNames, T0)).Outcome);
    }

    [Fact]
    public async Task UpdateThatFailsMidwayChangesNoFriend()
    {
        await ClaimedLampAsync(Alice);
        await Store.IsFriendAsync(Lamp, Bob, T0);
        await FailInsertsAsync("friendships", "NEW.jid = 'boom@example.net'");

        await Assert.ThrowsAnyAsync<DbException>(() => Store.UpdateFriendsAsync(Alice, Lamp, [new(Bob, true), new(Carol, false), new("boom@example.net", true)], T0));

        var lamp = await LampAsync();
        Assert.Equal((0, 0, 1), (lamp.Friends, lamp.NonFriends, lamp.Pending));
        Assert.Equal([new PendingRequest(Lamp, Bob, T0)], (await Store.PendingRequestsAsync(Alice, Lamp)).Requests);
    }

    [Fact]
    public async Task ReopeningKeepsEverythingAndMigratesOnlyOnce()
    {
        await ClaimedLampAsync();
        await Store.UpdateFriendsAsync(Alice, Lamp, [new(Bob, true)], T0);

        await ReopenAsync();
        await ReopenAsync();

        var lamp = await LampAsync();
        Assert.Equal((Alice, 1), (lamp.Owner, lamp.Friends));
        // One row per schema step, each applied once: the things (1), the outbox (2), the leases (3), the notification limit's index (4), the id sequence (5).
        Assert.Equal(5, await CountAsync("SELECT COUNT(*) FROM schema_version"));
    }

    [Fact]
    public async Task TwoStoresOpeningANewDatabaseAtOnceMigrateItOnce()
    {
        await Store.DisposeAsync();
        foreach (var table in new[] { "outbox_sequence", "service_keys", "outbox_leases", "outbox", "friendships", "thing_names", "things", "claim_failures", "schema_version" })
        {
            await ExecuteSqlAsync($"DROP TABLE {table}");
        }

        foreach (var statement in DropsOfItsOwn)
        {
            await ExecuteSqlAsync(statement);
        }

        await OpenFourAtOnceAsync();

        // One row per schema step, each applied once (a second run of a step fails: its tables exist).
        Assert.Equal(5, await CountAsync("SELECT COUNT(*) FROM schema_version"));
        await ClaimedLampAsync();
    }

    [Fact]
    public async Task FourStoresOpeningAnOldDatabaseAtOnceMigrateItOnce()
    {
        await ClaimedLampAsync();
        await Store.DisposeAsync();
        // Back to the schema of before the leases (step 2), with an owed message in it.
        foreach (var statement in (string[])["DELETE FROM schema_version WHERE version = 5", .. DropsOfItsOwn, "DROP INDEX outbox_recipient_time", "DELETE FROM schema_version WHERE version = 4", "DROP TABLE outbox_sequence", "DROP TABLE service_keys", "DROP TABLE outbox_leases", "DROP INDEX outbox_unsent_recipient", "DROP INDEX outbox_sent", "DELETE FROM schema_version WHERE version = 3"])
        {
            await ExecuteSqlAsync(statement);
        }

        await OpenFourAtOnceAsync();

        Assert.Equal(5, await CountAsync("SELECT COUNT(*) FROM schema_version"));
        Assert.Equal(1, await CountAsync("SELECT COUNT(*) FROM schema_version WHERE version = 3"));
        // The message owed before the step has no lease: the first instance to look takes it; ids go on after it.
        var owed = await Store.TakeOwedAsync(T0.AddMinutes(2));
        Assert.Equal(owed, Assert.Single(await Store.UnsentMessagesAsync(10)).Id);
        await Store.DisownAsync(Alice, Lamp, T0.AddMinutes(3));
        Assert.Equal(owed + 1, HandedOver.Newest(Store));
    }

    // Four instances starting together, as several serve processes do; the first stays the test's store.
    private async Task OpenFourAtOnceAsync()
    {
        var stores = await Task.WhenAll(Enumerable.Range(0, 4).Select(_ => Task.Run(OpenStoreAsync)));
        Store = stores[0];
        foreach (var other in stores.Skip(1))
        {
            await other.DisposeAsync();
        }
    }

    [Fact]
    public async Task DatabaseWithANewerSchemaIsNotOpened()
    {
        await ExecuteSqlAsync("INSERT INTO schema_version (version, description, applied_at) VALUES (1000, 'from the future', 0)");

        var refused = await Assert.ThrowsAsync<InvalidOperationException>(OpenStoreAsync);

        Assert.Contains("newer", refused.Message);
    }
}
