using SiotThing.Provisioning.Storage;

namespace SiotThing.Provisioning.Tests;

/// <summary>Claiming: how name and key match, the single not-found answer, conflicts, the rate limit.</summary>
public abstract partial class ProvisioningStoreTests
{
    public static TheoryData<string, string> TypedNamesAndKeys => new()
    {
        { "Futuretec Light Bulb 10X", LampKey },
        { "  futuretec light bulb 10x\t", "twnk kd5y mt3t e1gs drdb kvtw" },
        { "FUTURETEC GLÜHBIRNE 10X", "TWNKKD5YMT3TE1GSDRDBKVTW" },
        { "Futuretec Glühbirne 10X", " TWNK-KD5Y MT3T\tE1GS-DRDB-KVTW " },
    };

    public static TheoryData<string, string> WrongNamesOrKeys => new()
    {
        { "wrong key", LampNames[0].Name + "|" + SpareKey },
        { "unknown name", "Futuretec Toaster|" + LampKey },
        { "name of one thing, key of another", LampNames[0].Name + "|" + SensorKey },
        { "key with 0 for O", LampNames[0].Name + "|TWNK-KD5Y-MT3T-E1GS-DRDB-KVT0" },
        { "key too short", LampNames[0].Name + "|TWNK-KD5Y-MT3T" },
    };

    [Theory]
    [MemberData(nameof(TypedNamesAndKeys))]
    public async Task ClaimMatchesAnyNameTrimmedIgnoringCaseAndTheKeyAsTyped(string name, string key)
    {
        await RegisterLampAsync();

        var result = await Store.ClaimAsync("Alice@Example.com", name, key, T0.AddMinutes(5));

        Assert.Equal(new ClaimResult(ClaimOutcome.Claimed, Lamp), result);
        var lamp = await LampAsync();
        Assert.Equal((Alice, T0.AddMinutes(5)), (lamp.Owner, lamp.ClaimedAt));
    }

    [Theory]
    [MemberData(nameof(WrongNamesOrKeys))]
    public async Task EveryWrongClaimIsTheSameNotFoundAndCountsAsAFailure(string @case, string nameAndKey)
    {
        await RegisterLampAsync();
        await RegisterSensorAsync();
        var (name, key) = (nameAndKey.Split('|')[0], nameAndKey.Split('|')[1]);

        var result = await Store.ClaimAsync(Alice, name, key, T0);

        Assert.True(new ClaimResult(ClaimOutcome.NotFound) == result, @case);
        Assert.Equal(1, await CountAsync("SELECT COUNT(*) FROM claim_failures"));
        Assert.Null((await LampAsync()).Owner);
    }

    [Fact]
    public async Task ClaimOfAnOwnedThingIsAConflictEvenForItsOwner()
    {
        await ClaimedLampAsync(Alice);

        Assert.Equal(new ClaimResult(ClaimOutcome.AlreadyClaimed), await Store.ClaimAsync(Bob, LampNames[1].Name, LampKey, T0.AddMinutes(2)));
        Assert.Equal(new ClaimResult(ClaimOutcome.AlreadyClaimed), await Store.ClaimAsync(Alice, LampNames[0].Name, LampKey, T0.AddMinutes(2)));

        var lamp = await LampAsync();
        Assert.Equal((Alice, T0.AddMinutes(1)), (lamp.Owner, lamp.ClaimedAt));
        Assert.Equal(0, await CountAsync("SELECT COUNT(*) FROM claim_failures"));
    }

    [Fact]
    public async Task MoreThanFiveFailuresMakeTheClaimantWaitUntilTheOldestIsFifteenMinutesOld()
    {
        await RegisterLampAsync();
        for (var minute = 0; minute < 6; minute++)
        {
            Assert.Equal(ClaimOutcome.NotFound, (await Store.ClaimAsync(Alice, "wrong", LampKey, T0.AddMinutes(minute))).Outcome);
        }

        // The right name and key are not even looked at while the claimant waits.
        Assert.Equal(new ClaimResult(ClaimOutcome.RateLimited, RetryAfter: TimeSpan.FromMinutes(9)), await Store.ClaimAsync(Alice, LampNames[0].Name, LampKey, T0.AddMinutes(6)));
        Assert.Equal(new ClaimResult(ClaimOutcome.RateLimited, RetryAfter: TimeSpan.FromSeconds(1)), await Store.ClaimAsync(Alice, LampNames[0].Name, LampKey, T0.AddMinutes(15).AddSeconds(-1)));
        Assert.Null((await LampAsync()).Owner);

        Assert.Equal(new ClaimResult(ClaimOutcome.Claimed, Lamp), await Store.ClaimAsync(Alice, LampNames[0].Name, LampKey, T0.AddMinutes(15)));
    }

