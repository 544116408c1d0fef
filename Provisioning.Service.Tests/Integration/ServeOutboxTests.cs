using System.Xml.Linq;
using SiotThing.Provisioning.Storage;

namespace SiotThing.Provisioning.Tests.Integration;

/// <summary>
/// The outbox end to end through a real Prosody: a message owed by a change that committed without
/// being sent goes out when the service starts; the server's taking it (the probe routed back)
/// marks it sent; a repeated registration brings the thing its owner again.
/// </summary>
public sealed class ServeOutboxTests(ITestOutputHelper output) : ServeFixture(output)
{
    [Fact]
    public async Task MessageOwedByAChangeCommittedWithoutSendingGoesOutWhenTheServiceStarts()
    {
        var service = StartService();
        var lamp = await ConnectAsync(Lamp);
        await WaitForServiceAsync(lamp);
        Assert.Equal("result", Siot.Outcome(await lamp.IqAsync("set", Service, Siot.Register(LampKey, (null, LampName)))));
        await service.StopAsync();

        // What a service killed between its commit and its send leaves: the claim, and nothing sent.
        await using (var store = await SqliteProvisioningStore.OpenAsync(DatabasePath))
        {
            Assert.Equal(ClaimOutcome.Claimed, (await store.ClaimAsync(Alice.Jid, LampName, LampKey, DateTimeOffset.UtcNow)).Outcome);
        }

        StartService();

        lamp.WaitFor(m => m.Element(Siot.Ns + "owner") is { } o && (string?)o.Attribute("jid") == Alice.Jid && Siot.From(m, Service), "owner message after the start");
    }

    [Fact]
    public async Task MessageTheServerTookIsMarkedSent()
    {
        StartService();
        await ClaimedLampAsync();

        await WaitUntilAsync(async () => await UnsentAsync() == 0, "the owner message marked sent");
        Assert.Equal(1, await RawSql.CountAsync(RawSql.Sqlite(DatabasePath), "SELECT COUNT(*) FROM outbox WHERE sent_at IS NOT NULL AND kind = 'owner'"));
    }

    [Fact]
    public async Task RepeatedRegistrationSendsTheThingItsOwnerAfterTheResult()
    {
        StartService();
        var (lamp, _) = await ClaimedLampAsync();

        // A thing that lost its registration's result registers again and forgets its owner at the result.
        Assert.Equal("result", Siot.Outcome(await lamp.IqAsync("set", Service, Siot.Register(LampKey, (null, LampName)))));

        var owner = lamp.WaitFor(m => m.Element(Siot.Ns + "owner") is { } o && Siot.From(m, Service), "owner message after the repeat");
        Assert.Equal(Alice.Jid, (string?)owner.Element(Siot.Ns + "owner")!.Attribute("jid"));
    }

    [Fact]
    public async Task PendingNotificationAndFriendshipStatesCarryTheirOutboxIds()
    {
        StartService();
        var (lamp, alice) = await ClaimedLampAsync();

        Assert.Equal("pending", (string?)Siot.Payload(await lamp.IqAsync("get", Service, Siot.IsFriend(Bob.Jid)), Siot.Ns + "is-friend-result").Attribute("friend"));
        var notification = alice.WaitFor(m => m.Element(Siot.Ns + "pending-friend-notification") != null, "pending-friend-notification");
        Assert.Equal("result", Siot.Outcome(await alice.IqAsync("set", Service, Siot.Update(Lamp.Jid, (Bob.Jid, true)))));
        var states = lamp.WaitFor(m => m.Element(Siot.Ns + "friendship-states") != null, "friendship-states");

        // The owner message was 1: ids follow the commit order, the same at every attempt.
        Assert.Equal(("siot-outbox-2", "siot-outbox-3"), ((string?)notification.Attribute("id"), (string?)states.Attribute("id")));
    }

    private Task<long> UnsentAsync() => RawSql.CountAsync(RawSql.Sqlite(DatabasePath), "SELECT COUNT(*) FROM outbox WHERE sent_at IS NULL");

    private static async Task WaitUntilAsync(Func<Task<bool>> condition, string what)
    {
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(30);
        while (!await condition())
        {
            if (DateTime.UtcNow > deadline)
            {
                throw new TimeoutException("waited in vain for " + what);
            }

            await Task.Delay(50);
        }
    }
}
