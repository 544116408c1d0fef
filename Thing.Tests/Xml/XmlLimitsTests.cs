using System;
using nanoFramework.TestFramework;
using SiotThing.Protocol.Text;
using SiotThing.Protocol.Xml;

namespace SiotThing.Tests.Xml
{
    [TestClass]
    public class XmlLimitsTests
    {
        [TestMethod]
        public void DefaultsAreTheDocumentedOnes()
        {
            var limits = new XmlLimits();

            Assert.AreEqual(16384, limits.MaxStanzaBytes);
            Assert.AreEqual(1024, limits.MaxHeaderBytes);
            Assert.AreEqual(16, limits.MaxDepth);
            Assert.AreEqual(16, limits.MaxAttributes);
            Assert.AreEqual(64, limits.MaxNameLength);
            Assert.AreEqual(16, limits.MaxNamespaces);
            Assert.AreEqual(128, limits.MaxStanzaElements);
            Assert.AreEqual(256, limits.MaxStanzaAttributes);
            Assert.IsFalse(limits.KeepRawStanza);
        }

        [TestMethod]
        public void TheParserRefusesLimitsBelowOne()
        {
            var limits = new XmlLimits();
            limits.MaxDepth = 0;

            Assert.ThrowsException(typeof(ArgumentException), () => new XmlStreamParser(limits));
            Assert.ThrowsException(typeof(ArgumentNullException), () => new XmlStreamParser(null));
        }

        [TestMethod]
        public void AStanzaOfExactlyTheLimitIsRead()
        {
            var parser = XmlEventLog.AfterHeader(XmlEventLog.Parser(), string.Empty);
            var stanza = Filled("<message><body>", 16384 - 32, "</body></message>");

            Assert.AreEqual(16384, parser.Feed(stanza, 0, stanza.Length));

            Assert.AreEqual((int)XmlEvent.Stanza, (int)parser.Event);
            Assert.AreEqual(16384, parser.Stanza.RawLength);
            Assert.AreEqual(16384 - 32, parser.Stanza.TextByteCount(parser.Stanza.FirstChild(parser.Stanza.Root)));
        }

        [TestMethod]
        public void AStanzaOverTheLimitFailsAtTheFirstByteTooMany()
        {
            var parser = XmlEventLog.AfterHeader(new XmlStreamParser(), string.Empty);
            var stanza = Filled("<message><body>", 20000, "</body></message>");

            var consumed = parser.Feed(stanza, 0, stanza.Length);

            // Nothing past the limit was read, let alone stored.
            Assert.AreEqual(16385, consumed);
            Assert.AreEqual((int)XmlEvent.Error, (int)parser.Event);
            Assert.AreEqual(XmlErrorCondition.PolicyViolation, parser.ErrorCondition);
        }

        [TestMethod]
        public void TheLimitCountsEachStanzaOnItsOwn()
        {
            var limits = new XmlLimits();
            limits.MaxStanzaBytes = 40;
            var parser = XmlEventLog.AfterHeader(new XmlStreamParser(limits), "<presence><show>away</show></presence>");
            Assert.AreEqual((int)XmlEvent.Stanza, (int)parser.Event);
            Assert.AreEqual(38, parser.Stanza.RawLength);

            // Whitespace between stanzas does not count; 42 bytes of stanza do.
            var next = Utf8.Encode("    <message><body>0123456789</body></message>");
            Assert.AreEqual("error policy-violation\n", XmlEventLog.Piece(parser, next, 0, next.Length));
        }

        [TestMethod]
        public void TheStreamHeaderHasItsOwnLimit()
        {
            var limits = new XmlLimits();
            limits.MaxHeaderBytes = XmlEventLog.Header.Length;
            var parser = new XmlStreamParser(limits);
            var header = Utf8.Encode("<?xml version='1.0'?>" + XmlEventLog.Header);
            Assert.AreEqual("opened", XmlEventLog.Whole(parser, header).Substring(0, 6));

            limits.MaxHeaderBytes = XmlEventLog.Header.Length - 1;
            parser = new XmlStreamParser(limits);
            Assert.AreEqual("error policy-violation\n", XmlEventLog.Whole(parser, header));
        }

