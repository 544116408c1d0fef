using SiotThing.Provisioning.Storage;

namespace SiotThing.Provisioning.Tests;

/// <summary>Registration: new, repeated, reset, key conflict, and what is refused.</summary>
public abstract partial class ProvisioningStoreTests
{
    public static TheoryData<string> MalformedRegistrations => new(MalformedRegistration.Keys);

    private static readonly Dictionary<string, (string Thing, string Key, ThingName[] Names)> MalformedRegistration = new()
    {
        ["full JID"] = (Lamp + "/res", LampKey, LampNames),
        ["not a JID"] = ("@example.org", LampKey, LampNames),
        ["JID too long"] = (new string('a', 3000) + "@" + new string('b', 72), LampKey, LampNames),
        ["key too short"] = (Lamp, "TWNK-KD5Y-MT3T-E1GS-DRDB", LampNames),
        ["key with O"] = (Lamp, "TWNK-KD5Y-MT3T-E1GS-DRDB-KVTO", LampNames),
        ["key too long to read"] = (Lamp, LampKey + new string(' ', 100), LampNames),
        ["no name"] = (Lamp, LampKey, []),
        ["11 names"] = (Lamp, LampKey, Enumerable.Range(0, 11).Select(i => new ThingName("l" + i, "name")).ToArray()),
        ["name of 101 characters"] = (Lamp, LampKey, [new("", new string('n', 101))]),
        ["blank name"] = (Lamp, LampKey, [new("", "  ")]),
        ["two names in one language"] = (Lamp, LampKey, [new("de", "Glühbirne"), new("DE", "Lampe")]),
        ["language too long"] = (Lamp, LampKey, [new(new string('x', 36), "Lamp")]),
        ["name with a right-to-left override"] = (Lamp, LampKey, [new("", "Bulb \u202Etnuoc")]),
        ["name with a direction isolate"] = (Lamp, LampKey, [new("de", "Lampe \u2067x")]),
        ["name with a line break"] = (Lamp, LampKey, [new("", "Lamp\nOwner: you")]),
    };

    [Fact]
    public async Task NewThingIsRegisteredWithItsNamesAndTime()
    {
        var result = await Store.RegisterAsync(Lamp, LampKey, LampNames, T0);

        Assert.Equal(new RegistrationResult(RegistrationOutcome.Registered), result);
        var lamp = await LampAsync();
        Assert.Equal(LampNames, lamp.Names);
        Assert.Equal((null, T0, null, 0, 0, 0), (lamp.Owner, lamp.RegisteredAt, lamp.ClaimedAt, lamp.Friends, lamp.NonFriends, lamp.Pending));
    }

    [Fact]
    public async Task SameKeyAgainIsARepeatThatOnlyUpdatesTheNames()
    {
        await ClaimedLampAsync();
        await Store.UpdateFriendsAsync(Alice, Lamp, [new(Bob, true)], T0);
        ThingName[] renamed = [new("", "Lamp"), new("fr", "Ampoule")];

        var result = await Store.RegisterAsync(Lamp, LampKey, renamed, T0.AddHours(1));

        Assert.Equal(new RegistrationResult(RegistrationOutcome.Repeated), result);
        var lamp = await LampAsync();
        Assert.Equal(renamed, lamp.Names);
        Assert.Equal((Alice, T0, 1), (lamp.Owner, lamp.RegisteredAt, lamp.Friends));
    }

    [Fact]
    public async Task KeyTypedAnotherWayIsTheSameKey()
    {
        await Store.RegisterAsync(Lamp, "twnk kd5y mt3t e1gs drdb kvtw", LampNames, T0);

        Assert.Equal(RegistrationOutcome.Repeated, (await Store.RegisterAsync(Lamp, LampKey, LampNames, T0)).Outcome);
    }

