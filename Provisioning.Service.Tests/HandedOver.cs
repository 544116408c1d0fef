using SiotThing.Provisioning.Storage;

namespace SiotThing.Provisioning.Tests;

/// <summary>What a store handed over to its sender (<see cref="IProvisioningStore.TakeNewlyOwed"/>), as the tests look at it.</summary>
internal static class HandedOver
{
    /// <summary>Takes what <paramref name="store"/> handed over since the last take, and returns the newest id of it (0 for none).</summary>
    public static long Newest(IProvisioningStore store)
    {
        var owed = new List<NewlyOwed>();
        Assert.True(store.TakeNewlyOwed(owed));
        return owed.Count == 0 ? 0 : owed[^1].Message.Id;
    }
}
