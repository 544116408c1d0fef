using SiotThing.TestServers;
using Xunit.Abstractions;

namespace SiotThing.SystemTests;

/// <summary>The story on Prosody 0.12.</summary>
public sealed class ProsodyStoryTests(ITestOutputHelper output) : StoryTests(output)
{
    /// <inheritdoc />
    protected override async Task<IXmppTestServer> StartServerAsync(XmppAccount[] accounts) => await ProsodyServer.StartAsync(accounts);

    /// <summary>Issue 13, W2, on Prosody (the server the issue measured it on).</summary>
    [Fact]
    public Task AFloodOfSubscriptionsAndWithdrawalsCostsNoReconnect() => FloodOfSubscriptionsAndWithdrawalsCostsNoReconnect();

    /// <summary>Issue 23, item 4, on Prosody (the server the issue measured it on).</summary>
    [Fact]
    public Task AStrangersSubscribeLoopTellsTheOwnerOnceAndWritesLittle() => OneStrangersSubscribeLoopTellsTheOwnerOnceAndWritesLittle();

    /// <summary>Issue 23, item 6, on Prosody: 600 stanzas, above its smacks_max_queue_size (500).</summary>
    [Fact]
    public Task AFriendsRequestsInAFloodedGapAreAnsweredOrRefused() => FriendsRequestsInAFloodedGapAreAnsweredOrRefused(100);

    /// <summary>Issue 23, items 2 and 3, on Prosody (which cancels a request after a probe without telling the thing).</summary>
    [Fact]
    public Task DeadRequestsDoNotSilenceANewRequest() => DeadRequestsDoNotSilenceANewOne();
}