    [Fact]
    public async Task RefusedClaimsAreNotCountedAndTheWindowSlides()
    {
        await RegisterLampAsync();
        for (var minute = 0; minute < 6; minute++)
        {
            await Store.ClaimAsync(Alice, "wrong", LampKey, T0.AddMinutes(minute));
        }

        for (var minute = 6; minute < 15; minute++)
        {
            Assert.Equal(ClaimOutcome.RateLimited, (await Store.ClaimAsync(Alice, "wrong", LampKey, T0.AddMinutes(minute))).Outcome);
        }

        // At 15 minutes the first failure expires: five are left, so one more try is looked at, fails, and makes six again.
        Assert.Equal(ClaimOutcome.NotFound, (await Store.ClaimAsync(Alice, "wrong", LampKey, T0.AddMinutes(15))).Outcome);
        Assert.Equal(new ClaimResult(ClaimOutcome.RateLimited, RetryAfter: TimeSpan.FromMinutes(1)), await Store.ClaimAsync(Alice, "wrong", LampKey, T0.AddMinutes(15)));
    }

    [Fact]
    public async Task SuccessDoesNotResetTheCount()
    {
        await RegisterLampAsync();
        await RegisterSensorAsync();
        for (var second = 0; second < 5; second++)
        {
            await Store.ClaimAsync(Alice, "wrong", LampKey, T0.AddSeconds(second));
        }

        Assert.Equal(ClaimOutcome.Claimed, (await Store.ClaimAsync(Alice, LampNames[0].Name, LampKey, T0.AddSeconds(5))).Outcome);
        Assert.Equal(ClaimOutcome.NotFound, (await Store.ClaimAsync(Alice, "wrong", SensorKey, T0.AddSeconds(6))).Outcome);

        Assert.Equal(ClaimOutcome.RateLimited, (await Store.ClaimAsync(Alice, SensorNames[0].Name, SensorKey, T0.AddSeconds(7))).Outcome);
    }

    [Fact]
    public async Task RateLimitIsPerClaimant()
    {
        await RegisterLampAsync();
        for (var i = 0; i < 6; i++)
        {
            await Store.ClaimAsync(Alice, "wrong", LampKey, T0);
        }

        Assert.Equal(ClaimOutcome.RateLimited, (await Store.ClaimAsync(Alice, "wrong", LampKey, T0)).Outcome);
        Assert.Equal(ClaimOutcome.Claimed, (await Store.ClaimAsync(Bob, LampNames[0].Name, LampKey, T0)).Outcome);
    }

    [Fact]
    public async Task ExpiredFailuresOfEveryClaimantArePruned()
    {
        await RegisterLampAsync();
        await Store.ClaimAsync(Alice, "wrong", LampKey, T0);
        await Store.ClaimAsync(Carol, "wrong", LampKey, T0.AddMinutes(1));
        Assert.Equal(2, await CountAsync("SELECT COUNT(*) FROM claim_failures"));

        await Store.ClaimAsync(Bob, LampNames[0].Name, LampKey, T0.AddMinutes(15));

        Assert.Equal(1, await CountAsync("SELECT COUNT(*) FROM claim_failures"));
    }

    [Theory]
    [InlineData("full JID")]
    [InlineData("blank name")]
    [InlineData("name too long")]
    [InlineData("key too long")]
    public async Task MalformedClaimIsRefusedAndNotCounted(string @case)
    {
        await RegisterLampAsync();
        var (claimant, name, key) = @case switch
        {
            "full JID" => (Alice + "/phone", LampNames[0].Name, LampKey),
            "blank name" => (Alice, " ", LampKey),
            "name too long" => (Alice, new string('n', 101), LampKey),
            _ => (Alice, LampNames[0].Name, new string('-', 101)),
        };

        await Assert.ThrowsAnyAsync<ArgumentException>(() => Store.ClaimAsync(claimant, name, key, T0));
        Assert.Equal(0, await CountAsync("SELECT COUNT(*) FROM claim_failures"));
    }

    [Fact]
    public async Task ConcurrentClaimsHaveExactlyOneWinner()
    {
        await RegisterLampAsync();
        var claimants = Enumerable.Range(0, 8).Select(i => $"claimant{i}@example.com").ToList();

        var results = await Task.WhenAll(claimants.Select(c => Task.Run(() => Store.ClaimAsync(c, LampNames[0].Name, LampKey, T0))));

        var winner = Assert.Single(results, r => r.Outcome == ClaimOutcome.Claimed);
        Assert.All(results.Where(r => r != winner), r => Assert.Equal(ClaimOutcome.AlreadyClaimed, r.Outcome));
        Assert.Contains((await LampAsync()).Owner, claimants);
    }
}
