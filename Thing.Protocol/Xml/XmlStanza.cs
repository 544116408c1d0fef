using System;
using SiotThing.Protocol.Text;

namespace SiotThing.Protocol.Xml
{
    /// <summary>
    /// A read-only view of the stream element and of the stanza that <see cref="XmlStreamParser"/>
    /// has just read. It is one arena of arrays allocated when the parser is built and reused for
    /// every stanza: elements are int indexes (<see cref="Stream"/>, <see cref="Root"/>, and what
    /// <see cref="FirstChild"/>, <see cref="NextSibling"/> and <see cref="Child"/> return; -1 means
    /// none), names and values are kept as decoded UTF-8 (references resolved, line ends and
    /// attribute whitespace normalized as XML says). The stanza is valid until the next
    /// <see cref="XmlStreamParser.Feed"/>; the stream element until <see cref="XmlStreamParser.Reset"/>.
    /// Methods that return a string allocate it; the <c>...Equals</c> methods and everything that
    /// returns an int allocate nothing, so a router can look at a stanza for free.
    /// </summary>
    public sealed class XmlStanza
    {
        // The arena: names, values, text and namespace names, all decoded UTF-8. It begins with the
        // predeclared 'xml' prefix and its namespace, then the stream header, then one stanza.
        internal readonly byte[] Bytes;
        internal int Length;

        // Elements in document order: index 0 is the stream element, 1 the stanza root. The
        // attributes of element e are [ElementFirstAttribute[e], ElementFirstAttribute[e + 1]).
        internal readonly int[] ElementName;
        internal readonly int[] ElementNameLength;
        internal readonly int[] ElementPrefixLength;
        internal readonly int[] ElementNamespace;
        internal readonly int[] ElementNamespaceLength;
        internal readonly int[] ElementParent;
        internal readonly int[] ElementNext;
        internal readonly int[] ElementFirstAttribute;
        internal int ElementCount;

        // Attributes: the qualified name, then the value right after it in the arena.
        internal readonly int[] AttributeNameStart;
        internal readonly int[] AttributeNameLength;
        internal readonly int[] AttributeValueLength;
        internal int AttributeTotal;

        // Runs of character data, each owned by one element; an element's text is its runs in order.
        internal readonly int[] ChunkStart;
        internal readonly int[] ChunkLength;
        internal readonly int[] ChunkOwner;
        internal int ChunkCount;

        // The stanza as received, when the limits ask for it.
        internal readonly byte[] Raw;
        internal int RawCount;

        // The content namespace: the default namespace the stream header declares.
        internal int ContentStart;
        internal int ContentLength;

        // Where the stream header's share of the arena and of the attributes ends.
        internal int HeaderLength;
        internal int HeaderAttributes;

        internal bool StreamOpen;
        internal bool Complete;

        internal XmlStanza(XmlLimits limits, int arenaBytes)
        {
            Bytes = new byte[arenaBytes];
            var elements = limits.MaxStanzaElements + 1;
            ElementName = new int[elements];
            ElementNameLength = new int[elements];
            ElementPrefixLength = new int[elements];
            ElementNamespace = new int[elements];
            ElementNamespaceLength = new int[elements];
            ElementParent = new int[elements];
            ElementNext = new int[elements];
            ElementFirstAttribute = new int[elements];
            var attributes = limits.MaxAttributes + limits.MaxStanzaAttributes;
            AttributeNameStart = new int[attributes];
            AttributeNameLength = new int[attributes];
            AttributeValueLength = new int[attributes];

            // Text runs start only after a start or end tag inside the stanza, so a stanza of n
            // elements has fewer than 2n of them: the table cannot overflow.
            var chunks = 2 * limits.MaxStanzaElements;
            ChunkStart = new int[chunks];
            ChunkLength = new int[chunks];
            ChunkOwner = new int[chunks];
            if (limits.KeepRawStanza)
            {
                Raw = new byte[limits.MaxStanzaBytes];
            }
        }

