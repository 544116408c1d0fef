using System.Text;
using System.Text.RegularExpressions;
using SiotThing.Protocol.Xml;
using SiotThing.Protocol.Xmpp;

namespace SiotThing.Benchmarks;

/// <summary>
/// Plays the server through a login, so that the benchmarks measure a client that is online:
/// direct TLS (XEP-0368, so no STARTTLS step), SASL PLAIN, resource binding and, when asked,
/// XEP-0198 stream management with resumption, as Prosody offers it. Every step checks what the
/// client sent, so that a change in the client that breaks the script fails loudly here instead
/// of measuring a client that is not online.
/// </summary>
public static partial class ScriptedLogin
{
    /// <summary>The clock the benchmarks give the client; it never advances, so no timer fires.</summary>
    public const long Now = 1_000_000;

    private const string Features = "<stream:features>{0}</stream:features>";

    /// <summary>Creates a client and brings it online.</summary>
    /// <param name="handler">The client's handler.</param>
    /// <param name="streamManagement">Whether the server offers XEP-0198 (the client then enables it).</param>
    /// <returns>The client, <see cref="XmppClientState.Online"/>, with no output pending.</returns>
    /// <exception cref="InvalidOperationException">The client did not do what the script expects.</exception>
    public static XmppClient Online(IXmppClientHandler handler, bool streamManagement) => Online(handler, streamManagement, expectSilence: true);

    /// <summary>Creates a client and brings it online.</summary>
    /// <param name="handler">The client's handler.</param>
    /// <param name="streamManagement">Whether the server offers XEP-0198 (the client then enables it).</param>
    /// <param name="expectSilence">Whether the handler must send nothing when the session starts (a thing's agent asks for its roster).</param>
    /// <returns>The client, <see cref="XmppClientState.Online"/>.</returns>
    /// <exception cref="InvalidOperationException">The client did not do what the script expects.</exception>
    public static XmppClient Online(IXmppClientHandler handler, bool streamManagement, bool expectSilence)
    {
        var settings = new XmppClientSettings(StanzaSamples.Account, "correct horse battery staple") { Resource = "thing" };
        var client = new XmppClient(settings, handler, new RepeatingEntropy(), new XmlLimits());

        client.Connected(Now, tls: true);
        Expect(client, "<stream:stream");
        Send(client, StanzaSamples.StreamHeader);
        Send(client, string.Format(Features, "<mechanisms xmlns='urn:ietf:params:xml:ns:xmpp-sasl'><mechanism>PLAIN</mechanism></mechanisms>"));
        Expect(client, "mechanism='PLAIN'");

        Send(client, "<success xmlns='urn:ietf:params:xml:ns:xmpp-sasl'/>");
        Expect(client, "<stream:stream");
        Send(client, StanzaSamples.StreamHeader);
        var sm = streamManagement ? "<sm xmlns='urn:xmpp:sm:3'/>" : string.Empty;
        Send(client, string.Format(Features, "<bind xmlns='urn:ietf:params:xml:ns:xmpp-bind'/>" + sm));

        var bind = Expect(client, "urn:ietf:params:xml:ns:xmpp-bind");
        var id = IdAttribute().Match(bind).Groups[1].Value;
        Send(client, $"<iq type='result' id='{id}'><bind xmlns='urn:ietf:params:xml:ns:xmpp-bind'><jid>{StanzaSamples.BoundJid}</jid></bind></iq>");
        if (streamManagement)
        {
            Expect(client, "<enable xmlns='urn:xmpp:sm:3'");
            Send(client, "<enabled xmlns='urn:xmpp:sm:3' id='sm-5e2b' resume='true'/>");
        }

        if (client.State != XmppClientState.Online || (expectSilence && client.OutputLength != 0))
        {
            throw new InvalidOperationException($"the scripted login ended {client.State} with {client.OutputLength} bytes to send: {client.LastError}");
        }

        return client;
    }

    /// <summary>Feeds <paramref name="text"/> to the client as one read.</summary>
    /// <param name="client">The client.</param>
    /// <param name="text">What the server sends.</param>
    public static void Send(XmppClient client, string text)
    {
        Send(client, StanzaSamples.Utf8(text));
    }

    private static void Send(XmppClient client, byte[] bytes)
    {
        client.Receive(bytes, 0, bytes.Length, Now);
    }

    /// <summary>Takes all the client's output and checks that it contains <paramref name="fragment"/>.</summary>
    private static string Expect(XmppClient client, string fragment)
    {
        var buffer = new byte[client.OutputLength];
        var text = Encoding.UTF8.GetString(buffer, 0, client.ReadOutput(buffer, 0, buffer.Length));
        if (!text.Contains(fragment, StringComparison.Ordinal))
        {
            throw new InvalidOperationException($"the script expected \"{fragment}\"; the client ({client.State}, {client.LastError}) sent \"{text}\"");
        }

        return text;
    }

    [GeneratedRegex("id='([^']*)'")]
    private static partial Regex IdAttribute();
}
