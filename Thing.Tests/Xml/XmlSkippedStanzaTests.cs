using nanoFramework.TestFramework;
using SiotThing.Protocol.Text;
using SiotThing.Protocol.Xml;

namespace SiotThing.Tests.Xml
{
    /// <summary>
    /// A stanza beyond the limits is skipped to its end, whatever the parser was doing when the
    /// limit broke, and the stream goes on; what is not well-formed still ends the stream, inside
    /// the skipped part too.
    /// </summary>
    [TestClass]
    public class XmlSkippedStanzaTests
    {
        [TestMethod]
        public void AStanzaIsSkippedWhereverTheByteLimitBreaksIt()
        {
            var rich = RichWith(-1, null);
            var whole = Utf8.Encode(rich);
            var rootEnd = Utf8.ByteCount("<iq type='get' id='q1' from='s\u00E9@example.org/r'>");
            for (var limit = 1; limit < whole.Length; limit++)
            {
                var parser = Parser(limit);
                Assert.AreEqual((int)XmlEvent.Skipped, (int)Feed(parser, rich).Event, "limit " + limit + ": " + parser.ErrorText);
                var root = parser.Stanza.Root;
                if (limit >= rootEnd)
                {
                    Assert.AreEqual("q1", parser.Stanza.Attribute(root, "id"), "limit " + limit);
                    Assert.AreEqual("s\u00E9@example.org/r", parser.Stanza.Attribute(root, "from"));
                    Assert.IsTrue(parser.Stanza.Is(root, "iq", "jabber:client"));
                    Assert.AreEqual(-1, parser.Stanza.FirstChild(root), "the children are not kept");
                }

                // The next stanza is read (or, beyond a tiny limit, skipped) in its turn.
                var next = Utf8.Encode("<presence/>");
                Assert.AreEqual(next.Length, parser.Feed(next, 0, next.Length));
                Assert.IsTrue(parser.Event == (limit < next.Length ? XmlEvent.Skipped : XmlEvent.Stanza), "limit " + limit);
            }
        }

        [TestMethod]
        [DataRow(7, "</p:itex >")]
        [DataRow(10, "</i>")]
        [DataRow(9, "</queryy>")]
        [DataRow(5, "&lt")]
        [DataRow(3, " b=\"<")]
        public void AnEndTagOrCharacterThatIsWrongIsAnErrorWhereverTheByteLimitBreaks(int part, string wrong)
        {
            var broken = RichWith(part, wrong);
            for (var limit = 1; limit < Utf8.ByteCount(broken); limit++)
            {
                var parser = Feed(Parser(limit), broken + "<presence/>");
                Assert.AreEqual((int)XmlEvent.Error, (int)parser.Event, "limit " + limit);
                Assert.AreEqual(XmlErrorCondition.NotWellFormed, parser.ErrorCondition, "limit " + limit);
            }
        }

        [TestMethod]
        public void AStartTagCutByTheAttributeLimitKeepsTheAttributesReadWhole()
        {
            var parser = Feed(new XmlStreamParser(), "<iq type='set' id='q2'" + Attributes(15) + "><x xmlns='urn:x'/></iq>");

            Assert.AreEqual((int)XmlEvent.Skipped, (int)parser.Event);
            Assert.AreEqual("an element with more attributes than the limit", parser.SkipReason);
            var root = parser.Stanza.Root;
            Assert.AreEqual(16, parser.Stanza.AttributeCount(root));
            Assert.AreEqual("q2", parser.Stanza.Attribute(root, "id"));
            Assert.AreEqual("set", parser.Stanza.Attribute(root, "type"));
        }

        [TestMethod]
        public void AnAttributeCutByTheByteLimitIsLeftOut()
        {
            var parser = Feed(Parser(64), "<iq type='get' id='q3' from='" + new string('a', 200) + "@example.org'/>");

            Assert.AreEqual((int)XmlEvent.Skipped, (int)parser.Event);
            var root = parser.Stanza.Root;
            Assert.AreEqual("q3", parser.Stanza.Attribute(root, "id"));
            Assert.IsNull(parser.Stanza.Attribute(root, "from"));
        }

        [TestMethod]
        public void ARootWhoseNameIsTooLongIsSkippedUnseen()
        {
            var name = new string('n', 65);
            var parser = Feed(new XmlStreamParser(), "<" + name + " id='q4'><a/></" + name + ">");

            Assert.AreEqual((int)XmlEvent.Skipped, (int)parser.Event);
            Assert.AreEqual(-1, parser.Stanza.Root);
        }

        [TestMethod]
        public void NestingFarBeyondTheLimitIsSkipped()
        {
            // Twice the limit is matched by name; deeper only counted.
            Assert.AreEqual((int)XmlEvent.Skipped, (int)Feed(new XmlStreamParser(), Nested("a", 200) + "<next/>").Event);
            Assert.AreEqual((int)XmlEvent.Skipped, (int)Feed(new XmlStreamParser(), "<a>" + Nested("\u00E9\u20AC\uD834\uDD1E", 32) + "</a>").Event);
            Assert.AreEqual(XmlErrorCondition.NotWellFormed, Feed(new XmlStreamParser(), "<a>" + Nested("\u00E9\u20AC\uD834\uDD1E", 20) + "</b>").ErrorCondition);
        }

