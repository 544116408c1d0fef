using nanoFramework.TestFramework;
using SiotThing.Protocol.Text;
using SiotThing.Protocol.Xml;

namespace SiotThing.Tests.Xml
{
    /// <summary>
    /// Bytes arrive from TCP and TLS in pieces of any size: wherever a piece ends (inside a tag, a
    /// reference, a CDATA marker, a multi-byte character), the parser must see the same stream.
    /// </summary>
    [TestClass]
    public class XmlSplitFeedingTests
    {
        private const string Sample =
            "<?xml version='1.0' encoding='UTF-8'?>\n"
            + "<stream:stream xmlns='jabber:client' xmlns:stream='http://etherx.jabber.org/streams'"
            + " from='example.org' id='c2s-\u00E9t\u00E9' version=\"1.0\" xml:lang='en'>"
            + "<stream:features><mechanisms xmlns='urn:ietf:params:xml:ns:xmpp-sasl'>"
            + "<mechanism>SCRAM-SHA-1</mechanism><mechanism>PLAIN</mechanism></mechanisms></stream:features>"
            + " \r\n "
            + "<message from='owner@example.org/ph\u00F6ne' to='bulb@example.org' type='chat' xml:lang='de'>"
            + "<body>Licht an &amp; aus: 10&#x20AC; &lt;3 \uD83D\uDCA1 Gr\u00FC\u00DFe</body><thread>t&#49;</thread></message>"
            + "\t"
            + "<iq type='set' id='claim-1'><claim xmlns='urn:xmpp:siot:1' key=\"TWNK-KD5Y-MT3T-E1GS-DRDB-KVTW\"/>"
            + "<x:data xmlns:x='jabber:x:data' x:type='submit'><x:field var='n\u00E4me'>"
            + "<x:value><![CDATA[<b>bold</b> ]]]]><![CDATA[>]]></x:value></x:field></x:data></iq>"
            + " "
            + "<presence xml:lang='fr'><status>\u65E5\u672C \uD834\uDD1E\nline\r\nbreak</status><priority>5</priority></presence>"
            + "<presence/>"
            + "</stream:stream>";

        [TestMethod]
        public void TheSampleStreamReadsAsExpected()
        {
            var parser = XmlEventLog.Parser();
            var bytes = Utf8.Encode(Sample);
            var offset = 0;

            offset += parser.Feed(bytes, offset, bytes.Length - offset);
            Assert.AreEqual(
                "opened {http://etherx.jabber.org/streams}stream from=\"example.org\" id=\"c2s-\u00E9t\u00E9\" version=\"1.0\""
                + " xml:lang=\"en\" lang=en text=\"\" () content=jabber:client",
                XmlEventLog.Describe(parser));

            offset += parser.Feed(bytes, offset, bytes.Length - offset);
            var stanza = parser.Stanza;
            Assert.AreEqual(
                "{http://etherx.jabber.org/streams}features lang=en text=\"\" ({urn:ietf:params:xml:ns:xmpp-sasl}mechanisms lang=en text=\"\" "
                + "({urn:ietf:params:xml:ns:xmpp-sasl}mechanism lang=en text=\"SCRAM-SHA-1\" ()"
                + "{urn:ietf:params:xml:ns:xmpp-sasl}mechanism lang=en text=\"PLAIN\" ()))",
                XmlEventLog.Element(stanza, stanza.Root));

            offset += parser.Feed(bytes, offset, bytes.Length - offset);
            Assert.AreEqual(
                "{jabber:client}message from=\"owner@example.org/ph\u00F6ne\" to=\"bulb@example.org\" type=\"chat\" xml:lang=\"de\" lang=de text=\"\" "
                + "({jabber:client}body lang=de text=\"Licht an & aus: 10\u20AC <3 \uD83D\uDCA1 Gr\u00FC\u00DFe\" ()"
                + "{jabber:client}thread lang=de text=\"t1\" ())",
                XmlEventLog.Element(stanza, stanza.Root));

            offset += parser.Feed(bytes, offset, bytes.Length - offset);
            Assert.AreEqual(
                "{jabber:client}iq type=\"set\" id=\"claim-1\" lang=en text=\"\" "
                + "({urn:xmpp:siot:1}claim key=\"TWNK-KD5Y-MT3T-E1GS-DRDB-KVTW\" lang=en text=\"\" ()"
                + "{jabber:x:data}data x:type=\"submit\" lang=en text=\"\" ({jabber:x:data}field var=\"n\u00E4me\" lang=en text=\"\" "
                + "({jabber:x:data}value lang=en text=\"<b>bold</b> ]]>\" ())))",
                XmlEventLog.Element(stanza, stanza.Root));

            offset += parser.Feed(bytes, offset, bytes.Length - offset);
            Assert.AreEqual(
                "{jabber:client}presence xml:lang=\"fr\" lang=fr text=\"\" "
                + "({jabber:client}status lang=fr text=\"\u65E5\u672C \uD834\uDD1E\nline\nbreak\" ()"
                + "{jabber:client}priority lang=fr text=\"5\" ())",
                XmlEventLog.Element(stanza, stanza.Root));

            offset += parser.Feed(bytes, offset, bytes.Length - offset);
            Assert.AreEqual("stanza {jabber:client}presence lang=en text=\"\" () raw=11 <presence/>", XmlEventLog.Describe(parser));

            offset += parser.Feed(bytes, offset, bytes.Length - offset);
            Assert.AreEqual((int)XmlEvent.StreamClosed, (int)parser.Event);
            Assert.AreEqual(bytes.Length, offset);
        }

