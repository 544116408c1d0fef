using SiotThing.Protocol.Text;
using SiotThing.Protocol.Xml;

namespace SiotThing.Tests.Xml
{
    /// <summary>
    /// Feeds a stream to a parser in pieces and writes down every event, with everything the
    /// stanza view shows, one line per event: two ways of feeding the same bytes must give the
    /// same log.
    /// </summary>
    public static class XmlEventLog
    {
        /// <summary>The standard stream header of the tests, with the content namespace jabber:client.</summary>
        public const string Header =
            "<stream:stream xmlns='jabber:client' xmlns:stream='http://etherx.jabber.org/streams'"
            + " from='example.org' id='s1' version='1.0' xml:lang='en'>";

        /// <summary>A parser with the default limits that also keeps raw stanzas, as the log shows them.</summary>
        /// <returns>The parser.</returns>
        public static XmlStreamParser Parser()
        {
            var limits = new XmlLimits();
            limits.KeepRawStanza = true;
            return new XmlStreamParser(limits);
        }

        /// <summary>
        /// Feeds <see cref="Header"/> and then <paramref name="xml"/> to <paramref name="parser"/>,
        /// as a reader loop would, and leaves it at the first stanza, skipped stanza or error (or at the end).
        /// </summary>
        /// <param name="parser">A new parser.</param>
        /// <param name="xml">What follows the header.</param>
        /// <returns>The parser.</returns>
        public static XmlStreamParser AfterHeader(XmlStreamParser parser, string xml)
        {
            var bytes = Utf8.Encode(Header + xml);
            var offset = 0;
            while (offset < bytes.Length)
            {
                offset += parser.Feed(bytes, offset, bytes.Length - offset);
                if (parser.Event == XmlEvent.Stanza || parser.Event == XmlEvent.Skipped || parser.Event == XmlEvent.Error)
                {
                    break;
                }
            }

            return parser;
        }

        /// <summary>Feeds all of <paramref name="data"/> in one piece.</summary>
        /// <param name="parser">The parser.</param>
        /// <param name="data">The stream bytes.</param>
        /// <returns>The log.</returns>
        public static string Whole(XmlStreamParser parser, byte[] data)
        {
            return Piece(parser, data, 0, data.Length);
        }

        /// <summary>Feeds <paramref name="data"/> in two pieces, cut before index <paramref name="cut"/>.</summary>
        /// <param name="parser">The parser.</param>
        /// <param name="data">The stream bytes.</param>
        /// <param name="cut">Where the second piece begins.</param>
        /// <returns>The log.</returns>
        public static string Split(XmlStreamParser parser, byte[] data, int cut)
        {
            // Copies, so that the parser cannot read past the end of a piece without it showing.
            var first = new byte[cut];
            var second = new byte[data.Length - cut];
            System.Array.Copy(data, 0, first, 0, cut);
            System.Array.Copy(data, cut, second, 0, second.Length);
            return Piece(parser, first, 0, first.Length) + Piece(parser, second, 0, second.Length);
        }

        /// <summary>Feeds <paramref name="data"/> one byte at a time.</summary>
        /// <param name="parser">The parser.</param>
        /// <param name="data">The stream bytes.</param>
        /// <returns>The log.</returns>
        public static string Bytewise(XmlStreamParser parser, byte[] data)
        {
            var log = string.Empty;
            var one = new byte[1];
            for (var i = 0; i < data.Length; i++)
            {
                one[0] = data[i];
                log += Piece(parser, one, 0, 1);
            }

            return log;
        }

        /// <summary>Feeds one piece, as a reader loop would, and logs the events it completes.</summary>
        /// <param name="parser">The parser.</param>
        /// <param name="data">The buffer.</param>
        /// <param name="offset">Where the piece begins.</param>
        /// <param name="count">Its length.</param>
        /// <returns>The log of this piece.</returns>
        public static string Piece(XmlStreamParser parser, byte[] data, int offset, int count)
        {
            // A reader stops at the first error, which then stays.
            var log = string.Empty;
            if (parser.Event == XmlEvent.Error)
            {
                return log;
            }

            var end = offset + count;
            while (offset < end)
            {
                var consumed = parser.Feed(data, offset, end - offset);
                offset += consumed;
                if (parser.Event != XmlEvent.None)
                {
                    log += Describe(parser) + "\n";
                }

                if (parser.Event == XmlEvent.Error)
                {
                    break;
                }
            }

            return log;
        }

        /// <summary>The current event with what it carries.</summary>
        /// <param name="parser">The parser.</param>
        /// <returns>One line.</returns>
        public static string Describe(XmlStreamParser parser)
        {
            var stanza = parser.Stanza;
            switch (parser.Event)
            {
                case XmlEvent.StreamOpened:
                    return "opened " + Element(stanza, stanza.Stream) + " content=" + stanza.ContentNamespace();
                case XmlEvent.Stanza:
                    return "stanza " + Element(stanza, stanza.Root) + " raw=" + stanza.RawLength + Raw(stanza);
                case XmlEvent.Skipped:
                    return "skipped " + (stanza.Root < 0 ? "(unknown)" : Element(stanza, stanza.Root)) + " raw=" + stanza.RawLength + ": " + parser.SkipReason;
                case XmlEvent.StreamClosed:
                    return "closed";
                case XmlEvent.Error:
                    return "error " + parser.ErrorCondition;
                default:
                    return "none";
            }
        }

        /// <summary>Renders an element and everything below it, as the view shows them.</summary>
        /// <param name="stanza">The view.</param>
        /// <param name="element">The element.</param>
        /// <returns>The rendering.</returns>
        public static string Element(XmlStanza stanza, int element)
        {
            var text = "{" + stanza.Namespace(element) + "}" + stanza.Name(element);
            for (var a = 0; a < stanza.AttributeCount(element); a++)
            {
                text += " " + stanza.AttributeName(element, a) + "=\"" + stanza.AttributeValue(element, a) + "\"";
            }

            text += " lang=" + stanza.Language(element) + " text=\"" + stanza.Text(element) + "\" (";
            for (var child = stanza.FirstChild(element); child >= 0; child = stanza.NextSibling(child))
            {
                text += Element(stanza, child);
            }

            return text + ")";
        }

        private static string Raw(XmlStanza stanza)
        {
            var bytes = new byte[stanza.RawLength];
            stanza.CopyRaw(bytes, 0);
            return " " + Utf8.Decode(bytes, 0, bytes.Length);
        }
    }
}