        [TestMethod]
        [DataRow("<x>&nbsp;</x>", "restricted-xml")]
        [DataRow("<x><!-- comment --></x>", "restricted-xml")]
        [DataRow("<x><?pi?></x>", "restricted-xml")]
        [DataRow("<x><!DOCTYPE x></x>", "restricted-xml")]
        [DataRow("<x a='1' b/>", "not-well-formed")]
        [DataRow("<x a=1/>", "not-well-formed")]
        [DataRow("<x a='<'/>", "not-well-formed")]
        [DataRow("<x>]]></x>", "not-well-formed")]
        [DataRow("<x>&#0;</x>", "not-well-formed")]
        [DataRow("<x></y>", "not-well-formed")]
        [DataRow("<x></1>", "not-well-formed")]
        [DataRow("<x>", "not-well-formed")]
        [DataRow("</a></a></a></a></a></a></a></a></a></a></a></a></a></a></a></a></a></stream:stream>", "not-well-formed")]
        public void WhatIsNotWellFormedInASkippedStanzaStillEndsTheStream(string inner, string condition)
        {
            // 17 levels start the skip; the stanza then closes them, unless the case does.
            var xml = Repeat("<a>", 18) + inner + Repeat("</a>", 18);
            var parser = Feed(new XmlStreamParser(), xml);

            Assert.AreEqual((int)XmlEvent.Error, (int)parser.Event, inner);
            Assert.AreEqual(condition, parser.ErrorCondition, inner);
        }

        [TestMethod]
        public void AnEndTagOfAnElementOpenedBeforeTheSkipIsStillMatched()
        {
            var parser = Feed(new XmlStreamParser(), "<a><b>" + Repeat("<c>", 16) + Repeat("</c>", 16) + "</a></b>");

            Assert.AreEqual(XmlErrorCondition.NotWellFormed, parser.ErrorCondition);
        }

        [TestMethod]
        public void BytesThatAreNotUtf8InASkippedStanzaAreAnUnsupportedEncoding()
        {
            var parser = Feed(new XmlStreamParser(), Repeat("<a>", 17));
            Assert.AreEqual((int)XmlEvent.None, (int)parser.Event);

            parser.Feed(new byte[] { (byte)'x', 0xC3, 0x28 }, 0, 3);

            Assert.AreEqual(XmlErrorCondition.UnsupportedEncoding, parser.ErrorCondition);
        }

        [TestMethod]
        public void ASkippedStanzaReadsTheSameInAnyPieces()
        {
            var bytes = Utf8.Encode(XmlEventLog.Header + RichWith(-1, null) + "<presence/>");
            var whole = XmlEventLog.Whole(Parser(120), bytes);
            Assert.AreEqual(3, whole.Split('\n').Length - 1, whole);
            Assert.AreEqual("skipped ", whole.Substring(Utf16.IndexOf(whole, '\n', 0) + 1, 8));

            Assert.AreEqual(whole, XmlEventLog.Bytewise(Parser(120), bytes));
            for (var cut = 1; cut < bytes.Length; cut += 7)
            {
                Assert.AreEqual(whole, XmlEventLog.Split(Parser(120), bytes, cut), "cut " + cut);
            }
        }

        /// <summary>
        /// A stanza with references, CDATA, prefixes, declarations, an empty element and multi-byte
        /// characters (every state the parser can be in when a limit breaks), with part <paramref name="part"/> replaced (none for -1).
        /// </summary>
        private static string RichWith(int part, string replacement)
        {
            // Pieced together, not searched: IndexOf is unreliable after a character outside the BMP on nanoFramework.
            var parts = StringArrays.Create(11);
            parts[0] = "<iq type='get' id='q1' from='s\u00E9@example.org/r'>";
            parts[1] = "<query xmlns='urn:x' xmlns:p='urn:p'>";
            parts[2] = "<p:item a='1&amp;2'";
            parts[3] = " b=\"x\u20AC\">";
            parts[4] = "t";
            parts[5] = "&lt;";
            parts[6] = "e&#x20AC;xt<![CDATA[c]]>\uD834\uDD1E";
            parts[7] = "</p:item >";
            parts[8] = "<empty/>";
            parts[9] = "</query>";
            parts[10] = "</iq>";
            var text = string.Empty;
            for (var i = 0; i < parts.Length; i++)
            {
                text += i == part ? replacement : parts[i];
            }

            return text;
        }

        private static XmlStreamParser Parser(int maxStanzaBytes)
        {
            var limits = new XmlLimits();
            limits.MaxStanzaBytes = maxStanzaBytes;
            limits.KeepRawStanza = true;
            return new XmlStreamParser(limits);
        }

        private static XmlStreamParser Feed(XmlStreamParser parser, string xml)
        {
            return XmlEventLog.AfterHeader(parser, xml);
        }

        private static string Attributes(int count)
        {
            var text = string.Empty;
            for (var i = 0; i < count; i++)
            {
                text += " a" + i + "='" + i + "'";
            }

            return text;
        }

        private static string Nested(string name, int depth)
        {
            return Repeat("<" + name + ">", depth) + Repeat("</" + name + ">", depth);
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