        /// <summary>The stream element, from <see cref="XmlEvent.StreamOpened"/> until the next reset; otherwise -1.</summary>
        public int Stream
        {
            get { return StreamOpen ? 0 : -1; }
        }

        /// <summary>
        /// The root element of the stanza just read (with <see cref="XmlEvent.Stanza"/>), or of the
        /// one just skipped when its start tag was read (with <see cref="XmlEvent.Skipped"/>: then
        /// without children or text); otherwise -1.
        /// </summary>
        public int Root
        {
            get { return Complete ? 1 : -1; }
        }

        /// <summary>How many bytes the stanza had on the wire (0 when there is none, and for a skipped one).</summary>
        public int RawLength
        {
            get { return Complete ? RawCount : 0; }
        }

        /// <summary>
        /// Copies the stanza as it was received into <paramref name="destination"/>, for a log or
        /// for forwarding. Needs <see cref="XmlLimits.KeepRawStanza"/>.
        /// </summary>
        /// <param name="destination">Where to copy; it needs room for <see cref="RawLength"/> bytes.</param>
        /// <param name="offset">The first index to write.</param>
        /// <returns>How many bytes were copied.</returns>
        /// <exception cref="InvalidOperationException">The parser was built without <see cref="XmlLimits.KeepRawStanza"/>.</exception>
        public int CopyRaw(byte[] destination, int offset)
        {
            if (Raw == null)
            {
                throw new InvalidOperationException("the parser keeps no raw stanzas: set XmlLimits.KeepRawStanza");
            }

            var count = RawLength;
            Array.Copy(Raw, 0, destination, offset, count);
            return count;
        }

        /// <summary>
        /// The content namespace: the default namespace that the stream header declares
        /// (<c>jabber:client</c> for a client), or "" when it declares none.
        /// </summary>
        /// <returns>The namespace name.</returns>
        public string ContentNamespace()
        {
            Check(0);
            return Decode(ContentStart, ContentLength);
        }

        /// <summary>Whether the content namespace is <paramref name="uri"/>.</summary>
        /// <param name="uri">The namespace name to compare with.</param>
        /// <returns>True when they are equal.</returns>
        public bool ContentNamespaceEquals(string uri)
        {
            Check(0);
            return Equal(ContentStart, ContentLength, uri);
        }

        /// <summary>The local name of <paramref name="element"/> (without its prefix).</summary>
        /// <param name="element">The element.</param>
        /// <returns>The name.</returns>
        public string Name(int element)
        {
            Check(element);
            return Decode(LocalStart(element), LocalLength(element));
        }

        /// <summary>Whether the local name of <paramref name="element"/> is <paramref name="localName"/>.</summary>
        /// <param name="element">The element.</param>
        /// <param name="localName">The name to compare with.</param>
        /// <returns>True when they are equal.</returns>
        public bool NameEquals(int element, string localName)
        {
            Check(element);
            return Equal(LocalStart(element), LocalLength(element), localName);
        }

        /// <summary>The namespace name of <paramref name="element"/>, or "" when it is in no namespace.</summary>
        /// <param name="element">The element.</param>
        /// <returns>The namespace name.</returns>
        public string Namespace(int element)
        {
            Check(element);
            return Decode(ElementNamespace[element], ElementNamespaceLength[element]);
        }

        /// <summary>Whether <paramref name="element"/> is in namespace <paramref name="uri"/> ("" for none).</summary>
        /// <param name="element">The element.</param>
        /// <param name="uri">The namespace name to compare with.</param>
        /// <returns>True when they are equal.</returns>
        public bool NamespaceEquals(int element, string uri)
        {
            Check(element);
            return Equal(ElementNamespace[element], ElementNamespaceLength[element], uri);
        }

        /// <summary>Whether <paramref name="element"/> has local name <paramref name="localName"/> in namespace <paramref name="uri"/>.</summary>
        /// <param name="element">The element.</param>
        /// <param name="localName">The local name.</param>
        /// <param name="uri">The namespace name ("" for none).</param>
        /// <returns>True when both match.</returns>
        public bool Is(int element, string localName, string uri)
        {
            return NameEquals(element, localName) && NamespaceEquals(element, uri);
        }

