using System;
using nanoFramework.TestFramework;
using SiotThing.Protocol.Text;
using SiotThing.Protocol.Xml;

namespace SiotThing.Tests.Xml
{
    [TestClass]
    public class XmlStanzaTests
    {
        [TestMethod]
        public void ChildrenSiblingsAndParentsFollowTheDocument()
        {
            var stanza = Read("<iq type='result' id='r1'><query xmlns='jabber:iq:roster' ver='v1'>"
                + "<item jid='owner@example.org' subscription='both'><group>Owners</group></item>"
                + "<item jid='friend@example.org' subscription='to'/></query></iq>");

            var iq = stanza.Root;
            var query = stanza.FirstChild(iq);
            var owner = stanza.FirstChild(query);
            var group = stanza.FirstChild(owner);
            var friend = stanza.NextSibling(owner);

            Assert.IsTrue(stanza.Is(iq, "iq", "jabber:client"));
            Assert.IsTrue(stanza.Is(query, "query", "jabber:iq:roster"));
            Assert.AreEqual("item", stanza.Name(owner));
            Assert.AreEqual("jabber:iq:roster", stanza.Namespace(friend));
            Assert.AreEqual("Owners", stanza.Text(group));
            Assert.AreEqual(-1, stanza.NextSibling(query));
            Assert.AreEqual(-1, stanza.NextSibling(friend));
            Assert.AreEqual(-1, stanza.NextSibling(group));
            Assert.AreEqual(-1, stanza.FirstChild(friend));
            Assert.AreEqual(-1, stanza.FirstChild(group));
            Assert.AreEqual(query, stanza.Parent(friend));
            Assert.AreEqual(iq, stanza.Parent(query));
            Assert.AreEqual(stanza.Stream, stanza.Parent(iq));
            Assert.AreEqual(-1, stanza.Parent(stanza.Stream));
            Assert.AreEqual(iq, stanza.FirstChild(stanza.Stream));
            Assert.AreEqual(query, stanza.Child(iq, "query", "jabber:iq:roster"));
            Assert.AreEqual(query, stanza.Child(iq, "query", null));
            Assert.AreEqual(-1, stanza.Child(iq, "query", "jabber:client"));
            Assert.AreEqual(-1, stanza.Child(iq, "item", null));
            Assert.AreEqual(owner, stanza.Child(query, "item", null));
        }

        [TestMethod]
        public void AttributesByNameAndByIndex()
        {
            var stanza = Read("<message to='thing@example.org/a' type=\"chat\" id='m1'/>");
            var root = stanza.Root;

            Assert.AreEqual(3, stanza.AttributeCount(root));
            Assert.AreEqual("to", stanza.AttributeName(root, 0));
            Assert.AreEqual("thing@example.org/a", stanza.AttributeValue(root, 0));
            Assert.AreEqual("type", stanza.AttributeName(root, 1));
            Assert.AreEqual("chat", stanza.AttributeValue(root, 1));
            Assert.AreEqual("m1", stanza.Attribute(root, "id"));
            Assert.IsNull(stanza.Attribute(root, "from"));
            Assert.IsTrue(stanza.HasAttribute(root, "type"));
            Assert.IsFalse(stanza.HasAttribute(root, "typ"));
            Assert.IsTrue(stanza.AttributeEquals(root, "type", "chat"));
            Assert.IsFalse(stanza.AttributeEquals(root, "type", "cha"));
            Assert.IsFalse(stanza.AttributeEquals(root, "type", "chats"));
            Assert.IsFalse(stanza.AttributeEquals(root, "from", "chat"));
            Assert.IsFalse(stanza.AttributeEquals(root, "type", null));
            Assert.ThrowsException(typeof(ArgumentOutOfRangeException), () => stanza.AttributeName(root, 3));
            Assert.ThrowsException(typeof(ArgumentOutOfRangeException), () => stanza.AttributeValue(root, -1));
        }

        [TestMethod]
        public void ReferencesAreDecodedInTextAndAttributes()
        {
            var stanza = Read("<message id='a&amp;b&lt;&#x3e;&quot;&apos;'><body>&lt;b&gt; &amp; &quot;q&quot; &apos;s&apos; "
                + "&#65;&#x42;&#x20ac;&#x1D11E;&#128512;</body></message>");

            Assert.AreEqual("a&b<>\"'", stanza.Attribute(stanza.Root, "id"));
            Assert.AreEqual("<b> & \"q\" 's' AB\u20AC\uD834\uDD1E\uD83D\uDE00", stanza.Text(stanza.FirstChild(stanza.Root)));
        }

