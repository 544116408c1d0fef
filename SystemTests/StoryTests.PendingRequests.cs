using SiotThing.TestServers;
using static SiotThing.SystemTests.StoryParts;

namespace SiotThing.SystemTests;

/// <summary>
/// Issue 23, items 2, 3 and 5: the thing's list of pending requests cannot be filled for good,
/// what waits at the server comes back when room frees, and a request the thing cannot keep is
/// answered.
/// </summary>
public abstract partial class StoryTests
{
    /// <summary>Issue 23, item 5: a requestor whose bare JID is longer than the thing keeps (100 bytes) is refused, and the log says so.</summary>
    [Fact]
    public async Task ARequestorJidTooLongToKeepIsRefusedWithTheReasonLogged()
    {
        var key = StartServiceAndThing();
        var longAccount = new XmppAccount(new string('l', 95), Domain, "long-secret");
        await server.RegisterAsync(longAccount);
        await using var owner = Interested(await XmppParty.ConnectAsync(server, ownerAccount));
        await using var longRequestor = Interested(await XmppParty.ConnectAsync(server, longAccount));
        owner.Send($"<iq type='set' to='{Service}' id='claim-1'><claim xmlns='urn:xmpp:siot:1' name='{ThingName}' key='{key}'/></iq>");
        owner.WaitFor("id='claim-1'", "type='result'");

        await Step("a requestor with a 107-byte JID subscribes: refused, with the reason in the log", () =>
        {
            longRequestor.Send($"<presence to='{ThingJid}' type='subscribe'/>");
            longRequestor.WaitFor("type='unsubscribed'", $"from='{ThingJid}'");
            thing!.WaitForLine(Patience, "request refused, its JID is longer than 100 bytes");
            return Task.CompletedTask;
        });

        Assert.DoesNotContain("pending requests full", thing!.Output);
    }
}
