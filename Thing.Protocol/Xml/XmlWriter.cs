using System;
using SiotThing.Protocol.Text;

namespace SiotThing.Protocol.Xml
{
    /// <summary>
    /// Writes XML as UTF-8 into a byte array that the caller owns, for stanzas going out; it
    /// allocates nothing. Values are escaped so that the parser at the other end reads back exactly
    /// the same strings: all five of <c>&amp; &lt; &gt; " '</c> become entities (RFC 3920 required
    /// it and some servers still expect it), and in attribute values tab, line feed and carriage
    /// return become character references, which attribute-value normalization would otherwise turn
    /// into spaces. Every method either writes all it was asked to or nothing: a string XML cannot
    /// carry throws <see cref="ArgumentException"/>, and output that would not fit throws
    /// <see cref="InvalidOperationException"/>; both are faults of the calling code, which must not
    /// send what was written before (call <see cref="Reset"/>).
    /// </summary>
    public sealed class XmlWriter
    {
        private readonly byte[] buffer;

        // The names of the open elements, kept where StartElement wrote them in the buffer.
        private readonly int[] openName;
        private readonly int[] openNameLength;
        private int depth;

        // The last start tag still lacks its '>' (or "/>" if nothing comes inside).
        private bool tagOpen;

        /// <summary>Creates a writer that fills <paramref name="buffer"/> from index 0.</summary>
        /// <param name="buffer">Where the XML goes; its length bounds the output.</param>
        /// <param name="maxDepth">How deep elements may nest.</param>
        public XmlWriter(byte[] buffer, int maxDepth)
        {
            if (buffer == null)
            {
                throw new ArgumentNullException("buffer");
            }

            if (maxDepth < 1)
            {
                throw new ArgumentOutOfRangeException("maxDepth");
            }

            this.buffer = buffer;
            openName = new int[maxDepth];
            openNameLength = new int[maxDepth];
        }

        /// <summary>How many bytes have been written, from index 0 of the buffer.</summary>
        public int Length { get; private set; }

        /// <summary>How many elements are open.</summary>
        public int Depth
        {
            get { return depth; }
        }

        /// <summary>Opens an element; its start tag stays open for <see cref="Attribute"/> until content or its end comes.</summary>
        /// <param name="name">The qualified name, such as <c>message</c> or <c>stream:features</c>.</param>
        /// <exception cref="ArgumentException"><paramref name="name"/> is not an XML name.</exception>
        /// <exception cref="InvalidOperationException">Too deep, or the buffer is full.</exception>
        public void StartElement(string name)
        {
            var nameBytes = NameByteCount(name);
            if (depth == openName.Length)
            {
                throw new InvalidOperationException("XmlWriter: elements nested deeper than its maxDepth");
            }

            Ensure((tagOpen ? 1 : 0) + 1 + nameBytes);
            CloseStartTag();
            buffer[Length++] = (byte)'<';
            openName[depth] = Length;
            openNameLength[depth] = nameBytes;
            depth++;
            Length += Utf8.Encode(name, buffer, Length);
            tagOpen = true;
        }

        /// <summary>Adds an attribute to the element just started, before any content.</summary>
        /// <param name="name">The qualified name, such as <c>to</c>, <c>xmlns</c> or <c>xml:lang</c>.</param>
        /// <param name="value">The value, unescaped.</param>
        /// <exception cref="ArgumentException">The name is not an XML name, or the value has a character XML cannot carry.</exception>
        /// <exception cref="InvalidOperationException">No start tag is open, or the buffer is full.</exception>
        public void Attribute(string name, string value)
        {
            if (!tagOpen)
            {
                throw new InvalidOperationException("XmlWriter: an attribute must follow StartElement");
            }

            var nameBytes = NameByteCount(name);
            var valueBytes = Escape(value, true, false);

            // name='value' after a space.
            Ensure(nameBytes + valueBytes + 4);
            buffer[Length++] = (byte)' ';
            Length += Utf8.Encode(name, buffer, Length);
            buffer[Length++] = (byte)'=';
            buffer[Length++] = (byte)'\'';
            Length += Escape(value, true, true);
            buffer[Length++] = (byte)'\'';
        }

