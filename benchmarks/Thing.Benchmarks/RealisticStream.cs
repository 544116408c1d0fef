using System.Text;

namespace SiotThing.Benchmarks;

/// <summary>
/// The stanzas of a made-up but realistic stream from server to thing, about 128 KiB of them:
/// mostly small presences, chat messages and IQ results, now and then a roster push, a sensor
/// reading, a service discovery result, a whole roster and a long message; names and texts in
/// several scripts (two-, three- and four-byte UTF-8), the five predefined entities and character
/// references, and whitespace keepalives between stanzas. Built the same on every run.
/// </summary>
public static class RealisticStream
{
    /// <summary>About how many bytes the stanzas take; the stream ends with the cycle that passes it.</summary>
    public const int TargetBytes = 128 * 1024;

    private static readonly string[] People =
    {
        "owner", "zoe", "lukasz", "yamada", "ana", "joerg", "eleni", "ivan", "fatima", "kim",
        "olga", "pierre", "sven", "mei", "raj", "tomas", "aino", "chidi", "noor", "lars",
    };

    private static readonly string[] Names =
    {
        "Owner", "Zoë Ødegård", "Łukasz Wróbel", "山田太郎", "Ana Núñez", "Jörg Müller", "Ελένη Παππά", "Иван Петров",
        "فاطمة", "김민준", "Olga Šťastná", "Pierre & Marie", "Sven \"the bulb\" Berg", "美玲 🌸", "Raj <admin>",
        "Tomáš Dvořák", "Aino Mäkelä", "Chidi O'Neil", "Noor ✨", "Lars Ærø",
    };

    static RealisticStream()
    {
        var text = new StringBuilder();
        var stanzas = 0;
        for (var cycle = 0; Encoding.UTF8.GetByteCount(text.ToString()) < TargetBytes; cycle++)
        {
            stanzas += AppendCycle(text, cycle);
        }

        Stanzas = Encoding.UTF8.GetBytes(text.ToString());
        StanzaCount = stanzas;
        NonAsciiBytes = Stanzas.Count(b => b >= 0x80);
        References = Count(text.ToString(), '&');
    }

    /// <summary>The stanzas, as UTF-8, to feed after <see cref="StanzaSamples.StreamHeader"/>.</summary>
    public static byte[] Stanzas { get; }

    /// <summary>How many stanzas there are.</summary>
    public static int StanzaCount { get; }

    /// <summary>How many bytes belong to multi-byte UTF-8 sequences.</summary>
    public static int NonAsciiBytes { get; }

    /// <summary>How many entity and character references there are.</summary>
    public static int References { get; }

    /// <summary>One line about the stream, for the benchmark log and docs/performance.md.</summary>
    public static string Description =>
        $"{Stanzas.Length} bytes, {StanzaCount} stanzas (mean {Stanzas.Length / StanzaCount} bytes), "
        + $"{100.0 * NonAsciiBytes / Stanzas.Length:F1} % of bytes in multi-byte UTF-8, {References} references";