        /// <summary>The element that contains <paramref name="element"/>; -1 for the stream element.</summary>
        /// <param name="element">The element.</param>
        /// <returns>The parent, or -1.</returns>
        public int Parent(int element)
        {
            Check(element);
            return ElementParent[element];
        }

        /// <summary>The first child element of <paramref name="element"/>, or -1.</summary>
        /// <param name="element">The element.</param>
        /// <returns>The child, or -1.</returns>
        public int FirstChild(int element)
        {
            Check(element);

            // Elements are stored in document order, so a first child comes right after its parent.
            var next = element + 1;
            return next < VisibleElements() && ElementParent[next] == element ? next : -1;
        }

        /// <summary>The next element with the same parent as <paramref name="element"/>, or -1.</summary>
        /// <param name="element">The element.</param>
        /// <returns>The sibling, or -1.</returns>
        public int NextSibling(int element)
        {
            Check(element);
            return ElementNext[element];
        }

        /// <summary>
        /// The first child of <paramref name="element"/> with local name <paramref name="localName"/>
        /// in namespace <paramref name="uri"/> (any namespace when it is null), or -1.
        /// </summary>
        /// <param name="element">The parent.</param>
        /// <param name="localName">The local name.</param>
        /// <param name="uri">The namespace name, "" for none, null for any.</param>
        /// <returns>The child, or -1.</returns>
        public int Child(int element, string localName, string uri)
        {
            for (var child = FirstChild(element); child >= 0; child = ElementNext[child])
            {
                if (NameEquals(child, localName) && (uri == null || NamespaceEquals(child, uri)))
                {
                    return child;
                }
            }

            return -1;
        }

        /// <summary>How many attributes <paramref name="element"/> has (namespace declarations are not attributes).</summary>
        /// <param name="element">The element.</param>
        /// <returns>The count.</returns>
        public int AttributeCount(int element)
        {
            Check(element);
            return AttributeEnd(element) - ElementFirstAttribute[element];
        }

        /// <summary>The qualified name (such as <c>type</c> or <c>xml:lang</c>) of attribute <paramref name="index"/>.</summary>
        /// <param name="element">The element.</param>
        /// <param name="index">From 0 to <see cref="AttributeCount"/> - 1, in document order.</param>
        /// <returns>The name.</returns>
        public string AttributeName(int element, int index)
        {
            var attribute = AttributeAt(element, index);
            return Decode(AttributeNameStart[attribute], AttributeNameLength[attribute]);
        }

        /// <summary>The value of attribute <paramref name="index"/>.</summary>
        /// <param name="element">The element.</param>
        /// <param name="index">From 0 to <see cref="AttributeCount"/> - 1, in document order.</param>
        /// <returns>The decoded value.</returns>
        public string AttributeValue(int element, int index)
        {
            var attribute = AttributeAt(element, index);
            return Decode(ValueStart(attribute), AttributeValueLength[attribute]);
        }

        /// <summary>The value of the attribute with qualified name <paramref name="name"/>, or null when there is none.</summary>
        /// <param name="element">The element.</param>
        /// <param name="name">The qualified name, such as <c>to</c> or <c>xml:lang</c>.</param>
        /// <returns>The decoded value, or null.</returns>
        public string Attribute(int element, string name)
        {
            var attribute = Find(element, name);
            return attribute < 0 ? null : Decode(ValueStart(attribute), AttributeValueLength[attribute]);
        }

        /// <summary>Whether <paramref name="element"/> has an attribute named <paramref name="name"/>.</summary>
        /// <param name="element">The element.</param>
        /// <param name="name">The qualified name.</param>
        /// <returns>True when it has one.</returns>
        public bool HasAttribute(int element, string name)
        {
            return Find(element, name) >= 0;
        }

