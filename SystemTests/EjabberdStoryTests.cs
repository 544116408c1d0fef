using SiotThing.TestServers;
using Xunit.Abstractions;

namespace SiotThing.SystemTests;

/// <summary>The story on ejabberd 23.01.</summary>
public sealed class EjabberdStoryTests(ITestOutputHelper output) : StoryTests(output)
{
    /// <inheritdoc />
    protected override async Task<IXmppTestServer> StartServerAsync(XmppAccount[] accounts) => await EjabberdServer.StartAsync(accounts);

    /// <summary>Issue 23, item 6, on ejabberd: 5,100 stanzas, above mod_stream_mgmt's max_ack_queue (5000).</summary>
    [Fact]
    public Task AFriendsRequestsInAFloodedGapAreAnsweredOrRefused() => FriendsRequestsInAFloodedGapAreAnsweredOrRefused(850);

    /// <summary>Issue 23, items 2 and 3, on ejabberd (which, too, ends such requests without telling the thing).</summary>
    [Fact]
    public Task DeadRequestsDoNotSilenceANewRequest() => DeadRequestsDoNotSilenceANewOne();
}
