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

    /// <summary>
    /// Issue 23, item 4, on ejabberd, which delivers none of the stranger's withdrawals to the thing:
    /// mod_roster's <c>process_subscription</c> deletes the not yet approved request (roster item
    /// subscription none, ask in), pushes nothing, answers <c>unsubscribed</c> for the thing, and
    /// returns false, so ejabberd_sm does not route the <c>unsubscribe</c>; the next <c>subscribe</c>
    /// is delivered as new. The thing takes a request delivered again as a sign of such a silent
    /// withdrawal and fetches what the server holds, which ends the last request, dead at the server.
    /// </summary>
    [Fact]
    public Task AStrangersSubscribeLoopTellsTheOwnerOnceAndWritesLittle() => OneStrangersSubscribeLoopTellsTheOwnerOnceAndWritesLittle(withdrawalsReachTheThing: false);

    /// <summary>Issue 23, items 2 and 3, on ejabberd (which, too, ends such requests without telling the thing).</summary>
    [Fact]
    public Task DeadRequestsDoNotSilenceANewRequest() => DeadRequestsDoNotSilenceANewOne();
}