        /// <summary>Whether <paramref name="element"/> has attribute <paramref name="name"/> with value <paramref name="value"/>.</summary>
        /// <param name="element">The element.</param>
        /// <param name="name">The qualified name.</param>
        /// <param name="value">The value to compare with.</param>
        /// <returns>True when the attribute exists and its value is equal.</returns>
        public bool AttributeEquals(int element, string name, string value)
        {
            var attribute = Find(element, name);
            return attribute >= 0 && Equal(ValueStart(attribute), AttributeValueLength[attribute], value);
        }

        /// <summary>
        /// The language of <paramref name="element"/>: its <c>xml:lang</c>, else the nearest
        /// ancestor's, up to the stream element's; null when none says.
        /// </summary>
        /// <param name="element">The element.</param>
        /// <returns>The language tag, or null.</returns>
        public string Language(int element)
        {
            Check(element);
            for (var e = element; e >= 0; e = ElementParent[e])
            {
                var value = Attribute(e, "xml:lang");
                if (value != null)
                {
                    return value;
                }
            }

            return null;
        }

        /// <summary>The character data directly inside <paramref name="element"/> (not its children's), decoded; "" when none.</summary>
        /// <param name="element">The element.</param>
        /// <returns>The text.</returns>
        public string Text(int element)
        {
            var length = TextByteCount(element);
            if (length == 0)
            {
                return string.Empty;
            }

            var single = SingleChunk(element);
            if (single >= 0)
            {
                return Decode(ChunkStart[single], length);
            }

            var bytes = new byte[length];
            CopyText(element, bytes, 0);
            return Utf8.Decode(bytes, 0, length);
        }

        /// <summary>Whether the text of <paramref name="element"/> is <paramref name="value"/>.</summary>
        /// <param name="element">The element.</param>
        /// <param name="value">The text to compare with.</param>
        /// <returns>True when they are equal.</returns>
        public bool TextEquals(int element, string value)
        {
            Check(element);
            var at = 0;
            var end = 0;
            var chunk = -1;
            for (var i = 0; i < value.Length; i++)
            {
                var scalar = Utf16.ScalarAt(value, i);
                if (scalar < 0)
                {
                    return false;
                }

                if (scalar >= 0x10000)
                {
                    i++;
                }

                // A character never straddles two runs: each run holds whole characters.
                if (at == end)
                {
                    chunk = NextChunk(element, chunk + 1);
                    if (chunk < 0)
                    {
                        return false;
                    }

                    at = ChunkStart[chunk];
                    end = at + ChunkLength[chunk];
                }

                var matched = XmlChars.Match(scalar, Bytes, at, end);
                if (matched < 0)
                {
                    return false;
                }

                at += matched;
            }

            // Runs are never empty, so any run left over is text that the value lacks.
            return at == end && NextChunk(element, chunk + 1) < 0;
        }

        /// <summary>How many UTF-8 bytes the text of <paramref name="element"/> has.</summary>
        /// <param name="element">The element.</param>
        /// <returns>The byte count.</returns>
        public int TextByteCount(int element)
        {
            Check(element);
            var total = 0;
            for (var chunk = NextChunk(element, 0); chunk >= 0; chunk = NextChunk(element, chunk + 1))
            {
                total += ChunkLength[chunk];
            }

            return total;
        }

        /// <summary>
        /// Copies the text of <paramref name="element"/> as UTF-8 into <paramref name="destination"/>
        /// without making a string (for base64 payloads, say).
        /// </summary>
        /// <param name="element">The element.</param>
        /// <param name="destination">Where to copy; it needs room for <see cref="TextByteCount"/> bytes.</param>
        /// <param name="offset">The first index to write.</param>
        /// <returns>How many bytes were copied.</returns>
        public int CopyText(int element, byte[] destination, int offset)
        {
            Check(element);
            var at = offset;
            for (var chunk = NextChunk(element, 0); chunk >= 0; chunk = NextChunk(element, chunk + 1))
            {
                Array.Copy(Bytes, ChunkStart[chunk], destination, at, ChunkLength[chunk]);
                at += ChunkLength[chunk];
            }

            return at - offset;
        }