        [TestMethod]
        public void NestingDeeperThanTheLimitIsAPolicyViolation()
        {
            Assert.AreEqual((int)XmlEvent.Stanza, (int)Read(Nested(16)).Event);
            Assert.AreEqual(XmlErrorCondition.PolicyViolation, Read(Nested(17)).ErrorCondition);
        }

        [TestMethod]
        public void MoreAttributesThanTheLimitIsAPolicyViolation()
        {
            // Namespace declarations are not attributes and do not count.
            var sixteen = "<x xmlns='urn:x' xmlns:p='urn:p'" + Attributes("a", 16) + "/>";
            Assert.AreEqual(16, Read(sixteen).Stanza.AttributeCount(1));
            Assert.AreEqual(XmlErrorCondition.PolicyViolation, Read("<x" + Attributes("a", 17) + "/>").ErrorCondition);
        }

        [TestMethod]
        public void MoreElementsInOneStanzaThanTheLimitIsAPolicyViolation()
        {
            Assert.AreEqual((int)XmlEvent.Stanza, (int)Read("<a>" + Repeat("<b/>", 127) + "</a>").Event);
            Assert.AreEqual(XmlErrorCondition.PolicyViolation, Read("<a>" + Repeat("<b/>", 128) + "</a>").ErrorCondition);
        }

        [TestMethod]
        public void MoreAttributesInOneStanzaThanTheLimitIsAPolicyViolation()
        {
            var element = "<b" + Attributes("a", 16) + "/>";
            Assert.AreEqual((int)XmlEvent.Stanza, (int)Read("<a>" + Repeat(element, 16) + "</a>").Event);
            Assert.AreEqual(XmlErrorCondition.PolicyViolation, Read("<a x='1'>" + Repeat(element, 16) + "</a>").ErrorCondition);
        }

        [TestMethod]
        public void NamesLongerThanTheLimitAreAPolicyViolation()
        {
            var name = Repeat("n", 64);
            Assert.AreEqual((int)XmlEvent.Stanza, (int)Read("<" + name + " " + name + "='1'/>").Event);
            Assert.AreEqual(XmlErrorCondition.PolicyViolation, Read("<" + name + "n/>").ErrorCondition);
            Assert.AreEqual(XmlErrorCondition.PolicyViolation, Read("<a " + name + "n='1'/>").ErrorCondition);
        }

        [TestMethod]
        public void MoreNamespacesInScopeThanTheLimitIsAPolicyViolation()
        {
            // The header declares two; siblings' declarations leave scope with them.
            var fourteen = Declarations(14);
            Assert.AreEqual((int)XmlEvent.Stanza, (int)Read("<a><b" + fourteen + "/><c" + fourteen + "/></a>").Event);
            Assert.AreEqual(XmlErrorCondition.PolicyViolation, Read("<a xmlns:q='urn:q'><b" + fourteen + "/></a>").ErrorCondition);
        }

        private static XmlStreamParser Read(string xml)
        {
            return XmlEventLog.AfterHeader(new XmlStreamParser(), xml);
        }

        private static byte[] Filled(string head, int count, string tail)
        {
            var bytes = new byte[head.Length + count + tail.Length];
            Utf8.Encode(head, bytes, 0);
            for (var i = 0; i < count; i++)
            {
                bytes[head.Length + i] = (byte)'a';
            }

            Utf8.Encode(tail, bytes, head.Length + count);
            return bytes;
        }

        private static string Nested(int depth)
        {
            return Repeat("<a>", depth) + Repeat("</a>", depth);
        }

        private static string Attributes(string prefix, int count)
        {
            var text = string.Empty;
            for (var i = 0; i < count; i++)
            {
                text += " " + prefix + i + "='" + i + "'";
            }

            return text;
        }

        private static string Declarations(int count)
        {
            var text = string.Empty;
            for (var i = 0; i < count; i++)
            {
                text += " xmlns:p" + i + "='urn:p" + i + "'";
            }

            return text;
        }

        private static string Repeat(string text, int count)
        {
            var result = string.Empty;
            for (var i = 0; i < count; i++)
            {
                result += text;
            }

            return result;
        }
    }
}
