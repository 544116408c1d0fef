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
        public void AStanzaOverTheLimitIsSkippedToItsEndAndTheStreamGoesOn()
        {
            var parser = XmlEventLog.AfterHeader(new XmlStreamParser(), string.Empty);
            var stanza = Filled("<message from='stranger@example.org/x' id='m1'><body>", 20000, "</body></message>");

            // Read to its last byte, not one further; only the root's start tag is left in view.
            Assert.AreEqual(stanza.Length, parser.Feed(stanza, 0, stanza.Length));
            Assert.AreEqual((int)XmlEvent.Skipped, (int)parser.Event);
            Assert.AreEqual("a stanza or stream header is larger than the limit", parser.SkipReason);
            Assert.AreEqual("{jabber:client}message from=\"stranger@example.org/x\" id=\"m1\" lang=en text=\"\" ()", XmlEventLog.Element(parser.Stanza, parser.Stanza.Root));
            Assert.AreEqual(0, parser.Stanza.RawLength);

            var next = Utf8.Encode("<message><body>next</body></message>");
            Assert.AreEqual(next.Length, parser.Feed(next, 0, next.Length));
            Assert.AreEqual((int)XmlEvent.Stanza, (int)parser.Event);
            Assert.IsNull(parser.SkipReason);
            Assert.AreEqual("next", parser.Stanza.Text(parser.Stanza.FirstChild(parser.Stanza.Root)));
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
            Assert.AreEqual(
                "skipped {jabber:client}message lang=en text=\"\" () raw=0: a stanza or stream header is larger than the limit\n",
                XmlEventLog.Piece(parser, next, 0, next.Length));
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
        public void NestingDeeperThanTheLimitIsSkipped()
        {
            Assert.AreEqual((int)XmlEvent.Stanza, (int)Read(Nested(16)).Event);
            Assert.AreEqual("elements nested deeper than the limit", Skipped(Nested(17)));
        }

        [TestMethod]
        public void MoreAttributesThanTheLimitIsSkipped()
        {
            // Namespace declarations are not attributes and do not count.
            var sixteen = "<x xmlns='urn:x' xmlns:p='urn:p'" + Attributes("a", 16) + "/>";
            Assert.AreEqual(16, Read(sixteen).Stanza.AttributeCount(1));
            Assert.AreEqual("an element with more attributes than the limit", Skipped("<x" + Attributes("a", 17) + "/>"));
        }

        [TestMethod]
        public void MoreElementsInOneStanzaThanTheLimitIsSkipped()
        {
            Assert.AreEqual((int)XmlEvent.Stanza, (int)Read("<a>" + Repeat("<b/>", 127) + "</a>").Event);
            Assert.AreEqual("a stanza with more elements than the limit", Skipped("<a>" + Repeat("<b/>", 128) + "</a>"));
        }

        [TestMethod]
        public void MoreAttributesInOneStanzaThanTheLimitIsSkipped()
        {
            var element = "<b" + Attributes("a", 16) + "/>";
            Assert.AreEqual((int)XmlEvent.Stanza, (int)Read("<a>" + Repeat(element, 16) + "</a>").Event);
            Assert.AreEqual("a stanza with more attributes than the limit", Skipped("<a x='1'>" + Repeat(element, 16) + "</a>"));
        }

        [TestMethod]
        public void NamesLongerThanTheLimitAreSkipped()
        {
            var name = Repeat("n", 64);
            Assert.AreEqual((int)XmlEvent.Stanza, (int)Read("<" + name + " " + name + "='1'/>").Event);
            Assert.AreEqual("a name longer than the limit", Skipped("<" + name + "n/>"));
            Assert.AreEqual("a name longer than the limit", Skipped("<a " + name + "n='1'/>"));
            Assert.AreEqual("a name longer than the limit", Skipped("<a><" + name + "n>x</" + name + "n></a>"));
        }

        [TestMethod]
        public void MoreNamespacesInScopeThanTheLimitIsSkipped()
        {
            // The header declares two; siblings' declarations leave scope with them.
            var fourteen = Declarations(14);
            Assert.AreEqual((int)XmlEvent.Stanza, (int)Read("<a><b" + fourteen + "/><c" + fourteen + "/></a>").Event);
            Assert.AreEqual("more namespace declarations in scope than the limit", Skipped("<a xmlns:q='urn:q'><b" + fourteen + "/></a>"));
        }

        [TestMethod]
        public void TheStreamHeaderBeyondALimitIsStillAPolicyViolation()
        {
            // The header cannot be skipped: without it there is no stream.
            var header = Utf8.Encode("<stream:stream xmlns='jabber:client' xmlns:stream='http://etherx.jabber.org/streams'" + Attributes("a", 17) + ">");
            Assert.AreEqual("error policy-violation\n", XmlEventLog.Whole(new XmlStreamParser(), header));
        }

        private static XmlStreamParser Read(string xml)
        {
            return XmlEventLog.AfterHeader(new XmlStreamParser(), xml);
        }

        /// <summary>Reads <paramref name="xml"/> and a stanza after it; returns the skip reason once both came as they should.</summary>
        private static string Skipped(string xml)
        {
            var parser = Read(xml);
            Assert.AreEqual((int)XmlEvent.Skipped, (int)parser.Event, "skipped, not " + parser.ErrorCondition);
            var reason = parser.SkipReason;
            var rest = Utf8.Encode("<next/>");
            Assert.AreEqual(rest.Length, parser.Feed(rest, 0, rest.Length));
            Assert.AreEqual((int)XmlEvent.Stanza, (int)parser.Event, "the stream goes on");
            Assert.IsTrue(parser.Stanza.NameEquals(parser.Stanza.Root, "next"));
            return reason;
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
