using System;
using nanoFramework.TestFramework;
using SiotThing.Protocol.Text;
using SiotThing.Protocol.Xml;

namespace SiotThing.Tests.Xml
{
    [TestClass]
    public class XmlStreamParserTests
    {
        private const string Declaration = "<?xml version='1.0' encoding='UTF-8'?>";

        [TestMethod]
        public void StreamHeaderOpensTheStreamAndShowsItsAttributes()
        {
            var parser = new XmlStreamParser();
            var bytes = Utf8.Encode(Declaration + "\n" + XmlEventLog.Header);

            var consumed = parser.Feed(bytes, 0, bytes.Length);

            Assert.AreEqual(bytes.Length, consumed);
            Assert.AreEqual((int)XmlEvent.StreamOpened, (int)parser.Event);
            var stanza = parser.Stanza;
            Assert.AreEqual(0, stanza.Stream);
            Assert.AreEqual(-1, stanza.Root);
            Assert.IsTrue(stanza.Is(stanza.Stream, "stream", "http://etherx.jabber.org/streams"));
            Assert.AreEqual("example.org", stanza.Attribute(stanza.Stream, "from"));
            Assert.AreEqual("s1", stanza.Attribute(stanza.Stream, "id"));
            Assert.IsTrue(stanza.AttributeEquals(stanza.Stream, "version", "1.0"));
            Assert.IsNull(stanza.Attribute(stanza.Stream, "to"));
            Assert.AreEqual("en", stanza.Language(stanza.Stream));
            Assert.AreEqual("jabber:client", stanza.ContentNamespace());
            Assert.IsTrue(stanza.ContentNamespaceEquals("jabber:client"));
            Assert.IsFalse(stanza.ContentNamespaceEquals("jabber:server"));

            // Namespace declarations are not attributes.
            Assert.AreEqual(4, stanza.AttributeCount(stanza.Stream));
        }

        [TestMethod]
        public void DoubleQuotedDeclarationAndNoDeclarationAreBothAccepted()
        {
            var withDouble = new XmlStreamParser();
            var bytes = Utf8.Encode("<?xml version=\"1.0\" encoding=\"utf-8\" standalone='yes' ?>" + XmlEventLog.Header);
            withDouble.Feed(bytes, 0, bytes.Length);
            Assert.AreEqual((int)XmlEvent.StreamOpened, (int)withDouble.Event);

            var without = new XmlStreamParser();
            bytes = Utf8.Encode("  " + XmlEventLog.Header);
            without.Feed(bytes, 0, bytes.Length);
            Assert.AreEqual((int)XmlEvent.StreamOpened, (int)without.Event);
        }

        [TestMethod]
        public void StreamWithoutContentNamespaceHasAnEmptyOne()
        {
            var parser = new XmlStreamParser();
            var bytes = Utf8.Encode("<s:stream xmlns:s='http://etherx.jabber.org/streams'>");

            parser.Feed(bytes, 0, bytes.Length);

            Assert.AreEqual((int)XmlEvent.StreamOpened, (int)parser.Event);
            Assert.AreEqual(string.Empty, parser.Stanza.ContentNamespace());
            Assert.IsNull(parser.Stanza.Language(0));
        }

        [TestMethod]
        public void FeedStopsRightAfterTheByteThatCompletesAnEvent()
        {
            var parser = new XmlStreamParser();
            var stanza = "<presence/>";
            var bytes = Utf8.Encode(XmlEventLog.Header + stanza + " <iq type='get' id='1'/></stream:stream>");

            var first = parser.Feed(bytes, 0, bytes.Length);
            Assert.AreEqual(XmlEventLog.Header.Length, first);
            Assert.AreEqual((int)XmlEvent.StreamOpened, (int)parser.Event);

            var second = parser.Feed(bytes, first, bytes.Length - first);
            Assert.AreEqual(stanza.Length, second);
            Assert.AreEqual((int)XmlEvent.Stanza, (int)parser.Event);
            Assert.IsTrue(parser.Stanza.Is(parser.Stanza.Root, "presence", "jabber:client"));
            Assert.AreEqual(stanza.Length, parser.Stanza.RawLength);

            var offset = first + second;
            offset += parser.Feed(bytes, offset, bytes.Length - offset);
            Assert.AreEqual((int)XmlEvent.Stanza, (int)parser.Event);
            Assert.IsTrue(parser.Stanza.AttributeEquals(parser.Stanza.Root, "type", "get"));

            offset += parser.Feed(bytes, offset, bytes.Length - offset);
            Assert.AreEqual((int)XmlEvent.StreamClosed, (int)parser.Event);
            Assert.AreEqual(bytes.Length, offset);
        }