    private static int AppendCycle(StringBuilder text, int cycle)
    {
        var stanzas = 0;
        for (var step = 0; step < 16; step++)
        {
            var n = (cycle * 16) + step;
            var who = People[n % People.Length];
            var from = $"{who}@example.org/{(n % 3 == 0 ? "phone" : "laptop")}";
            switch (step)
            {
                case 0:
                case 2:
                case 6:
                case 11:
                    text.Append($"<presence from='{from}' to='bulb@example.org/thing' id='p{n}'><show>{(n % 2 == 0 ? "chat" : "away")}</show>")
                        .Append($"<status>{Escape(Names[n % Names.Length])} is around</status><priority>{n % 10}</priority>")
                        .Append("<c xmlns='http://jabber.org/protocol/caps' hash='sha-1' node='https://conversations.im' ver='QgayPKawpkPSDYmwT/WM94uAlu0='/></presence>");
                    break;
                case 1:
                case 8:
                    text.Append($"<message from='{from}' to='bulb@example.org/thing' type='chat' id='m{n}'>")
                        .Append($"<body>light {(n % 2 == 0 ? "on" : "off")}</body><active xmlns='http://jabber.org/protocol/chatstates'/></message>");
                    break;
                case 3:
                case 9:
                    text.Append($"<iq type='result' id='Zx9a-{n}' from='example.org' to='bulb@example.org/thing'/>");
                    break;
                case 4:
                case 12:
                    text.Append($"<message from='{from}' to='bulb@example.org/thing' type='chat' id='m{n}' xml:lang='de'>")
                        .Append("<body>Bitte auf 50 % dimmen &amp; um 22:00 ausschalten — merci ! Température 21,5 °C, 温度 &lt;ok&gt; &#x1F4A1; 🌡 &#233;t&#xE9;</body>")
                        .Append("<markable xmlns='urn:xmpp:chat-markers:0'/><origin-id xmlns='urn:xmpp:sid:0' id='")
                        .Append($"c0ffee{n:x4}'/></message>");
                    break;
                case 5:
                    text.Append($"<iq to='bulb@example.org/thing' type='set' id='push{n}'><query xmlns='jabber:iq:roster' ver='ver{n}'>")
                        .Append($"<item jid='{who}@example.org' name='{Escape(Names[n % Names.Length])}' subscription='both'><group>Friends</group></item></query></iq>");
                    break;
                case 7:
                    text.Append($"<message from='provisioning.example.org' to='bulb@example.org/thing' id='s{n}'>")
                        .Append("<friend xmlns='urn:xmpp:siot:1' jid='").Append(who).Append("@example.org' state='approved'/>")
                        .Append("<readings xmlns='urn:xmpp:siot:1' timestamp='2026-01-15T08:30:00Z'>");
                    for (var r = 0; r < 6; r++)
                    {
                        text.Append($"<value name='sensor{r}' unit='°C' value='{20 + r}.{n % 10}' status='ok'/>");
                    }

                    text.Append("</readings></message>");
                    break;
                case 10:
                    text.Append($"<iq type='result' id='disco{n}' from='example.org' to='bulb@example.org/thing'>")
                        .Append("<query xmlns='http://jabber.org/protocol/disco#info'><identity category='server' type='im' name='Prosody'/>");
                    foreach (var feature in new[]
                    {
                        "urn:xmpp:ping", "urn:xmpp:sm:3", "urn:xmpp:carbons:2", "urn:xmpp:mam:2", "urn:xmpp:blocking",
                        "jabber:iq:roster", "jabber:iq:version", "jabber:iq:last", "jabber:iq:private", "jabber:iq:register",
                        "vcard-temp", "urn:xmpp:time", "urn:xmpp:extdisco:2", "msgoffline", "http://jabber.org/protocol/commands",
                        "http://jabber.org/protocol/disco#info", "http://jabber.org/protocol/disco#items", "urn:xmpp:http:upload:0",
                    })
                    {
                        text.Append($"<feature var='{feature}'/>");
                    }

                    text.Append("</query></iq>");
                    break;
                case 13:
                    text.Append($"<iq type='result' id='roster{n}' to='bulb@example.org/thing'><query xmlns='jabber:iq:roster' ver='ver{n}'>");
                    for (var i = 0; i < People.Length; i++)
                    {
                        text.Append($"<item jid='{People[i]}@example.org' name='{Escape(Names[i])}' subscription='{(i % 4 == 0 ? "from" : "both")}'>")
                            .Append(i % 3 == 0 ? "<group>Family</group>" : "<group>Friends</group>").Append("</item>");
                    }

                    text.Append("</query></iq>");
                    break;
                case 14:
                    text.Append($"<message from='{from}' to='bulb@example.org/thing' type='chat' id='m{n}'><body>");
                    for (var i = 0; i < 8; i++)
                    {
                        text.Append("Could you leave the porch light on until I'm back? It's dark &amp; the path is \"slippery\". ")
                            .Append("Merci, à tout à l'heure — ありがとう! ");
                    }

                    text.Append("</body><thread>porch-light</thread></message>");
                    break;
                default:
                    // A whitespace keepalive, and the newline some servers put between stanzas.
                    text.Append(" \n");
                    stanzas--;
                    break;
            }

            stanzas++;
        }

        return stanzas;
    }

    private static string Escape(string value)
    {
        return value.Replace("&", "&amp;").Replace("<", "&lt;").Replace(">", "&gt;").Replace("'", "&apos;").Replace("\"", "&quot;");
    }

    private static int Count(string text, char c)
    {
        var count = 0;
        foreach (var x in text)
        {
            if (x == c)
            {
                count++;
            }
        }

        return count;
    }
}
