using SiotThing.Fuzz.Ports;
using SiotThing.Protocol.Agent;
using SiotThing.Protocol.Devices;
using SiotThing.Protocol.Storage;
using SiotThing.Protocol.Xml;
using SiotThing.Protocol.Xmpp;

namespace SiotThing.Fuzz.Targets;

/// <summary>
/// The thing's behaviour online, fed stanzas as the server routes them: from the provisioning
/// service (owner, friendship states, is-friend results), from friends and from strangers,
/// spoofed or not; then its timers run. It must never throw.
/// </summary>
public sealed class AgentTarget : IFuzzTarget
{
    /// <inheritdoc />
    public string Name => "agent";

    /// <inheritdoc />
    public void Run(byte[] input)
    {
        var agent = new ThingAgent(
            new ThingConfiguration("provisioning.example.org", [string.Empty], ["Fuzz bulb"]),
            new ThingStateStore(new MemoryStateStore()),
            new SilentDisplay(),
            new LightBulb(new SilentPin()),
            new FixedEntropy(),
            new SilentLog());
        var settings = new XmppClientSettings("thing@example.org", "pencil") { Resource = "fuzz" };
        var client = new XmppClient(settings, agent, new FixedEntropy(), new XmlLimits());
        var server = new ScriptedServer(client);
        server.Reach(ScriptedServer.Steps - 1);
        server.Deliver(input);
        agent.Tick(client, server.Now);
        server.TakeOutput();
        server.Advance(200_000);
        agent.Tick(client, server.Now);
        server.TakeOutput();
    }
}
