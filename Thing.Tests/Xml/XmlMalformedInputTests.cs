using nanoFramework.TestFramework;
using SiotThing.Protocol.Text;
using SiotThing.Protocol.Xml;

namespace SiotThing.Tests.Xml
{
    [TestClass]
    public class XmlMalformedInputTests
    {
        [TestMethod]
        [DataRow("<message><body>hi</message>", "not-well-formed")]
        [DataRow("<message><body>hi</body></messages>", "not-well-formed")]
        [DataRow("<message><body>hi</body></messag>", "not-well-formed")]
        [DataRow("</message>", "not-well-formed")]
        [DataRow("</stream:foo>", "not-well-formed")]
        [DataRow("<message>a < b</message>", "not-well-formed")]
        [DataRow("< message/>", "not-well-formed")]
        [DataRow("<message/ >", "not-well-formed")]
        [DataRow("<message>a & b</message>", "not-well-formed")]
        [DataRow("<message>&amp</message>", "not-well-formed")]
        [DataRow("<message>&#;</message>", "not-well-formed")]
        [DataRow("<message>&#x;</message>", "not-well-formed")]
        [DataRow("<message>&#12a;</message>", "not-well-formed")]
        [DataRow("<message>&#xG;</message>", "not-well-formed")]
        [DataRow("<message>&#X41;</message>", "not-well-formed")]
        [DataRow("<message>&#0;</message>", "not-well-formed")]
        [DataRow("<message>&#x1F;</message>", "not-well-formed")]
        [DataRow("<message>&#xD800;</message>", "not-well-formed")]
        [DataRow("<message>&#xFFFE;</message>", "not-well-formed")]
        [DataRow("<message>&#x110000;</message>", "not-well-formed")]
        [DataRow("<message>&#99999999999999999999;</message>", "not-well-formed")]
        [DataRow("<message>\u0001</message>", "not-well-formed")]
        [DataRow("<message>\uFFFF</message>", "not-well-formed")]
        [DataRow("<message>]]></message>", "not-well-formed")]
        [DataRow("<message a='1' a='2'/>", "not-well-formed")]
        [DataRow("<message xmlns:p='urn:x' xmlns:q='urn:x' p:a='1' q:a='2'/>", "not-well-formed")]
        [DataRow("<message xmlns='urn:a' xmlns='urn:b'/>", "not-well-formed")]
        [DataRow("<message xmlns:p='urn:a' xmlns:p='urn:b'/>", "not-well-formed")]
        [DataRow("<message xmlns:p=''/>", "not-well-formed")]
        [DataRow("<message xmlns:xml='urn:x'/>", "not-well-formed")]
        [DataRow("<message xmlns:x='http://www.w3.org/XML/1998/namespace'/>", "not-well-formed")]
        [DataRow("<message xmlns='http://www.w3.org/2000/xmlns/'/>", "not-well-formed")]
        [DataRow("<message xmlns:xmlns='urn:x'/>", "not-well-formed")]
        [DataRow("<message a=1/>", "not-well-formed")]
        [DataRow("<message a='1'b='2'/>", "not-well-formed")]
        [DataRow("<message a='<'/>", "not-well-formed")]
        [DataRow("<message a/>", "not-well-formed")]
        [DataRow("<message a b='1'/>", "not-well-formed")]
        [DataRow("<message =''/>", "not-well-formed")]
        [DataRow("<a:b:c xmlns:a='urn:a'/>", "not-well-formed")]
        [DataRow("<:a/>", "not-well-formed")]
        [DataRow("<a: xmlns:a='urn:a'/>", "not-well-formed")]
        [DataRow("<a:1 xmlns:a='urn:a'/>", "not-well-formed")]
        [DataRow("<1a/>", "not-well-formed")]
        [DataRow("<message><!x></message>", "not-well-formed")]
        [DataRow("<message><!-x--></message>", "not-well-formed")]
        [DataRow("<message><![CDAT[x]]></message>", "not-well-formed")]
        [DataRow("</stream:stream>x", "not-well-formed")]
        [DataRow("</stream:stream><presence/>", "not-well-formed")]
        [DataRow("<message>&nbsp;</message>", "restricted-xml")]
        [DataRow("<message a='&foo;'/>", "restricted-xml")]
        [DataRow("<message>&ampersand;</message>", "restricted-xml")]
        [DataRow("<message><!-- comment --></message>", "restricted-xml")]
        [DataRow("<!-- keepalive -->", "restricted-xml")]
        [DataRow("<?ping?>", "restricted-xml")]
        [DataRow("<message><?pi data?></message>", "restricted-xml")]
        [DataRow("<?xml version='1.0'?>", "restricted-xml")]
        [DataRow("<!DOCTYPE message>", "restricted-xml")]
        [DataRow("<message><!DOCTYPE x></message>", "restricted-xml")]
        [DataRow("<p:message/>", "bad-namespace-prefix")]
        [DataRow("<message p:a='1'/>", "bad-namespace-prefix")]
        [DataRow("<message><p:body/></message>", "bad-namespace-prefix")]
        [DataRow("hello", "bad-format")]
        [DataRow(" &amp; ", "bad-format")]
        [DataRow("<![CDATA[x]]>", "bad-format")]
        public void MalformedStanzasEndTheStreamWithTheRightCondition(string xml, string condition)
        {
            var parser = XmlEventLog.AfterHeader(new XmlStreamParser(), xml);

            Assert.AreEqual((int)XmlEvent.Error, (int)parser.Event, xml);
            Assert.AreEqual(condition, parser.ErrorCondition, xml);
            Assert.IsNotNull(parser.ErrorText);
            Assert.AreEqual(0, parser.Feed(new byte[] { 0x20 }, 0, 1), xml);
        }

