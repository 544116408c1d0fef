using SiotThing.Protocol.Xml;
using SiotThing.Protocol.Xmpp;
using SiotThing.Fuzz.Ports;

namespace SiotThing.Fuzz.Targets;

/// <summary>
/// The XMPP client fed what a server sends, at the negotiation step the input's first byte
/// chooses (<see cref="ScriptedServer"/>), then its timers run; it must never throw.
/// </summary>
public sealed class ClientTarget : IFuzzTarget
{
    /// <inheritdoc />
    public string Name => "client";

    /// <inheritdoc />
    public void Run(byte[] input)
    {
        if (input.Length == 0)
        {
            return;
        }

        var settings = new XmppClientSettings("thing@example.org", "pencil") { Resource = "fuzz" };
        var client = new XmppClient(settings, new RecordingHandler(), new FixedEntropy(), new XmlLimits());
        var server = new ScriptedServer(client);
        server.Reach(input[0] % ScriptedServer.Steps);
        server.Deliver(input[1..]);
        server.TakeOutput();
        server.Advance(200_000);
        server.TakeOutput();
    }
}
