using SiotThing.Protocol.Xml;

namespace SiotThing.Fuzz.Targets;

/// <summary>
/// The XML stream parser, fed the input in pieces whose sizes come from its first byte (so that
/// afl also explores where a read boundary falls), and every stanza read through the stanza view.
/// </summary>
public sealed class XmlParserTarget : IFuzzTarget
{
    /// <inheritdoc />
    public string Name => "xml";

    /// <inheritdoc />
    public void Run(byte[] input)
    {
        if (input.Length == 0)
        {
            return;
        }

        var parser = new XmlStreamParser(new XmlLimits());
        var piece = 1 + (input[0] % 64);
        for (var at = 1; at < input.Length;)
        {
            var count = Math.Min(piece, input.Length - at);
            var consumed = parser.Feed(input, at, count);
            if (parser.Event == XmlEvent.Error)
            {
                return;
            }

            if (consumed == 0)
            {
                // It would spin for ever on the same bytes: a finding, not an input to skip.
                throw new InvalidOperationException("Feed consumed nothing without an error");
            }

            if (parser.Event == XmlEvent.Stanza)
            {
                Walk(parser.Stanza, parser.Stanza.Root);
            }

            at += consumed;
        }
    }

    private static void Walk(XmlStanza stanza, int element)
    {
        for (var child = stanza.FirstChild(element); child >= 0; child = stanza.NextSibling(child))
        {
            stanza.Text(child);
            Walk(stanza, child);
        }
    }
}