        [TestMethod]
        public void SplittingTheStreamAnywhereChangesNothing()
        {
            var bytes = Utf8.Encode(Sample);
            var whole = XmlEventLog.Whole(XmlEventLog.Parser(), bytes);
            var parser = XmlEventLog.Parser();

            for (var cut = 0; cut <= bytes.Length; cut++)
            {
                parser.Reset();
                var split = XmlEventLog.Split(parser, bytes, cut);
                if (split != whole)
                {
                    Assert.AreEqual(whole, split, "split before byte " + cut);
                }
            }
        }

        [TestMethod]
        public void FeedingOneByteAtATimeChangesNothing()
        {
            var bytes = Utf8.Encode(Sample);
            var whole = XmlEventLog.Whole(XmlEventLog.Parser(), bytes);

            Assert.AreEqual(whole, XmlEventLog.Bytewise(XmlEventLog.Parser(), bytes));
        }

        [TestMethod]
        [DataRow("<message>&nbsp;</message>")]
        [DataRow("<message><!-- x --></message>")]
        [DataRow("<message>a]]>b</message>")]
        [DataRow("<iq><a></b></iq>")]
        [DataRow("<iq xmlns:p='urn:p'><p:a/></iq><p:b/>")]
        [DataRow("<presence/>text")]
        public void SplittingAnErrorAnywhereChangesNothing(string xml)
        {
            var bytes = Utf8.Encode(XmlEventLog.Header + "<presence/>" + xml);
            var whole = XmlEventLog.Whole(XmlEventLog.Parser(), bytes);
            Assert.EndsWith("\n", whole);
            Assert.Contains("error ", whole);

            var parser = XmlEventLog.Parser();
            for (var cut = 0; cut <= bytes.Length; cut++)
            {
                parser.Reset();
                Assert.AreEqual(whole, XmlEventLog.Split(parser, bytes, cut), "split before byte " + cut);
            }

            Assert.AreEqual(whole, XmlEventLog.Bytewise(XmlEventLog.Parser(), bytes));
        }

        [TestMethod]
        public void SplittingBadUtf8AnywhereChangesNothing()
        {
            var head = Utf8.Encode(XmlEventLog.Header + "<message><body>\u20AC");
            var bad = Hex.Parse("F0 9F 92 3C 2F 62 6F 64 79 3E");
            var bytes = new byte[head.Length + bad.Length];
            System.Array.Copy(head, bytes, head.Length);
            System.Array.Copy(bad, 0, bytes, head.Length, bad.Length);
            var whole = XmlEventLog.Whole(XmlEventLog.Parser(), bytes);
            Assert.EndsWith("error unsupported-encoding\n", whole);

            var parser = XmlEventLog.Parser();
            for (var cut = 0; cut <= bytes.Length; cut++)
            {
                parser.Reset();
                Assert.AreEqual(whole, XmlEventLog.Split(parser, bytes, cut), "split before byte " + cut);
            }
        }
    }
}