        /// <summary>Whether the arena bytes [start, start + length) are the UTF-8 form of <paramref name="text"/>.</summary>
        internal bool Equal(int start, int length, string text)
        {
            if (text == null)
            {
                return false;
            }

            var at = start;
            var end = start + length;
            for (var i = 0; i < text.Length; i++)
            {
                var scalar = Utf16.ScalarAt(text, i);
                if (scalar < 0)
                {
                    return false;
                }

                if (scalar >= 0x10000)
                {
                    i++;
                }

                var matched = XmlChars.Match(scalar, Bytes, at, end);
                if (matched < 0)
                {
                    return false;
                }

                at += matched;
            }

            return at == end;
        }

        /// <summary>Whether the arena bytes at <paramref name="a"/> and <paramref name="b"/> are equal for <paramref name="length"/> bytes.</summary>
        internal bool Equal(int a, int b, int length)
        {
            for (var k = 0; k < length; k++)
            {
                if (Bytes[a + k] != Bytes[b + k])
                {
                    return false;
                }
            }

            return true;
        }

        /// <summary>Forgets the stanza, keeping the stream header.</summary>
        internal void ClearStanza()
        {
            Complete = false;
            ElementCount = StreamOpen ? 1 : 0;
            AttributeTotal = HeaderAttributes;
            Length = HeaderLength;
            ChunkCount = 0;
            RawCount = 0;
        }

        /// <summary>The index after the last attribute of <paramref name="element"/>.</summary>
        internal int AttributeEnd(int element)
        {
            return element + 1 < ElementCount ? ElementFirstAttribute[element + 1] : AttributeTotal;
        }

        internal int ValueStart(int attribute)
        {
            return AttributeNameStart[attribute] + AttributeNameLength[attribute];
        }

        internal int LocalStart(int element)
        {
            var prefix = ElementPrefixLength[element];
            return ElementName[element] + (prefix == 0 ? 0 : prefix + 1);
        }

        internal int LocalLength(int element)
        {
            var prefix = ElementPrefixLength[element];
            return ElementNameLength[element] - (prefix == 0 ? 0 : prefix + 1);
        }

        private int Find(int element, string name)
        {
            Check(element);
            var end = AttributeEnd(element);
            for (var a = ElementFirstAttribute[element]; a < end; a++)
            {
                if (Equal(AttributeNameStart[a], AttributeNameLength[a], name))
                {
                    return a;
                }
            }

            return -1;
        }

        private int AttributeAt(int element, int index)
        {
            Check(element);
            var attribute = ElementFirstAttribute[element] + index;
            if (index < 0 || attribute >= AttributeEnd(element))
            {
                throw new ArgumentOutOfRangeException("index");
            }

            return attribute;
        }

        /// <summary>The first text run of <paramref name="element"/> at or after run <paramref name="from"/>, or -1.</summary>
        private int NextChunk(int element, int from)
        {
            for (var chunk = from; chunk < ChunkCount; chunk++)
            {
                if (ChunkOwner[chunk] == element)
                {
                    return chunk;
                }
            }

            return -1;
        }

        /// <summary>The only text run of <paramref name="element"/>, or -1 when it has several.</summary>
        private int SingleChunk(int element)
        {
            var first = NextChunk(element, 0);
            return NextChunk(element, first + 1) < 0 ? first : -1;
        }

        private string Decode(int start, int length)
        {
            // The parser admitted only well-formed UTF-8, so this cannot fail.
            return length == 0 ? string.Empty : Utf8.Decode(Bytes, start, length);
        }

        private int VisibleElements()
        {
            return Complete ? ElementCount : StreamOpen ? 1 : 0;
        }

        private void Check(int element)
        {
            if (element < 0 || element >= VisibleElements())
            {
                throw new ArgumentOutOfRangeException("element");
            }
        }
    }
}
