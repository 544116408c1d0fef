using SiotThing.TestServers;
using static SiotThing.SystemTests.StoryParts;

namespace SiotThing.SystemTests;

/// <summary>
/// Issue 23, item 7: what an owner's client shows and submits is what it seems. The pending form
/// decides only requests it offered, and a thing cannot register a name with characters that make
/// it show as another.
/// </summary>
public abstract partial class StoryTests
{
    [Fact]
    public async Task TheOwnersFormsTakeOnlyWhatTheyOfferedAndNamesShowAsTheyAre()
    {
        var key = StartServiceAndThing();
        await using var owner = Interested(await XmppParty.ConnectAsync(server, ownerAccount));
        await using var romeo = Interested(await XmppParty.ConnectAsync(server, requestorAccounts[0]));
        await using var mallory = Interested(await XmppParty.ConnectAsync(server, requestorAccounts[1]));
        await using var stranger = Interested(await XmppParty.ConnectAsync(server, strangerAccount));
        owner.Send($"<iq type='set' to='{Service}' id='claim-1'><claim xmlns='urn:xmpp:siot:1' name='{ThingName}' key='{key}'/></iq>");
        owner.WaitFor("id='claim-1'", "type='result'");
        romeo.Send($"<presence to='{ThingJid}' type='subscribe'/>");
        owner.WaitFor("<pending-friend-notification", "jid='romeo@example.org'");

        await Step("the pending form: a value naming someone who never asked is left alone", () =>
        {
            owner.Send($"<iq type='set' to='{Service}' id='pending-1'><command xmlns='http://jabber.org/protocol/commands' node='pending' action='execute'/></iq>");
            var form = owner.WaitFor("id='pending-1'");
            var session = SessionId().Match(form).Groups["id"].Value;
            Assert.Contains($"{ThingJid} romeo@example.org", form);
            owner.Send($"<iq type='set' to='{Service}' id='pending-2'><command xmlns='http://jabber.org/protocol/commands' node='pending' sessionid='{session}'>"
                + "<x xmlns='jabber:x:data' type='submit'><field var='approve'>"
                + $"<value>{ThingJid} romeo@example.org</value><value>{ThingJid} mallory@example.org</value>"
                + "</field></x></command></iq>");
            Assert.Contains("left alone: mallory@example.org", owner.WaitFor("id='pending-2'", "status='completed'"));
            romeo.WaitFor("type='subscribed'", $"from='{ThingJid}'");

            // Mallory asks now: her request waits for the owner, as every stranger's does.
            mallory.Send($"<presence to='{ThingJid}' type='subscribe'/>");
            owner.WaitFor("<pending-friend-notification", "jid='mallory@example.org'");
            Assert.False(mallory.Receives(Quiet, "type='subscribed'", $"from='{ThingJid}'"), "the form made a friend of someone who never asked");
            return Task.CompletedTask;
        });

        await Step("a name with a right-to-left override is refused, with the character named", () =>
        {
            stranger.Send($"<iq type='set' to='{Service}' id='register-1'><register xmlns='urn:xmpp:siot:1' key='TWNK-KD5Y-MT3T-E1GS-DRDB-KVTW'>"
                + "<name>Bulb \u202Etnuoc</name></register></iq>");
            Assert.Contains("U+202E", stranger.WaitFor("id='register-1'", "type='error'", "<bad-request"));
            return Task.CompletedTask;
        });
    }
}