        [TestMethod]
        public void WhitespaceKeepalivesRaiseNoEventButCountAsTraffic()
        {
            var parser = new XmlStreamParser();
            var header = Utf8.Encode(XmlEventLog.Header);
            parser.Feed(header, 0, header.Length);
            var before = parser.BytesReceived;
            var keepalive = Utf8.Encode(" \r\n\t ");

            var consumed = parser.Feed(keepalive, 0, keepalive.Length);

            Assert.AreEqual(keepalive.Length, consumed);
            Assert.AreEqual((int)XmlEvent.None, (int)parser.Event);
            Assert.AreEqual(before + keepalive.Length, parser.BytesReceived);
            Assert.AreEqual((long)header.Length, before);
        }

        [TestMethod]
        public void TheStanzaIsForgottenOnTheNextFeed()
        {
            var parser = new XmlStreamParser();
            var bytes = Utf8.Encode(XmlEventLog.Header + "<presence/> ");
            var offset = parser.Feed(bytes, 0, bytes.Length);
            offset += parser.Feed(bytes, offset, bytes.Length - offset);
            Assert.AreEqual(1, parser.Stanza.Root);

            parser.Feed(bytes, offset, bytes.Length - offset);

            Assert.AreEqual(-1, parser.Stanza.Root);
            Assert.AreEqual(0, parser.Stanza.RawLength);
            Assert.AreEqual(0, parser.Stanza.Stream);
            Assert.ThrowsException(typeof(ArgumentOutOfRangeException), () => parser.Stanza.Name(1));
        }

        [TestMethod]
        public void AfterTheStreamClosesOnlyWhitespaceMayFollow()
        {
            var parser = new XmlStreamParser();
            var log = XmlEventLog.Whole(parser, Utf8.Encode(XmlEventLog.Header + "</stream:stream>\n <"));

            Assert.AreEqual(
                "opened {http://etherx.jabber.org/streams}stream from=\"example.org\" id=\"s1\" version=\"1.0\" xml:lang=\"en\" lang=en text=\"\" () content=jabber:client\n"
                + "closed\nerror not-well-formed\n",
                log);
        }

        [TestMethod]
        public void AnErrorStaysUntilReset()
        {
            var parser = new XmlStreamParser();
            var bad = Utf8.Encode(XmlEventLog.Header + "<message><!-- no --></message>");

            var offset = parser.Feed(bad, 0, bad.Length);
            offset += parser.Feed(bad, offset, bad.Length - offset);

            Assert.AreEqual((int)XmlEvent.Error, (int)parser.Event);
            Assert.AreEqual(XmlErrorCondition.RestrictedXml, parser.ErrorCondition);
            Assert.AreEqual("a comment", parser.ErrorText);
            Assert.IsTrue(offset < bad.Length);
            Assert.AreEqual(0, parser.Feed(bad, offset, bad.Length - offset));
            Assert.AreEqual((int)XmlEvent.Error, (int)parser.Event);
            Assert.AreEqual(XmlErrorCondition.RestrictedXml, parser.ErrorCondition);

            parser.Reset();
            Assert.AreEqual((int)XmlEvent.None, (int)parser.Event);
            Assert.IsNull(parser.ErrorCondition);
            Assert.IsNull(parser.ErrorText);
            var good = Utf8.Encode(XmlEventLog.Header);
            Assert.AreEqual(good.Length, parser.Feed(good, 0, good.Length));
            Assert.AreEqual((int)XmlEvent.StreamOpened, (int)parser.Event);
        }