    [Fact]
    public async Task NewKeyIsAResetThatDropsOwnerFriendsAndPendingRequests()
    {
        await ClaimedLampAsync();
        await Store.UpdateFriendsAsync(Alice, Lamp, [new(Bob, true), new(Carol, false)], T0);
        await Store.IsFriendAsync(Lamp, "dave@example.net", T0);

        var result = await Store.RegisterAsync(Lamp, SpareKey, LampNames, T0.AddDays(1));

        Assert.Equal(new RegistrationResult(RegistrationOutcome.Reset, Alice), result);
        var lamp = await LampAsync();
        Assert.Equal((null, T0.AddDays(1), null, 0, 0, 0), (lamp.Owner, lamp.RegisteredAt, lamp.ClaimedAt, lamp.Friends, lamp.NonFriends, lamp.Pending));
        Assert.Equal(new FriendshipResult(FriendshipAnswer.Pending, true, null), await Store.IsFriendAsync(Lamp, Bob, T0.AddDays(1)));
        // The old key is gone, the new one claims.
        Assert.Equal(ClaimOutcome.NotFound, (await Store.ClaimAsync(Carol, LampNames[0].Name, LampKey, T0.AddDays(1))).Outcome);
        Assert.Equal(new ClaimResult(ClaimOutcome.Claimed, Lamp), await Store.ClaimAsync(Carol, LampNames[0].Name, SpareKey, T0.AddDays(1)));
    }

    [Fact]
    public async Task ResetOfAnUnclaimedThingHasNoOwnerToTell()
    {
        await RegisterLampAsync();

        Assert.Equal(new RegistrationResult(RegistrationOutcome.Reset), await Store.RegisterAsync(Lamp, SpareKey, LampNames, T0));
    }

    [Fact]
    public async Task KeyOfAnotherThingIsAConflictThatChangesNothing()
    {
        await RegisterLampAsync();
        await RegisterSensorAsync();

        Assert.Equal(new RegistrationResult(RegistrationOutcome.KeyConflict), await Store.RegisterAsync(Sensor, LampKey, [new("", "Taken")], T0.AddHours(1)));
        Assert.Equal(new RegistrationResult(RegistrationOutcome.KeyConflict), await Store.RegisterAsync("other@example.org", LampKey, SensorNames, T0));

        Assert.Equal(SensorNames, (await Store.GetThingAsync(Sensor))!.Names);
        Assert.Equal(RegistrationOutcome.Repeated, (await Store.RegisterAsync(Sensor, SensorKey, SensorNames, T0)).Outcome);
        Assert.Null(await Store.GetThingAsync("other@example.org"));
    }

    [Fact]
    public async Task JidsAreKeptLowerCased()
    {
        await Store.RegisterAsync("Lamp@Example.ORG", LampKey, LampNames, T0);

        Assert.Equal(Lamp, Assert.Single(await Store.ListThingsAsync()).Jid);
        Assert.Equal(new FriendshipResult(FriendshipAnswer.Pending, true, null), await Store.IsFriendAsync("LAMP@example.org", "Bob@Example.NET", T0));
    }

    [Theory]
    [MemberData(nameof(MalformedRegistrations))]
    public async Task MalformedRegistrationIsRefused(string @case)
    {
        var (thing, key, names) = MalformedRegistration[@case];

        await Assert.ThrowsAnyAsync<ArgumentException>(() => Store.RegisterAsync(thing, key, names, T0));
        Assert.Empty(await Store.ListThingsAsync());
    }

    [Fact]
    public async Task ANameThatWouldShowAsAnotherIsRefusedWithTheCharacterNamed()
    {
        var refused = await Assert.ThrowsAsync<InvalidInputException>(() => Store.RegisterAsync(Lamp, LampKey, [new("", "Bulb \u202Etnuoc")], T0));

        Assert.Equal("a name may not hold control or text-direction characters (U+202E at 6)", InvalidInputException.TextFor(refused));
    }

    [Fact]
    public async Task KeyIsStoredAsAHashAndNeverShown()
    {
        await ClaimedLampAsync();

        Assert.Equal(1, await CountAsync("SELECT COUNT(*) FROM things WHERE key_hash <> 'TWNK-KD5Y-MT3T-E1GS-DRDB-KVTW' AND length(key_hash) = 64"));
        var shown = string.Join("\n", (await Store.ListThingsAsync()).Select(t => t.ToString()))
            + await Store.GetThingAsync(Lamp) + string.Join("\n", await Store.ListOwnersAsync());
        Assert.DoesNotContain("TWNK", shown, StringComparison.OrdinalIgnoreCase);
    }
}
