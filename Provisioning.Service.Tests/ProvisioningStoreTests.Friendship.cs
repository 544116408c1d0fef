using SiotThing.Provisioning.Storage;

namespace SiotThing.Provisioning.Tests;

/// <summary>Is-friend queries, pending requests, friend-state updates, disowning.</summary>
public abstract partial class ProvisioningStoreTests
{
    [Fact]
    public async Task OwnerIsAlwaysAFriend()
    {
        await ClaimedLampAsync();

        Assert.Equal(new FriendshipResult(FriendshipAnswer.Yes), await Store.IsFriendAsync(Lamp, Alice, T0));
    }

    [Fact]
    public async Task QueryFromAnUnregisteredJidIsUnknownThing()
    {
        await ClaimedLampAsync();

        Assert.Equal(new FriendshipResult(FriendshipAnswer.UnknownThing), await Store.IsFriendAsync("ghost@example.org", Bob, T0));
        Assert.Equal(0, await CountAsync("SELECT COUNT(*) FROM friendships"));
    }

    [Fact]
    public async Task StrangerIsPendingAndTheOwnerIsToldOnlyTheFirstTime()
    {
        await ClaimedLampAsync();

        Assert.Equal(new FriendshipResult(FriendshipAnswer.Pending, true, Alice), await Store.IsFriendAsync(Lamp, Bob, T0.AddMinutes(2)));
        Assert.Equal(new FriendshipResult(FriendshipAnswer.Pending, false, Alice), await Store.IsFriendAsync(Lamp, Bob, T0.AddMinutes(3)));

        var pending = await Store.PendingRequestsAsync(Alice, null);
        Assert.Equal(AccessOutcome.Done, pending.Outcome);
        Assert.Equal([new PendingRequest(Lamp, Bob, T0.AddMinutes(2))], pending.Requests);
    }

    [Fact]
    public async Task AWithdrawnRequestIsDroppedButDecisionsStay()
    {
        await ClaimedLampAsync();
        await Store.IsFriendAsync(Lamp, Bob, T0);
        await Store.UpdateFriendsAsync(Alice, Lamp, [new(Carol, true)], T0);

        Assert.True(await Store.WithdrawRequestAsync(Lamp, "Bob@Example.NET"));
        Assert.True(await Store.WithdrawRequestAsync(Lamp, Carol));
        Assert.False(await Store.WithdrawRequestAsync("ghost@example.org", Bob));

        Assert.Empty((await Store.PendingRequestsAsync(Alice, null)).Requests);
        Assert.Equal(new FriendshipResult(FriendshipAnswer.Yes), await Store.IsFriendAsync(Lamp, Carol, T0));
        // Asked again after the withdrawal: a new request, and the owner is told again.
        Assert.Equal(new FriendshipResult(FriendshipAnswer.Pending, true, Alice), await Store.IsFriendAsync(Lamp, Bob, T0.AddMinutes(1)));
    }

    [Fact]
    public async Task RequestToAnUnclaimedThingWaitsForItsFirstOwner()
    {
        await RegisterLampAsync();

        Assert.Equal(new FriendshipResult(FriendshipAnswer.Pending, true, null), await Store.IsFriendAsync(Lamp, Bob, T0));
        Assert.Equal(new FriendshipResult(FriendshipAnswer.Pending, false, null), await Store.IsFriendAsync(Lamp, Bob, T0));
        await Store.ClaimAsync(Alice, LampNames[0].Name, LampKey, T0.AddMinutes(1));

        Assert.Equal([new PendingRequest(Lamp, Bob, T0)], (await Store.PendingRequestsAsync(Alice, Lamp)).Requests);
        Assert.Equal(new FriendshipResult(FriendshipAnswer.Pending, false, Alice), await Store.IsFriendAsync(Lamp, Bob, T0.AddMinutes(2)));
    }

    [Fact]
    public async Task FriendsAreYesAndNonFriendsAreNo()
    {
        await ClaimedLampAsync();

        var result = await Store.UpdateFriendsAsync(Alice, Lamp, [new(Bob, true), new(Carol, false)], T0);

        Assert.Equal(FriendUpdateOutcome.Updated, result.Outcome);
        Assert.Equal(new FriendshipResult(FriendshipAnswer.Yes), await Store.IsFriendAsync(Lamp, Bob, T0));
        Assert.Equal(new FriendshipResult(FriendshipAnswer.No), await Store.IsFriendAsync(Lamp, Carol, T0));
    }