        /// <summary>Adds character data to the open element; an empty string adds nothing.</summary>
        /// <param name="value">The text, unescaped.</param>
        /// <exception cref="ArgumentException">The text has a character XML cannot carry.</exception>
        /// <exception cref="InvalidOperationException">No element is open, or the buffer is full.</exception>
        public void Text(string value)
        {
            if (depth == 0)
            {
                throw new InvalidOperationException("XmlWriter: text must be inside an element");
            }

            var count = Escape(value, false, false);
            if (count == 0)
            {
                return;
            }

            Ensure((tagOpen ? 1 : 0) + count);
            CloseStartTag();
            Length += Escape(value, false, true);
        }

        /// <summary>Closes the innermost open element: <c>/&gt;</c> when it has no content, else its end tag.</summary>
        /// <exception cref="InvalidOperationException">No element is open, or the buffer is full.</exception>
        public void EndElement()
        {
            if (depth == 0)
            {
                throw new InvalidOperationException("XmlWriter: no element to end");
            }

            if (tagOpen)
            {
                Ensure(2);
                buffer[Length++] = (byte)'/';
                buffer[Length++] = (byte)'>';
                tagOpen = false;
            }
            else
            {
                var nameLength = openNameLength[depth - 1];
                Ensure(nameLength + 3);
                buffer[Length++] = (byte)'<';
                buffer[Length++] = (byte)'/';
                Array.Copy(buffer, openName[depth - 1], buffer, Length, nameLength);
                Length += nameLength;
                buffer[Length++] = (byte)'>';
            }

            depth--;
        }

        /// <summary>Starts over at index 0 with nothing open.</summary>
        public void Reset()
        {
            Length = 0;
            depth = 0;
            tagOpen = false;
        }

        private void CloseStartTag()
        {
            if (tagOpen)
            {
                buffer[Length++] = (byte)'>';
                tagOpen = false;
            }
        }

        private void Ensure(int count)
        {
            if (Length + count > buffer.Length)
            {
                throw new InvalidOperationException("XmlWriter: the XML does not fit in the buffer");
            }
        }

        /// <summary>Checks that <paramref name="name"/> is an XML name and returns its UTF-8 length.</summary>
        private static int NameByteCount(string name)
        {
            if (name == null)
            {
                throw new ArgumentNullException("name");
            }

            var count = 0;
            for (var i = 0; i < name.Length; i++)
            {
                var c = Utf16.ScalarAt(name, i);
                if (c < 0 || (i == 0 ? !XmlChars.IsNameStartChar(c) : !XmlChars.IsNameChar(c)))
                {
                    throw new ArgumentException("XmlWriter: not an XML name", "name");
                }

                if (c >= 0x10000)
                {
                    i++;
                }

                count += Utf8.ScalarLength(c);
            }

            if (count == 0)
            {
                throw new ArgumentException("XmlWriter: an empty name", "name");
            }

            return count;
        }

        /// <summary>
        /// Measures (and, when <paramref name="write"/>, writes at <see cref="Length"/>) the escaped
        /// form of <paramref name="value"/>; measuring first is what keeps every call all or nothing.
        /// </summary>
        private int Escape(string value, bool attribute, bool write)
        {
            if (value == null)
            {
                throw new ArgumentNullException("value");
            }

            var count = 0;
            for (var i = 0; i < value.Length; i++)
            {
                var c = Utf16.ScalarAt(value, i);
                if (c < 0 || !XmlChars.IsChar(c))
                {
                    // Our own strings only: a control character or a lone surrogate is a bug to find, not to hide.
                    throw new ArgumentException("XmlWriter: a character XML 1.0 cannot carry", "value");
                }

                if (c >= 0x10000)
                {
                    i++;
                }

                var entity = Entity(c, attribute);
                if (entity == null)
                {
                    if (write)
                    {
                        Utf8.EncodeScalar(c, buffer, Length + count);
                    }

                    count += Utf8.ScalarLength(c);
                    continue;
                }

                if (write)
                {
                    for (var k = 0; k < entity.Length; k++)
                    {
                        buffer[Length + count + k] = (byte)entity[k];
                    }
                }

                count += entity.Length;
            }

            return count;
        }

        private static string Entity(int c, bool attribute)
        {
            switch (c)
            {
                case '&':
                    return "&amp;";
                case '<':
                    return "&lt;";
                case '>':
                    return "&gt;";
                case '"':
                    return "&quot;";
                case '\'':
                    return "&apos;";
                case '\r':
                    // Line-end normalization would turn a bare carriage return into a line feed.
                    return "&#xD;";
                case '\n':
                    return attribute ? "&#xA;" : null;
                case '\t':
                    return attribute ? "&#x9;" : null;
                default:
                    return null;
            }
        }
    }
}
