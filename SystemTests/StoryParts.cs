using SiotThing.TestServers;

namespace SiotThing.SystemTests;

/// <summary>
/// What the stories share: the names of the thing and the service, the owner's and the
/// requestors' stanzas, and the provisioning service as a process. Used by the .NET thing's
/// story (<see cref="StoryTests"/>) and the emulated ESP32's (<see cref="EmulatedThingStoryTests"/>).
/// </summary>
internal static class StoryParts
{
    /// <summary>The XMPP domain of every account.</summary>
    public const string Domain = "example.org";

    /// <summary>The provisioning service's component.</summary>
    public const string Service = "provisioning.example.org";

    /// <summary>The thing's bare JID.</summary>
    public const string ThingJid = "thing@example.org";

    /// <summary>The thing's full JID (its resource is the default, "thing").</summary>
    public const string ThingFullJid = "thing@example.org/thing";

    /// <summary>The name the owner claims the thing by.</summary>
    public const string ThingName = "Futuretec Light Bulb 10X";

    /// <summary>How long a step waits for what it expects.</summary>
    public static readonly TimeSpan Patience = TimeSpan.FromSeconds(30);

    /// <summary>The owner's decision on requestors, as the provisioning service takes it.</summary>
    public static string FriendStateUpdate(string id, string? friend = null, string? nonFriend = null) =>
        $"<iq type='set' to='{Service}' id='{id}'><friend-state-update xmlns='urn:xmpp:siot:1' thing='{ThingJid}'>"
        + (nonFriend == null ? string.Empty : $"<non-friend jid='{nonFriend}'/>")
        + (friend == null ? string.Empty : $"<friend jid='{friend}'/>")
        + "</friend-state-update></iq>";

    /// <summary>
    /// An ordinary client, online as people are: roster fetched and presence sent, so that it gets
    /// subscription answers (RFC 6121 §3.1) and messages to its bare JID (§8.5.2).
    /// </summary>
    public static XmppParty Interested(XmppParty party)
    {
        party.Send("<iq type='get' id='roster-0'><query xmlns='jabber:iq:roster'/></iq><presence/>");
        party.WaitFor("id='roster-0'");
        return party;
    }

    /// <summary>Asks the thing <paramref name="command"/> until it answers <paramref name="expected"/> (it reconnects with backoff).</summary>
    public static async Task WaitUntilAnswered(XmppParty party, string command, string expected, TimeSpan? patience = null)
    {
        var deadline = DateTime.UtcNow + (patience ?? Patience);
        while (true)
        {
            party.Forget();
            party.Send($"<message to='{ThingFullJid}' type='chat'><body>{command}</body></message>");
            if (party.Receives(TimeSpan.FromSeconds(2), $"from='{ThingFullJid}'", $"<body>{expected}</body>"))
            {
                return;
            }

            if (DateTime.UtcNow > deadline)
            {
                throw new TimeoutException($"the thing did not answer '{command}' with '{expected}'");
            }

            await Task.Delay(200);
        }
    }

    /// <summary>Starts the provisioning service (SQLite in <paramref name="folder"/>) on <paramref name="server"/>'s component port.</summary>
    public static DotnetProgram StartService(IXmppTestServer server, string folder) => DotnetProgram.Start(
        "Provisioning.Service",
        "Provisioning.Service",
        "serve", "--server", "127.0.0.1", "--port", server.ComponentPort.ToString(), "--domain", Service,
        "--secret", server.ComponentSecret, "--database", Path.Combine(folder, "provisioning.db"));
}