    [Fact]
    public async Task UpdateSettlesPendingRequestsAndReturnsTheChangesForTheThing()
    {
        await ClaimedLampAsync();
        await Store.IsFriendAsync(Lamp, Bob, T0);
        await Store.IsFriendAsync(Lamp, Carol, T0);

        var result = await Store.UpdateFriendsAsync(Alice, Lamp, [new("Bob@Example.NET", true), new(Carol, false)], T0.AddMinutes(5));

        Assert.Equal((FriendUpdateOutcome.Updated, Lamp), (result.Outcome, result.Thing));
        Assert.Equal([new FriendChange(Bob, true), new FriendChange(Carol, false)], result.Applied);
        Assert.Empty((await Store.PendingRequestsAsync(Alice, null)).Requests);
        var lamp = await LampAsync();
        Assert.Equal((1, 1, 0), (lamp.Friends, lamp.NonFriends, lamp.Pending));
    }

    [Fact]
    public async Task RemovedFriendIsANonFriend()
    {
        await ClaimedLampAsync();
        await Store.UpdateFriendsAsync(Alice, Lamp, [new(Bob, true)], T0);

        await Store.UpdateFriendsAsync(Alice, Lamp, [new(Bob, false)], T0.AddDays(1));

        Assert.Equal(new FriendshipResult(FriendshipAnswer.No), await Store.IsFriendAsync(Lamp, Bob, T0.AddDays(1)));
    }

    [Fact]
    public async Task ChangeAboutTheOwnerIsLeftOut()
    {
        await ClaimedLampAsync();

        var result = await Store.UpdateFriendsAsync(Alice, Lamp, [new(Alice, false), new(Bob, true)], T0);

        Assert.Equal([new FriendChange(Bob, true)], result.Applied);
        Assert.Equal(new FriendshipResult(FriendshipAnswer.Yes), await Store.IsFriendAsync(Lamp, Alice, T0));
    }

    [Fact]
    public async Task UpdateWithoutAThingMeansTheOwnersOnlyThing()
    {
        Assert.Equal(FriendUpdateOutcome.ThingRequired, (await Store.UpdateFriendsAsync(Alice, null, [new(Bob, true)], T0)).Outcome);
        await ClaimedLampAsync();

        var result = await Store.UpdateFriendsAsync(Alice, null, [new(Bob, true)], T0);

        Assert.Equal((FriendUpdateOutcome.Updated, Lamp), (result.Outcome, result.Thing));
        Assert.Equal(new FriendshipResult(FriendshipAnswer.Yes), await Store.IsFriendAsync(Lamp, Bob, T0));
    }

    [Fact]
    public async Task UpdateWithoutAThingIsAmbiguousForAnOwnerOfTwo()
    {
        await ClaimedLampAsync();
        await RegisterSensorAsync();
        await Store.ClaimAsync(Alice, SensorNames[0].Name, SensorKey, T0);

        var result = await Store.UpdateFriendsAsync(Alice, null, [new(Bob, true)], T0);

        Assert.Equal((FriendUpdateOutcome.ThingRequired, null, 0), (result.Outcome, result.Thing, result.Applied.Count));
        Assert.Equal(0, await CountAsync("SELECT COUNT(*) FROM friendships"));
    }

    [Fact]
    public async Task OnlyTheOwnerSeesAndChangesFriends()
    {
        await ClaimedLampAsync(Alice);
        await RegisterSensorAsync();
        await Store.IsFriendAsync(Lamp, Carol, T0);

        Assert.Equal(FriendUpdateOutcome.Forbidden, (await Store.UpdateFriendsAsync(Bob, Lamp, [new(Bob, true)], T0)).Outcome);
        Assert.Equal(FriendUpdateOutcome.Forbidden, (await Store.UpdateFriendsAsync(Bob, Sensor, [new(Bob, true)], T0)).Outcome);
        Assert.Equal(FriendUpdateOutcome.NotFound, (await Store.UpdateFriendsAsync(Bob, "ghost@example.org", [new(Bob, true)], T0)).Outcome);
        var forbidden = await Store.PendingRequestsAsync(Bob, Lamp);
        Assert.Equal((AccessOutcome.Forbidden, 0), (forbidden.Outcome, forbidden.Requests.Count));
        Assert.Equal(AccessOutcome.NotFound, (await Store.PendingRequestsAsync(Bob, "ghost@example.org")).Outcome);
        Assert.Empty((await Store.PendingRequestsAsync(Bob, null)).Requests);

        // Bob's forbidden update made him nothing: he is a stranger to the lamp.
        Assert.Equal(new FriendshipResult(FriendshipAnswer.Pending, true, Alice), await Store.IsFriendAsync(Lamp, Bob, T0));
        Assert.Equal(2, await CountAsync("SELECT COUNT(*) FROM friendships WHERE state = 'pending'"));
    }

