using SiotThing.Provisioning.Storage;

namespace SiotThing.Provisioning.Tests;

/// <summary>The outbox: every change owes its messages in its own transaction, in commit order, until marked sent.</summary>
public abstract partial class ProvisioningStoreTests
{
    private async Task<IReadOnlyList<OutboxMessage>> OwedAsync() => await Store.UnsentMessagesAsync(1000);

    [Fact]
    public async Task ClaimOwesTheThingItsOwner()
    {
        await ClaimedLampAsync();

        var owed = Assert.Single(await OwedAsync());
        Assert.Equal((OutboxKind.Owner, Lamp, Lamp, Alice), (owed.Kind, owed.To, owed.Thing, owed.Jid));
        Assert.Equal(owed.Id, HandedOver.Newest(Store));
    }

    [Fact]
    public async Task ClaimThatCannotOweItsMessageIsNotCommitted()
    {
        await RegisterLampAsync();
        await FailInsertsAsync("outbox", "NEW.kind = 'owner'");

        await Assert.ThrowsAnyAsync<Exception>(() => Store.ClaimAsync(Alice, LampNames[0].Name, LampKey, T0));

        Assert.Null((await LampAsync()).Owner);
        Assert.Empty(await OwedAsync());
        Assert.Equal(0, HandedOver.Newest(Store));
    }

    [Fact]
    public async Task WhatAnOperationOwesIsHandedToTheSenderOnceCommittedWithTheRecipientsPreviousMessage()
    {
        await ClaimedLampAsync();
        await Store.DisownAsync(Alice, Lamp, T0);

        var handed = new List<NewlyOwed>();
        Assert.True(Store.TakeNewlyOwed(handed));
        var owed = await OwedAsync();
        Assert.Equal(owed, handed.Select(h => h.Message), new OutboxMessageComparer());
        // The sender sends the second at once only when it sent the first: the lamp's order.
        Assert.Equal([0, owed[0].Id], handed.Select(h => h.Previous));
        Assert.True(Store.TakeNewlyOwed(handed));
        Assert.Equal(2, handed.Count);
    }

    [Fact]
    public async Task RepeatedRegistrationOwesTheOwnerAgain()
    {
        await ClaimedLampAsync();
        await Store.MarkSentAsync([HandedOver.Newest(Store)], T0);

        await Store.RegisterAsync(Lamp, LampKey, LampNames, T0.AddMinutes(2));

        var owed = Assert.Single(await OwedAsync());
        Assert.Equal((OutboxKind.Owner, Lamp, Alice), (owed.Kind, owed.To, owed.Jid));
    }

    [Fact]
    public async Task RepeatedRegistrationOfAnUnclaimedThingOwesNothing()
    {
        await RegisterLampAsync();

        await Store.RegisterAsync(Lamp, LampKey, LampNames, T0);

        Assert.Empty(await OwedAsync());
    }

    [Fact]
    public async Task ResetOwesThePreviousOwnerAndDropsWhatWasStillOwedToTheThing()
    {
        await ClaimedLampAsync();
        await Store.UpdateFriendsAsync(Alice, Lamp, [new(Bob, true)], T0);

        await Store.RegisterAsync(Lamp, SpareKey, LampNames, T0.AddHours(1));

        // The owner and friendship-states for the old key are stale: the thing has forgotten them.
        var owed = Assert.Single(await OwedAsync());
        Assert.Equal((OutboxKind.ThingReset, Alice, Lamp, null), (owed.Kind, owed.To, owed.Thing, owed.Jid));
    }

    [Fact]
    public async Task NewPendingRequestOwesTheOwnerANotificationOnce()
    {
        await ClaimedLampAsync();
        await Store.MarkSentAsync([HandedOver.Newest(Store)], T0);

        await Store.IsFriendAsync(Lamp, Bob, T0);
        await Store.IsFriendAsync(Lamp, Bob, T0);

        var owed = Assert.Single(await OwedAsync());
        Assert.Equal((OutboxKind.PendingFriend, Alice, Lamp, Bob), (owed.Kind, owed.To, owed.Thing, owed.Jid));
    }

    [Fact]
    public async Task ARequestWithdrawnAndMadeAgainWithinTheHourIsNotToldAgain()
    {
        await ClaimedLampAsync();
        await Store.MarkSentAsync([HandedOver.Newest(Store)], T0);

        for (var i = 0; i < 20; i++)
        {
            await Store.IsFriendAsync(Lamp, Bob, T0.AddMinutes(2 + i));
            await Store.WithdrawRequestAsync(Lamp, Bob);
        }

        var told = Assert.Single(await OwedAsync());
        await Store.MarkSentAsync([told.Id], T0.AddMinutes(2));
        await Store.IsFriendAsync(Lamp, Bob, T0.AddMinutes(2) + ProvisioningLimits.PendingNotificationWindow);
        var again = Assert.Single(await OwedAsync());
        Assert.Equal((OutboxKind.PendingFriend, Alice, Bob), (again.Kind, again.To, again.Jid));
    }

    [Fact]
    public async Task AnOwnerIsToldOfAFewRequestsAnHourThenOnceThatMoreWait()
    {
        await ClaimedLampAsync();
        await Store.MarkSentAsync([HandedOver.Newest(Store)], T0);

        for (var i = 0; i < 3 * ProvisioningLimits.MaxPendingNotifications; i++)
        {
            await Store.IsFriendAsync(Lamp, $"stranger{i}@example.net", T0.AddMinutes(2));
        }

        var owed = await OwedAsync();
        Assert.Equal(ProvisioningLimits.MaxPendingNotifications + 1, owed.Count);
        Assert.All(owed, m => Assert.Equal((OutboxKind.PendingFriend, Alice), (m.Kind, m.To)));
        Assert.Equal(
            [.. Enumerable.Range(0, ProvisioningLimits.MaxPendingNotifications).Select(i => $"stranger{i}@example.net"), null],
            owed.Select(m => m.Jid));
        Assert.Equal(3 * ProvisioningLimits.MaxPendingNotifications, (await Store.PendingRequestsAsync(Alice, null)).Requests.Count);

        // A new hour: told one by one again.
        await Store.IsFriendAsync(Lamp, Carol, T0.AddMinutes(2) + ProvisioningLimits.PendingNotificationWindow);
        Assert.Equal(Carol, (await OwedAsync())[^1].Jid);
    }