        [TestMethod]
        public void AttributeValuesAreNormalizedButCharacterReferencesAreKept()
        {
            // XML section 3.3.3: tab, line feed and carriage return (line ends first) become spaces.
            var stanza = Read("<x a='one\ttwo\nthree\r\nfour\rfive' b='&#9;&#10;&#13;'/>");

            Assert.AreEqual("one two three four five", stanza.Attribute(stanza.Root, "a"));
            Assert.AreEqual("\t\n\r", stanza.Attribute(stanza.Root, "b"));
        }

        [TestMethod]
        public void LineEndsInTextBecomeLineFeeds()
        {
            var stanza = Read("<body>a\r\nb\rc\nd\r\r\n&#13;</body>");

            Assert.AreEqual("a\nb\nc\nd\n\n\r", stanza.Text(stanza.Root));
        }

        [TestMethod]
        public void CDataSectionsAreText()
        {
            // RFC 6120 section 11.1 does not restrict CDATA sections, so they are plain XML text.
            var stanza = Read("<body>x<![CDATA[<not a tag> & ]] ] ]]]]>y<![CDATA[]]>z<![CDATA[\r\n]]]></body>");

            Assert.AreEqual("x<not a tag> & ]] ] ]]yz\n]", stanza.Text(stanza.Root));
            Assert.IsTrue(stanza.TextEquals(stanza.Root, "x<not a tag> & ]] ] ]]yz\n]"));
        }

        [TestMethod]
        public void TextIsTheElementsOwnCharacterData()
        {
            var stanza = Read("<a>one<b>two</b>three<c/>four</a>");
            var a = stanza.Root;
            var b = stanza.FirstChild(a);
            var c = stanza.NextSibling(b);

            Assert.AreEqual("onethreefour", stanza.Text(a));
            Assert.IsTrue(stanza.TextEquals(a, "onethreefour"));
            Assert.IsFalse(stanza.TextEquals(a, "onethree"));
            Assert.IsFalse(stanza.TextEquals(a, "onethreefourfive"));
            Assert.IsFalse(stanza.TextEquals(a, "onethreefoux"));
            Assert.AreEqual("two", stanza.Text(b));
            Assert.AreEqual(string.Empty, stanza.Text(c));
            Assert.IsTrue(stanza.TextEquals(c, string.Empty));
            Assert.IsFalse(stanza.TextEquals(b, string.Empty));
            Assert.AreEqual(12, stanza.TextByteCount(a));
            var copy = new byte[14];
            Assert.AreEqual(12, stanza.CopyText(a, copy, 1));
            Assert.AreEqual("onethreefour", Utf8.Decode(copy, 1, 12));
        }

        [TestMethod]
        public void MultiByteNamesValuesAndTextAreUtf8()
        {
            var stanza = Read("<gr\u00F6\u00DFe wert='\u20AC\uD834\uDD1E'>Gr\u00FC\u00DFe \u65E5\u672C</gr\u00F6\u00DFe>");

            Assert.AreEqual("gr\u00F6\u00DFe", stanza.Name(stanza.Root));
            Assert.IsTrue(stanza.NameEquals(stanza.Root, "gr\u00F6\u00DFe"));
            Assert.IsFalse(stanza.NameEquals(stanza.Root, "grosse"));
            Assert.IsTrue(stanza.AttributeEquals(stanza.Root, "wert", "\u20AC\uD834\uDD1E"));
            Assert.IsFalse(stanza.AttributeEquals(stanza.Root, "wert", "\u20AC\uD834"));
            Assert.AreEqual("Gr\u00FC\u00DFe \u65E5\u672C", stanza.Text(stanza.Root));
            Assert.IsTrue(stanza.TextEquals(stanza.Root, "Gr\u00FC\u00DFe \u65E5\u672C"));
        }