    [Fact]
    public async Task PendingRequestsListEveryOwnedThingOrTheOneNamed()
    {
        await ClaimedLampAsync();
        await RegisterSensorAsync();
        await Store.ClaimAsync(Alice, SensorNames[0].Name, SensorKey, T0);
        await Store.IsFriendAsync(Sensor, Bob, T0.AddMinutes(1));
        await Store.IsFriendAsync(Lamp, Carol, T0.AddMinutes(2));
        await Store.IsFriendAsync(Lamp, Bob, T0.AddMinutes(1));
        await Store.UpdateFriendsAsync(Alice, Lamp, [new("dave@example.net", true)], T0);

        Assert.Equal(
            [new PendingRequest(Lamp, Bob, T0.AddMinutes(1)), new PendingRequest(Lamp, Carol, T0.AddMinutes(2)), new PendingRequest(Sensor, Bob, T0.AddMinutes(1))],
            (await Store.PendingRequestsAsync(Alice, null)).Requests);
        Assert.Equal([new PendingRequest(Sensor, Bob, T0.AddMinutes(1))], (await Store.PendingRequestsAsync(Alice, Sensor)).Requests);
    }

    [Theory]
    [InlineData("501 changes")]
    [InlineData("one JID twice")]
    [InlineData("full JID")]
    [InlineData("not a JID")]
    public async Task MalformedUpdateIsRefusedWhole(string @case)
    {
        await ClaimedLampAsync();
        FriendChange[] changes = @case switch
        {
            "501 changes" => Enumerable.Range(0, 501).Select(i => new FriendChange($"user{i}@example.net", true)).ToArray(),
            "one JID twice" => [new(Bob, true), new("BOB@example.net", false)],
            "full JID" => [new(Carol, true), new(Bob + "/laptop", true)],
            _ => [new(Carol, true), new("bob@", true)],
        };

        await Assert.ThrowsAnyAsync<ArgumentException>(() => Store.UpdateFriendsAsync(Alice, Lamp, changes, T0));
        Assert.Equal(0, await CountAsync("SELECT COUNT(*) FROM friendships"));
    }

    [Fact]
    public async Task FiveHundredChangesAreApplied()
    {
        await ClaimedLampAsync();
        var changes = Enumerable.Range(0, 500).Select(i => new FriendChange($"user{i}@example.net", i % 2 == 0)).ToArray();

        Assert.Equal(500, (await Store.UpdateFriendsAsync(Alice, Lamp, changes, T0)).Applied.Count);
        Assert.Equal((250, 250), ((await LampAsync()).Friends, (await LampAsync()).NonFriends));
    }

    [Theory]
    [InlineData("full JID of the thing")]
    [InlineData("full JID of the requestor")]
    [InlineData("requestor too long")]
    public async Task MalformedIsFriendQueryIsRefused(string @case)
    {
        await ClaimedLampAsync();
        var (thing, requestor) = @case switch
        {
            "full JID of the thing" => (Lamp + "/device", Bob),
            "full JID of the requestor" => (Lamp, Bob + "/laptop"),
            _ => (Lamp, new string('b', 3072)),
        };

        await Assert.ThrowsAnyAsync<ArgumentException>(() => Store.IsFriendAsync(thing, requestor, T0));
        Assert.Equal(0, await CountAsync("SELECT COUNT(*) FROM friendships"));
    }

    [Fact]
    public async Task DisowningDropsOwnerAndFriendsButKeepsTheKey()
    {
        await ClaimedLampAsync(Alice);
        await Store.UpdateFriendsAsync(Alice, Lamp, [new(Bob, true)], T0);
        await Store.IsFriendAsync(Lamp, Carol, T0);

        Assert.Equal(AccessOutcome.Done, await Store.DisownAsync(Alice, Lamp, T0));

        var lamp = await LampAsync();
        Assert.Equal((null, null, 0, 0, 0, T0), (lamp.Owner, lamp.ClaimedAt, lamp.Friends, lamp.NonFriends, lamp.Pending, lamp.RegisteredAt));
        Assert.Empty(await Store.ListOwnersAsync());
        Assert.Equal(new ClaimResult(ClaimOutcome.Claimed, Lamp), await Store.ClaimAsync(Bob, LampNames[0].Name, LampKey, T0.AddDays(1)));
    }

    [Fact]
    public async Task OnlyTheOwnerDisowns()
    {
        await ClaimedLampAsync(Alice);

        Assert.Equal(AccessOutcome.Forbidden, await Store.DisownAsync(Bob, Lamp, T0));
        Assert.Equal(AccessOutcome.NotFound, await Store.DisownAsync(Alice, "ghost@example.org", T0));
        Assert.Equal(Alice, (await LampAsync()).Owner);
    }
}
