using SiotThing.Provisioning.Storage;

namespace SiotThing.Provisioning.Tests;

/// <summary>What the admin commands read and remove.</summary>
public abstract partial class ProvisioningStoreTests
{
    [Fact]
    public async Task ListThingsShowsEveryThingOrderedByJid()
    {
        await RegisterSensorAsync();
        await ClaimedLampAsync();
        await Store.UpdateFriendsAsync(Alice, Lamp, [new(Bob, true), new(Carol, false)], T0);
        await Store.IsFriendAsync(Lamp, "dave@example.net", T0);

        var things = await Store.ListThingsAsync();

        Assert.Equal([Lamp, Sensor], things.Select(t => t.Jid));
        var lamp = things[0];
        Assert.Equal((LampNames[0].Name, Alice, T0, T0.AddMinutes(1), 1, 1, 1), (lamp.DisplayName, lamp.Owner, lamp.RegisteredAt, lamp.ClaimedAt, lamp.Friends, lamp.NonFriends, lamp.Pending));
        Assert.Equal(SensorNames, things[1].Names);
        Assert.Null(things[1].Owner);
    }

    [Fact]
    public async Task ListOwnersCountsTheirThings()
    {
        await ClaimedLampAsync(Bob);
        await RegisterSensorAsync();
        await Store.ClaimAsync(Bob, SensorNames[0].Name, SensorKey, T0);
        await Store.RegisterAsync("door@example.org", SpareKey, [new("", "Door")], T0);
        await Store.ClaimAsync(Alice, "Door", SpareKey, T0);

        Assert.Equal([new OwnerInfo(Alice, 1), new OwnerInfo(Bob, 2)], await Store.ListOwnersAsync());
    }

    [Fact]
    public async Task EmptyStoreListsNothing()
    {
        Assert.Empty(await Store.ListThingsAsync());
        Assert.Empty(await Store.ListOwnersAsync());
        Assert.Null(await Store.GetThingAsync(Lamp));
    }

    [Fact]
    public async Task RemovedThingIsGoneWithEverythingItHadAndItsKeyIsFree()
    {
        await ClaimedLampAsync();
        await Store.UpdateFriendsAsync(Alice, Lamp, [new(Bob, true)], T0);
        await Store.IsFriendAsync(Lamp, Carol, T0);
        await RegisterSensorAsync();

        Assert.True(await Store.RemoveThingAsync(Lamp));

        Assert.Null(await Store.GetThingAsync(Lamp));
        Assert.Equal([Sensor], (await Store.ListThingsAsync()).Select(t => t.Jid));
        Assert.Equal(0, await CountAsync("SELECT COUNT(*) FROM friendships") + await CountAsync("SELECT COUNT(*) FROM thing_names WHERE thing_jid = 'lamp@example.org'"));
        Assert.Equal(new FriendshipResult(FriendshipAnswer.UnknownThing), await Store.IsFriendAsync(Lamp, Bob, T0));
        Assert.Equal(RegistrationOutcome.Registered, (await Store.RegisterAsync("other@example.org", LampKey, LampNames, T0)).Outcome);
        Assert.False(await Store.RemoveThingAsync(Lamp));
    }
}
