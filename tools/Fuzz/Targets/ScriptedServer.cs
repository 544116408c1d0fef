using System.Text;
using SiotThing.Protocol.Xmpp;

namespace SiotThing.Fuzz.Targets;

/// <summary>
/// Plays an XMPP server to a client up to a chosen step of the negotiation (direct TLS, PLAIN,
/// bind), so that a fuzz input can arrive at that step: 0 before the server's header, 1 after the
/// features (as the SASL result), 2 after SASL success (as the restarted stream), 3 after the bind
/// features (as the bind result), 4 online.
/// </summary>
public sealed class ScriptedServer(XmppClient client)
{
    /// <summary>The number of steps <see cref="Reach"/> knows.</summary>
    public const int Steps = 5;

    private const string Header = "<?xml version='1.0'?><stream:stream xmlns='jabber:client' xmlns:stream='http://etherx.jabber.org/streams' from='example.org' id='s1' version='1.0' xml:lang='en'>";

    /// <summary>The client's clock.</summary>
    public long Now { get; private set; } = 1000;

    /// <summary>Connects the client and answers it up to <paramref name="step"/>.</summary>
    public void Reach(int step)
    {
        client.Connected(Now, tls: true);
        var script = new[]
        {
            Header + "<stream:features><mechanisms xmlns='urn:ietf:params:xml:ns:xmpp-sasl'><mechanism>PLAIN</mechanism></mechanisms></stream:features>",
            "<success xmlns='urn:ietf:params:xml:ns:xmpp-sasl'/>",
            Header + "<stream:features><bind xmlns='urn:ietf:params:xml:ns:xmpp-bind'/><sm xmlns='urn:xmpp:sm:3'/></stream:features>",
            null,
        };
        for (var i = 0; i < step && i < script.Length; i++)
        {
            var output = TakeOutput();
            Deliver(script[i] ?? "<iq type='result' id='" + IdOf(output) + "'><bind xmlns='urn:ietf:params:xml:ns:xmpp-bind'><jid>thing@example.org/fuzz</jid></bind></iq>");
        }

        TakeOutput();
    }

    /// <summary>Delivers bytes from the server.</summary>
    public void Deliver(byte[] bytes)
    {
        Now += 10;
        client.Receive(bytes, 0, bytes.Length, Now);
    }

    /// <summary>Lets time pass, so that the client's timers fire.</summary>
    public void Advance(long milliseconds)
    {
        Now += milliseconds;
        client.Tick(Now);
    }

    /// <summary>What the client wrote since the last call, as text.</summary>
    public string TakeOutput()
    {
        var bytes = new byte[Math.Max(1, client.OutputLength)];
        var count = client.ReadOutput(bytes, 0, bytes.Length);
        return Encoding.UTF8.GetString(bytes, 0, count);
    }

    private void Deliver(string xml) => Deliver(Encoding.UTF8.GetBytes(xml));

    private static string IdOf(string output)
    {
        var at = output.IndexOf("id='", StringComparison.Ordinal) + 4;
        return at < 4 ? string.Empty : output[at..output.IndexOf('\'', at)];
    }
}
