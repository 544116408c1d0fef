using System.Text;

namespace SiotThing.Benchmarks;

/// <summary>
/// What a server sends a thing once it is online, as UTF-8 bytes: the four stanzas a thing
/// receives most (a chat message, a presence, an IQ result, a roster push) and the stream
/// header they follow. The thing is <c>bulb@example.org/thing</c>, its owner <c>owner@example.org</c>.
/// </summary>
public static class StanzaSamples
{
    /// <summary>The thing's bare JID, the account the scripted logins use.</summary>
    public const string Account = "bulb@example.org";

    /// <summary>The full JID the scripted server binds.</summary>
    public const string BoundJid = "bulb@example.org/thing";

    /// <summary>The server's stream header, as Prosody sends it (with the XML declaration).</summary>
    public static readonly byte[] StreamHeader = Utf8(
        "<?xml version='1.0'?><stream:stream xmlns='jabber:client' xmlns:stream='http://etherx.jabber.org/streams' "
        + "id='7d1e5b4c-2f61-4bd2-a6a0-3c5e0c52b1f1' from='example.org' to='bulb@example.org' version='1.0' xml:lang='en'>");

    /// <summary>A chat message from the owner, with a chat state, as a phone's client sends it.</summary>
    public static readonly byte[] ChatMessage = Utf8(
        "<message from='owner@example.org/phone' to='bulb@example.org/thing' type='chat' id='5b0c7a1e' xml:lang='en'>"
        + "<body>Turn the light on, please</body><active xmlns='http://jabber.org/protocol/chatstates'/>"
        + "<origin-id xmlns='urn:xmpp:sid:0' id='5b0c7a1e'/></message>");

    /// <summary>The owner's presence, with entity capabilities (XEP-0115).</summary>
    public static readonly byte[] Presence = Utf8(
        "<presence from='owner@example.org/phone' to='bulb@example.org/thing' id='a9f2'>"
        + "<show>chat</show><status>At home</status><priority>5</priority>"
        + "<c xmlns='http://jabber.org/protocol/caps' hash='sha-1' node='https://conversations.im' ver='QgayPKawpkPSDYmwT/WM94uAlu0='/>"
        + "</presence>");

    /// <summary>An empty IQ result (the answer to a ping or a set), from the server for the account.</summary>
    public static readonly byte[] IqResult = Utf8(
        "<iq type='result' id='q7Kx-12' from='bulb@example.org' to='bulb@example.org/thing'/>");

    /// <summary>A roster push (RFC 6121 §2.1.6): no <c>from</c>, so it comes from the account itself.</summary>
    public static readonly byte[] RosterPush = Utf8(
        "<iq to='bulb@example.org/thing' type='set' id='push-4f1c'>"
        + "<query xmlns='jabber:iq:roster' ver='ver14'>"
        + "<item jid='owner@example.org' name='Owner' subscription='both'><group>Owners</group></item>"
        + "</query></iq>");

    /// <summary>A stream-management acknowledgement request (XEP-0198).</summary>
    public static readonly byte[] AckRequest = Utf8("<r xmlns='urn:xmpp:sm:3'/>");

    /// <summary>A stream-management acknowledgement of nothing new (<c>h='0'</c>): valid at any time on a stream where the thing sent nothing counted.</summary>
    public static readonly byte[] Ack = Utf8("<a xmlns='urn:xmpp:sm:3' h='0'/>");

    /// <summary>Concatenates <paramref name="stanzas"/> <paramref name="times"/> times, in order: one buffer to feed in a benchmark.</summary>
    /// <param name="times">How many rounds.</param>
    /// <param name="stanzas">The stanzas of one round.</param>
    /// <returns>The bytes.</returns>
    public static byte[] Repeat(int times, params byte[][] stanzas)
    {
        var bytes = new List<byte>();
        for (var round = 0; round < times; round++)
        {
            foreach (var stanza in stanzas)
            {
                bytes.AddRange(stanza);
            }
        }

        return bytes.ToArray();
    }

    /// <summary>UTF-8 without a byte order mark.</summary>
    /// <param name="text">The text.</param>
    /// <returns>Its bytes.</returns>
    public static byte[] Utf8(string text)
    {
        return Encoding.UTF8.GetBytes(text);
    }
}
