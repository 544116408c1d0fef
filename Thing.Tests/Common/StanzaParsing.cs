using SiotThing.Protocol.Text;
using SiotThing.Protocol.Xml;

namespace SiotThing.Tests.Xmpp
{
    /// <summary>Turns one stanza's XML into an <see cref="XmlStanza"/>, as the client's parser would deliver it.</summary>
    public static class StanzaParsing
    {
        private const string Header = "<stream:stream xmlns='jabber:client' xmlns:stream='http://etherx.jabber.org/streams' version='1.0'>";

        /// <summary>Parses <paramref name="xml"/> inside a client stream.</summary>
        /// <param name="xml">One stanza.</param>
        /// <returns>The stanza view (owned by a parser made for it).</returns>
        public static XmlStanza Parse(string xml)
        {
            var parser = new XmlStreamParser();
            var bytes = Utf8.Encode(Header + xml);
            var offset = 0;
            while (offset < bytes.Length)
            {
                offset += parser.Feed(bytes, offset, bytes.Length - offset);
                if (parser.Event == XmlEvent.Stanza)
                {
                    return parser.Stanza;
                }

                if (parser.Event == XmlEvent.Error)
                {
                    throw new System.ArgumentException(parser.ErrorCondition + ": " + parser.ErrorText);
                }
            }

            throw new System.ArgumentException("no complete stanza in: " + xml);
        }
    }
}