    [Fact]
    public async Task PendingRequestToAnUnownedThingOwesNothing()
    {
        await RegisterLampAsync();

        await Store.IsFriendAsync(Lamp, Bob, T0);

        Assert.Empty(await OwedAsync());
    }

    [Fact]
    public async Task UpdateOwesTheThingItsAppliedItemsInOrder()
    {
        await ClaimedLampAsync();
        await Store.MarkSentAsync([HandedOver.Newest(Store)], T0);

        await Store.UpdateFriendsAsync(Alice, Lamp, [new(Carol, false), new(Alice, false), new(Bob, true)], T0);
        await Store.UpdateFriendsAsync(Alice, Lamp, [new(Alice, true)], T0);

        // The second update names only the owner: it applies nothing and owes nothing.
        var owed = Assert.Single(await OwedAsync());
        Assert.Equal((OutboxKind.FriendshipStates, Lamp), (owed.Kind, owed.To));
        Assert.Equal([new FriendChange(Carol, false), new FriendChange(Bob, true)], owed.Items);
    }

    [Fact]
    public async Task DisownOwesTheThingThatItHasNoOwner()
    {
        await ClaimedLampAsync();
        await Store.MarkSentAsync([HandedOver.Newest(Store)], T0);

        await Store.DisownAsync(Alice, Lamp, T0);
        await Store.DisownAsync(Bob, Lamp, T0);

        var owed = Assert.Single(await OwedAsync());
        Assert.Equal((OutboxKind.Owner, Lamp, null), (owed.Kind, owed.To, owed.Jid));
    }

    [Fact]
    public async Task OwedMessagesComeInCommitOrderAndStayUntilMarkedSentAlsoAcrossARestart()
    {
        await ClaimedLampAsync();
        await Store.UpdateFriendsAsync(Alice, Lamp, [new(Bob, true)], T0);
        await Store.IsFriendAsync(Lamp, Carol, T0);
        await Store.DisownAsync(Alice, Lamp, T0);
        var all = await OwedAsync();
        Assert.Equal([OutboxKind.Owner, OutboxKind.FriendshipStates, OutboxKind.PendingFriend, OutboxKind.Owner], all.Select(m => m.Kind));
        Assert.Equal(all.Select(m => m.Id).Order(), all.Select(m => m.Id));

        Assert.Equal(2, await Store.MarkSentAsync([all[0].Id, all[1].Id], T0));
        Assert.Equal(0, await Store.MarkSentAsync([all[1].Id], T0));
        await ReopenAsync();
        // A new store object is another instance: it takes the recipients once their leases expired.
        Assert.Equal(all[2].Id, await Store.TakeOwedAsync(T0.AddHours(1)));

        Assert.Equal(all.Skip(2), await OwedAsync(), new OutboxMessageComparer());
        Assert.Equal([all[2].Id], (await Store.UnsentMessagesAsync(1)).Select(m => m.Id));
    }

    [Fact]
    public async Task SentMessagesArePrunedAfterAWeekAndIdsNeverStartOver()
    {
        await ClaimedLampAsync();
        await Store.DisownAsync(Alice, Lamp, T0);
        var newest = HandedOver.Newest(Store);
        Assert.Equal(2, await Store.MarkSentAsync((await OwedAsync()).Select(m => m.Id).ToList(), T0));

        await Store.MarkSentAsync([newest], T0.AddDays(8));
        Assert.Equal(0, await CountAsync("SELECT COUNT(*) FROM outbox"));
        Assert.Equal(ClaimOutcome.Claimed, (await Store.ClaimAsync(Bob, LampNames[0].Name, LampKey, T0.AddDays(8))).Outcome);

        Assert.Equal(newest + 1, Assert.Single(await OwedAsync()).Id);
    }

    [Fact]
    public async Task AnIdIsNeverHandedOutAgainAfterItsMessageWasDropped()
    {
        await ClaimedLampAsync();
        var dropped = HandedOver.Newest(Store);

        // The reset drops the unsent owner message, the newest row: its id must not come back.
        await Store.RegisterAsync(Lamp, SpareKey, LampNames, T0.AddHours(1));

        Assert.Equal(dropped + 1, Assert.Single(await OwedAsync()).Id);
    }

    [Fact]
    public async Task RemovingAThingDropsWhatWasOwedAboutIt()
    {
        await ClaimedLampAsync();
        await Store.IsFriendAsync(Lamp, Bob, T0);

        await Store.RemoveThingAsync(Lamp);

        Assert.Empty(await OwedAsync());
    }

    /// <summary>Compares owed messages by value, items included.</summary>
    private sealed class OutboxMessageComparer : IEqualityComparer<OutboxMessage>
    {
        public bool Equals(OutboxMessage? x, OutboxMessage? y) =>
            x != null && y != null && (x.Id, x.Kind, x.To, x.Thing, x.Jid) == (y.Id, y.Kind, y.To, y.Thing, y.Jid) && x.Items.SequenceEqual(y.Items);

        public int GetHashCode(OutboxMessage obj) => obj.Id.GetHashCode();
    }
}