        [TestMethod]
        public void PrefixesAndDefaultNamespacesResolve()
        {
            var stanza = Read("<iq type='set'><pubsub xmlns='http://jabber.org/protocol/pubsub'>"
                + "<p:publish xmlns:p='urn:example:p' p:node='n' node='m'><item/><p:item/></p:publish>"
                + "<plain xmlns=''><inner/></plain></pubsub></iq>");
            var pubsub = stanza.FirstChild(stanza.Root);
            var publish = stanza.FirstChild(pubsub);
            var item = stanza.FirstChild(publish);
            var prefixedItem = stanza.NextSibling(item);
            var plain = stanza.NextSibling(publish);

            Assert.IsTrue(stanza.Is(publish, "publish", "urn:example:p"));
            Assert.IsTrue(stanza.Is(item, "item", "http://jabber.org/protocol/pubsub"));
            Assert.IsTrue(stanza.Is(prefixedItem, "item", "urn:example:p"));
            Assert.AreEqual("m", stanza.Attribute(publish, "node"));
            Assert.AreEqual("n", stanza.Attribute(publish, "p:node"));
            Assert.AreEqual(2, stanza.AttributeCount(publish));
            Assert.AreEqual(string.Empty, stanza.Namespace(plain));
            Assert.IsTrue(stanza.NamespaceEquals(stanza.FirstChild(plain), string.Empty));
            Assert.IsFalse(stanza.NamespaceEquals(plain, null));
        }

        [TestMethod]
        public void ADeclarationEndsWithItsElement()
        {
            var parser = XmlEventLog.AfterHeader(new XmlStreamParser(), "<a><b xmlns:p='urn:p'/><p:c/></a>");

            Assert.AreEqual((int)XmlEvent.Error, (int)parser.Event);
            Assert.AreEqual(XmlErrorCondition.BadNamespacePrefix, parser.ErrorCondition);
        }

        [TestMethod]
        public void TheXmlPrefixIsPredeclaredAndLanguageIsInherited()
        {
            var stanza = Read("<message xml:lang='de'><body/><body xml:lang='fr'/>"
                + "<x xmlns:xml='http://www.w3.org/XML/1998/namespace' xml:lang=''/></message>");
            var first = stanza.FirstChild(stanza.Root);
            var second = stanza.NextSibling(first);
            var third = stanza.NextSibling(second);

            Assert.AreEqual("de", stanza.Language(stanza.Root));
            Assert.AreEqual("de", stanza.Language(first));
            Assert.AreEqual("fr", stanza.Language(second));
            Assert.AreEqual(string.Empty, stanza.Language(third));
            Assert.AreEqual("xml:lang", stanza.AttributeName(second, 0));

            var plain = Read("<presence/>");
            Assert.AreEqual("en", plain.Language(plain.Root));
        }

        [TestMethod]
        public void RawBytesAreKeptWhenTheLimitsAskForThem()
        {
            var text = "<message to='a@b'>\r\n<body>Gr\u00FC\u00DFe &amp; <![CDATA[x]]></body></message>";
            var parser = XmlEventLog.AfterHeader(XmlEventLog.Parser(), text);
            var expected = Utf8.Encode(text);

            Assert.AreEqual(expected.Length, parser.Stanza.RawLength);
            var copy = new byte[expected.Length + 2];
            Assert.AreEqual(expected.Length, parser.Stanza.CopyRaw(copy, 2));
            for (var i = 0; i < expected.Length; i++)
            {
                Assert.AreEqual(expected[i], copy[i + 2]);
            }

            var frugal = XmlEventLog.AfterHeader(new XmlStreamParser(), text);
            Assert.AreEqual(expected.Length, frugal.Stanza.RawLength);
            Assert.ThrowsException(typeof(InvalidOperationException), () => frugal.Stanza.CopyRaw(copy, 0));
        }

        [TestMethod]
        public void ElementsOutsideTheViewAreRejected()
        {
            var parser = new XmlStreamParser();
            Assert.AreEqual(-1, parser.Stanza.Stream);
            Assert.AreEqual(-1, parser.Stanza.Root);
            Assert.ThrowsException(typeof(ArgumentOutOfRangeException), () => parser.Stanza.Name(0));

            var stanza = Read("<a><b/></a>");
            Assert.ThrowsException(typeof(ArgumentOutOfRangeException), () => stanza.Name(3));
            Assert.ThrowsException(typeof(ArgumentOutOfRangeException), () => stanza.Text(-1));
        }

        private static XmlStanza Read(string xml)
        {
            var parser = XmlEventLog.AfterHeader(new XmlStreamParser(), xml);
            Assert.AreEqual((int)XmlEvent.Stanza, (int)parser.Event, parser.ErrorCondition + ": " + parser.ErrorText);
            return parser.Stanza;
        }
    }
}
