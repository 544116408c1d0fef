using SiotThing.Provisioning.Storage;

namespace SiotThing.Provisioning.Tests;

/// <summary>What an owner sees of its own things: the things and their friends (the ad-hoc commands' lists).</summary>
public abstract partial class ProvisioningStoreTests
{
    [Fact]
    public async Task OwnedThingsAreTheOwnersOnlyOrderedByJid()
    {
        await ClaimedLampAsync();
        await RegisterSensorAsync();
        await Store.ClaimAsync(Alice, SensorNames[0].Name, SensorKey, T0);
        await Store.RegisterAsync("door@example.org", SpareKey, [new("", "Door")], T0);
        await Store.ClaimAsync(Bob, "Door", SpareKey, T0);

        var owned = await Store.OwnedThingsAsync("Alice@Example.COM");

        Assert.Equal([Lamp, Sensor], owned.Select(t => t.Jid));
        Assert.Equal(LampNames, owned[0].Names);
        Assert.Empty(await Store.OwnedThingsAsync(Carol));
    }

    [Fact]
    public async Task FriendsAreListedForTheOwnerOnly()
    {
        await ClaimedLampAsync();
        await Store.UpdateFriendsAsync(Alice, Lamp, [new(Carol, true), new(Bob, true), new("dave@example.net", false)], T0);
        await Store.IsFriendAsync(Lamp, "erin@example.net", T0);

        Assert.Equal(new FriendsResult(AccessOutcome.Done, [Bob, Carol]).Friends, (await Store.FriendsAsync(Alice, Lamp)).Friends);
        Assert.Equal(AccessOutcome.Forbidden, (await Store.FriendsAsync(Bob, Lamp)).Outcome);
        Assert.Equal(AccessOutcome.NotFound, (await Store.FriendsAsync(Alice, "ghost@example.org")).Outcome);
        Assert.Empty((await Store.FriendsAsync(Bob, Lamp)).Friends);
    }

    [Fact]
    public async Task OwnerQueriesRejectMalformedJids()
    {
        await Assert.ThrowsAnyAsync<ArgumentException>(() => Store.OwnedThingsAsync("alice@example.com/phone"));
        await Assert.ThrowsAnyAsync<ArgumentException>(() => Store.FriendsAsync(Alice, "lamp@example.org/x"));
    }
}