        [TestMethod]
        [DataRow("<?xml version='1.0' encoding='ISO-8859-1'?>", "unsupported-encoding")]
        [DataRow("<?xml version='1.0' encoding='UTF-16'?>", "unsupported-encoding")]
        [DataRow("<?xml version='1.0' encoding='utf8'?>", "unsupported-encoding")]
        [DataRow("<?xml version='2.0'?>", "not-well-formed")]
        [DataRow("<?xml version='1.'?>", "not-well-formed")]
        [DataRow("<?xml encoding='UTF-8'?>", "not-well-formed")]
        [DataRow("<?xml encoding='UTF-8' version='1.0'?>", "not-well-formed")]
        [DataRow("<?xml version='1.0' standalone='yes' encoding='UTF-8'?>", "not-well-formed")]
        [DataRow("<?xml version='1.0' standalone='maybe'?>", "not-well-formed")]
        [DataRow("<?xml version='1.0' foo='bar'?>", "not-well-formed")]
        [DataRow("<?xml version='1.0'>", "not-well-formed")]
        [DataRow("<?xml version='1.0'? >", "not-well-formed")]
        [DataRow("<?xml version='1&#46;0'?>", "not-well-formed")]
        [DataRow("<?xml?>", "not-well-formed")]
        [DataRow("<?xml ?>", "not-well-formed")]
        [DataRow(" <?xml version='1.0'?>", "restricted-xml")]
        [DataRow("<?xml-stylesheet href='a'?>", "restricted-xml")]
        [DataRow("<?xml version='1.0'?><?xml version='1.0'?>", "restricted-xml")]
        [DataRow("<?php ?>", "restricted-xml")]
        [DataRow("<!DOCTYPE stream>", "restricted-xml")]
        [DataRow("<!-- hello -->", "restricted-xml")]
        [DataRow("<stream xmlns='jabber:client'>", "invalid-namespace")]
        [DataRow("<foo:stream xmlns:foo='urn:wrong'>", "invalid-namespace")]
        [DataRow("<stream:features xmlns:stream='http://etherx.jabber.org/streams'>", "invalid-namespace")]
        [DataRow("<stream:stream xmlns='jabber:client'>", "bad-namespace-prefix")]
        [DataRow("<stream:stream xmlns:stream='http://etherx.jabber.org/streams'/>", "bad-format")]
        [DataRow("hello<stream:stream xmlns:stream='http://etherx.jabber.org/streams'>", "not-well-formed")]
        [DataRow("\uFEFF<stream:stream xmlns:stream='http://etherx.jabber.org/streams'>", "not-well-formed")]
        [DataRow("</stream:stream>", "not-well-formed")]
        [DataRow("<![CDATA[x]]>", "not-well-formed")]
        public void MalformedStreamStartsEndTheStreamWithTheRightCondition(string xml, string condition)
        {
            var parser = new XmlStreamParser();
            var log = XmlEventLog.Whole(parser, Utf8.Encode(xml));

            Assert.AreEqual("error " + condition + "\n", log, xml);
        }

        [TestMethod]
        [DataRow("80")]
        [DataRow("C0 AF")]
        [DataRow("C1 BF")]
        [DataRow("E0 80 AF")]
        [DataRow("ED A0 80")]
        [DataRow("F0 80 80 AF")]
        [DataRow("F4 90 80 80")]
        [DataRow("F5 80 80 80")]
        [DataRow("FF")]
        [DataRow("E2 28 AC")]
        [DataRow("E2 82 3C")]
        [DataRow("F0 9D 84")]
        public void BytesThatAreNotUtf8AreAnUnsupportedEncoding(string hex)
        {
            // RFC 6120 section 4.9.3.22: "improperly encoded the stream (e.g., by violating the rules of UTF-8)".
            var parser = XmlEventLog.AfterHeader(new XmlStreamParser(), "<message><body>ok");
            var bad = Hex.Parse(hex + " 3C 2F 62 6F 64 79 3E");

            parser.Feed(bad, 0, bad.Length);

            Assert.AreEqual((int)XmlEvent.Error, (int)parser.Event);
            Assert.AreEqual(XmlErrorCondition.UnsupportedEncoding, parser.ErrorCondition);
        }

        [TestMethod]
        [DataRow("FE FF 00 3C")]
        [DataRow("FF FE 3C 00")]
        [DataRow("00 3C 00 3F")]
        [DataRow("00 00 00 3C")]
        public void OtherEncodingsAtTheStartAreUnsupported(string hex)
        {
            var parser = new XmlStreamParser();
            var bytes = Hex.Parse(hex);

            Assert.AreEqual("error unsupported-encoding\n", XmlEventLog.Whole(parser, bytes));
        }
    }
}
