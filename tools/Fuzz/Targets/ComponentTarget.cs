using System.Text;
using SiotThing.Protocol.Xml;
using SiotThing.Provisioning.Xmpp;

namespace SiotThing.Fuzz.Targets;

/// <summary>
/// The provisioning service's component stream (XEP-0114) fed what the server sends: from the
/// start (input's first byte even) or after a completed handshake (odd); then its timers run.
/// </summary>
public sealed class ComponentTarget : IFuzzTarget
{
    private static readonly byte[] Header = Encoding.UTF8.GetBytes(
        "<?xml version='1.0'?><stream:stream xmlns='jabber:component:accept' xmlns:stream='http://etherx.jabber.org/streams' from='provisioning.example.org' id='s1'>");

    private static readonly byte[] HandshakeAccepted = Encoding.UTF8.GetBytes("<handshake/>");

    /// <inheritdoc />
    public string Name => "component";

    /// <inheritdoc />
    public void Run(byte[] input)
    {
        if (input.Length == 0)
        {
            return;
        }

        var stream = new ComponentStream("provisioning.example.org", "secret", new SilentComponentHandler(), new XmlLimits());
        var now = 1000L;
        stream.Connected(now);
        if (input[0] % 2 == 1)
        {
            stream.Receive(Header, 0, Header.Length, now += 10);
            stream.Receive(HandshakeAccepted, 0, HandshakeAccepted.Length, now += 10);
        }

        stream.Receive(input, 1, input.Length - 1, now += 10);
        stream.Tick(now += 200_000);
        stream.ReadOutput(new byte[65536], 0, 65536);
    }
}
