using System.Text.RegularExpressions;
using SiotThing.Protocol.Agent;
using SiotThing.Protocol.Devices;
using SiotThing.Protocol.Storage;
using SiotThing.Protocol.Text;
using SiotThing.Protocol.Xmpp;

namespace SiotThing.Benchmarks;

/// <summary>
/// The heap a thing holds in steady state (<c>--footprint</c>): a thing's agent and client,
/// online, registered, owned, with a roster and pending requests, measured as the managed memory
/// still reachable after a full collection. On .NET, not the device: object headers and string
/// sizes differ on nanoFramework, so read it as the order of magnitude and as the list of the
/// big buffers, which are the same.
/// </summary>
public static partial class Footprint
{
    /// <summary>Measures and prints.</summary>
    public static void Run()
    {
        var before = Settle();
        var ports = new QuietPorts();
        var agent = new ThingAgent(
            new ThingConfiguration("provisioning.example.org", [string.Empty, "de"], ["Futuretec Light Bulb 10X", "Futuretec Glühbirne 10X"]),
            new ThingStateStore(new MemoryStateStore()),
            ports,
            new LightBulb(ports),
            new RepeatingEntropy(),
            ports);
        var created = Settle();
        var client = ScriptedLogin.Online(agent, streamManagement: false, expectSilence: false);
        var roster = TakeOutput(client);
        var rosterItems = "<item jid='provisioning.example.org' subscription='both'/>";
        for (var i = 0; i < 10; i++)
        {
            rosterItems += $"<item jid='friend{i}@example.net' subscription='from'/>";
        }

        ScriptedLogin.Send(client, $"<iq type='result' id='{Id(roster)}'><query xmlns='jabber:iq:roster' ver='v1'>{rosterItems}</query></iq>");
        var register = TakeOutput(client);
        var registerIq = register[register.LastIndexOf("<iq ", register.IndexOf("<register", StringComparison.Ordinal), StringComparison.Ordinal)..];
        ScriptedLogin.Send(client, $"<iq type='result' from='provisioning.example.org' id='{Id(registerIq)}'/>");
        ScriptedLogin.Send(client, "<message from='provisioning.example.org'><owner xmlns='urn:xmpp:siot:1' jid='owner@example.com'/></message>");
        for (var i = 0; i < 16; i++)
        {
            ScriptedLogin.Send(client, $"<presence from='requestor{i}@example.net/x' type='subscribe'/>");
        }

        TakeOutput(client);
        var online = Settle();
        GC.KeepAlive(agent);
        GC.KeepAlive(client);
        Console.WriteLine("Heap held by a thing (agent + client), .NET 10, after a full collection:");
        Console.WriteLine($"  agent created, offline:                   {created - before,8:N0} bytes");
        Console.WriteLine($"  online, registered, owned, 11 roster items, 16 pending requests: {online - before,8:N0} bytes");
        Console.WriteLine($"  agent registered: {agent.Registered}, owner: {agent.Owner}, pending: {agent.PendingRequests}");
    }

    private static long Settle()
    {
        GC.Collect();
        GC.WaitForPendingFinalizers();
        GC.Collect();
        return GC.GetTotalMemory(forceFullCollection: true);
    }

    private static string TakeOutput(XmppClient client)
    {
        var bytes = new byte[client.OutputLength];
        var count = client.ReadOutput(bytes, 0, bytes.Length);
        return Utf8.Decode(bytes, 0, count);
    }

    private static string Id(string xml) => IdAttribute().Match(xml).Groups[1].Value;

    [GeneratedRegex("id='([^']+)'")]
    private static partial Regex IdAttribute();
}