        [TestMethod]
        public void ResetStartsANewStreamWithItsOwnDeclarationAndHeader()
        {
            // As after STARTTLS or SASL success: the same connection, a new stream.
            var parser = new XmlStreamParser();
            var first = Utf8.Encode(Declaration + XmlEventLog.Header + "<success xmlns='urn:ietf:params:xml:ns:xmpp-sasl'/>");
            var offset = parser.Feed(first, 0, first.Length);
            offset += parser.Feed(first, offset, first.Length - offset);
            Assert.AreEqual((int)XmlEvent.Stanza, (int)parser.Event);
            Assert.IsTrue(parser.Stanza.Is(parser.Stanza.Root, "success", "urn:ietf:params:xml:ns:xmpp-sasl"));

            var received = parser.BytesReceived;
            parser.Reset();
            Assert.AreEqual(-1, parser.Stanza.Stream);
            Assert.AreEqual(received, parser.BytesReceived);
            var second = Utf8.Encode(Declaration + "<stream:stream xmlns='jabber:client' xmlns:stream='http://etherx.jabber.org/streams' id='s2' xml:lang='de'>");
            parser.Feed(second, 0, second.Length);

            Assert.AreEqual((int)XmlEvent.StreamOpened, (int)parser.Event);
            Assert.AreEqual("s2", parser.Stanza.Attribute(0, "id"));
            Assert.IsFalse(parser.Stanza.HasAttribute(0, "from"));
            Assert.AreEqual("de", parser.Stanza.Language(0));
        }

        [TestMethod]
        public void AStanzaMayArriveInManyPieces()
        {
            var parser = new XmlStreamParser();
            var header = Utf8.Encode(XmlEventLog.Header);
            parser.Feed(header, 0, header.Length);
            var bytes = Utf8.Encode("<message to='a@b'><body>hello</body></message>");

            for (var i = 0; i < bytes.Length - 1; i += 5)
            {
                var count = bytes.Length - 1 - i < 5 ? bytes.Length - 1 - i : 5;
                Assert.AreEqual(count, parser.Feed(bytes, i, count));
                Assert.AreEqual((int)XmlEvent.None, (int)parser.Event);
            }

            Assert.AreEqual(1, parser.Feed(bytes, bytes.Length - 1, 1));
            Assert.AreEqual((int)XmlEvent.Stanza, (int)parser.Event);
            Assert.IsTrue(parser.Stanza.TextEquals(parser.Stanza.Child(parser.Stanza.Root, "body", "jabber:client"), "hello"));
        }

        [TestMethod]
        public void StreamNamespaceChildrenAreStanzasToo()
        {
            var parser = new XmlStreamParser();
            var bytes = Utf8.Encode(XmlEventLog.Header
                + "<stream:features><starttls xmlns='urn:ietf:params:xml:ns:xmpp-tls'><required/></starttls></stream:features>");
            var offset = parser.Feed(bytes, 0, bytes.Length);

            parser.Feed(bytes, offset, bytes.Length - offset);

            var stanza = parser.Stanza;
            Assert.IsTrue(stanza.Is(stanza.Root, "features", "http://etherx.jabber.org/streams"));
            var starttls = stanza.Child(stanza.Root, "starttls", "urn:ietf:params:xml:ns:xmpp-tls");
            Assert.AreEqual(2, starttls);
            Assert.IsTrue(stanza.Is(stanza.FirstChild(starttls), "required", "urn:ietf:params:xml:ns:xmpp-tls"));
        }

        [TestMethod]
        public void FeedChecksItsArguments()
        {
            var parser = new XmlStreamParser();

            Assert.ThrowsException(typeof(ArgumentNullException), () => parser.Feed(null, 0, 0));
            Assert.ThrowsException(typeof(ArgumentOutOfRangeException), () => parser.Feed(new byte[4], 2, 3));
            Assert.ThrowsException(typeof(ArgumentOutOfRangeException), () => parser.Feed(new byte[4], -1, 1));
            Assert.AreEqual(0, parser.Feed(new byte[4], 4, 0));
            Assert.AreEqual((int)XmlEvent.None, (int)parser.Event);
        }
    }
}
