using System;
using SiotThing.Protocol.Text;

namespace SiotThing.Protocol.Xml
{
    /// <summary>
    /// Reads an XMPP stream (RFC 6120 sections 4 and 11) from UTF-8 bytes as they arrive, without doing
    /// any I/O: the caller pushes bytes in with <see cref="Feed"/>, which stops right after the byte
    /// that completes an event; the caller handles <see cref="Event"/> and feeds the rest:
    /// <code>
    /// while (offset &lt; end)
    /// {
    ///     offset += parser.Feed(buffer, offset, end - offset);
    ///     if (parser.Event == XmlEvent.Stanza) { ... parser.Stanza ... }
    ///     else if (parser.Event == XmlEvent.Error) { ... parser.ErrorCondition ...; break; }
    /// }
    /// </code>
    /// Everything is allocated in the constructor, bounded by <see cref="XmlLimits"/>; parsing
    /// allocates nothing after that, and no input makes <see cref="Feed"/> throw: every fault
    /// becomes <see cref="XmlEvent.Error"/> with the RFC 6120 stream error condition to send.
    /// </summary>
    /// <remarks>
    /// Conditions: <c>not-well-formed</c> for anything XML or Namespaces in XML forbids (a byte
    /// order mark included: RFC 6120 section 11.6 makes U+FEFF a character, and text may not come
    /// before the header); <c>restricted-xml</c> for comments, processing instructions, DOCTYPE and
    /// entity references other than the five predefined (section 11.1; CDATA sections are not
    /// restricted and are read as text); <c>unsupported-encoding</c> for bytes that are not UTF-8
    /// and for a declared encoding other than UTF-8; <c>bad-namespace-prefix</c> for an unbound
    /// prefix; <c>invalid-namespace</c> when the first element is not the stream element;
    /// <c>bad-format</c> for text between stanzas and a stream header that closes itself;
    /// <c>policy-violation</c> for an XML declaration or stream header beyond <see cref="XmlLimits"/>.
    /// The content namespace and the version are left to the stream layer to judge.
    /// <para>
    /// A stanza beyond a limit does not end the stream: from the byte that breaks the limit on, the
    /// parser stores nothing more of it and reads on to its end tag, and then reports
    /// <see cref="XmlEvent.Skipped"/> (a server lets through stanzas far larger than a device can
    /// hold, and one of them must not cost the connection). While it skips, it still checks what
    /// needs no storage: characters, UTF-8, references, the syntax of tags and the restricted
    /// constructs; an end tag is compared with its start tag by a 32-bit hash of the name, to
    /// twice <see cref="XmlLimits.MaxDepth"/> and beyond that only counted. Duplicate attributes
    /// and unbound prefixes in the part it skipped go unnoticed: nothing of that part is kept.
    /// </para>
    /// </remarks>
    public sealed class XmlStreamParser
    {
        private const string XmlPrefix = "xml";
        private const string XmlNamespace = "http://www.w3.org/XML/1998/namespace";
        private const string XmlnsNamespace = "http://www.w3.org/2000/xmlns/";
        private const string StreamsNamespace = "http://etherx.jabber.org/streams";

        // Where the parser is, outside and inside markup.
        private const int Prolog = 0;          // before the stream header
        private const int Between = 1;         // inside the stream, between stanzas
        private const int Closed = 2;          // after the stream's end tag
        private const int Failed = 3;
        private const int TagOpen = 4;         // after '<'
        private const int StartName = 5;       // in a start tag's name
        private const int InTag = 6;           // in a start tag, where an attribute may begin
        private const int AttributeName = 7;
        private const int AfterAttributeName = 8;
        private const int BeforeValue = 9;     // after '='
        private const int Value = 10;          // inside the quotes
        private const int AfterValue = 11;     // after the closing quote
        private const int EmptyEnd = 12;       // after '/' in a start tag
        private const int EndTagName = 13;       // in an end tag's name
        private const int AfterEndName = 14;
        private const int Content = 15;        // character data inside a stanza
        private const int Reference = 16;      // after '&'
        private const int EntityName = 17;
        private const int CharacterReference = 18;  // after "&#"
        private const int ReferenceDigits = 19;
        private const int Bang = 20;           // after "<!"
        private const int Keyword = 21;        // matching the rest of a keyword after "<!" or "<?"
        private const int CData = 22;          // inside a CDATA section
        private const int DeclarationTarget = 23;   // after "<?xml" at the very start
        private const int DeclarationEnd = 24;      // after '?' in the XML declaration

        // What the keyword being matched begins.
        private const int CommentKeyword = 0;
        private const int DoctypeKeyword = 1;
        private const int CDataKeyword = 2;
        private const int DeclarationKeyword = 3;

        // The predefined entities' names packed seven bits a letter (see AddEntityChar).
        private const int Lt = ('l' << 7) | 't';
        private const int Gt = ('g' << 7) | 't';
        private const int Amp = (('a' << 7) | 'm') << 7 | 'p';
        private const int Quot = ((('q' << 7) | 'u') << 7 | 'o') << 7 | 't';
        private const int Apos = ((('a' << 7) | 'p') << 7 | 'o') << 7 | 's';

        // FNV-1a over a name's UTF-8 bytes: how a skipped stanza's end tags are matched without its names.
        private const int FnvOffset = unchecked((int)2166136261u);
        private const int FnvPrime = 16777619;

        private readonly int maxStanzaBytes;
        private readonly int maxHeaderBytes;
        private readonly int maxDepth;
        private readonly int maxAttributes;
        private readonly int maxNameLength;
        private readonly int maxNamespaces;
        private readonly int maxStanzaElements;
        private readonly int maxStanzaAttributes;

        private readonly XmlStanza stanza;

        // Where the stream header's share of the arena begins, after the 'xml' prefix and its namespace.
        private readonly int headerBase;

        // The namespace declarations in scope, innermost last; entry 0 is the predeclared 'xml'.
        // Level is the open-element level of the element that declares it (the stream is level 0).
        private readonly int[] scopePrefix;
        private readonly int[] scopePrefixLength;
        private readonly int[] scopeUri;
        private readonly int[] scopeUriLength;
        private readonly int[] scopeLevel;
        private int scopeCount;

        // The open elements by level, and the last child seen at each level (to link siblings).
        private readonly int[] open;
        private readonly int[] lastChild;
        private int openCount;

        // A UTF-8 sequence split across bytes (and possibly across Feed calls).
        private readonly byte[] sequence = new byte[4];
        private int sequenceNeed;
        private int sequenceHave;

        private int state;
        private long position;

        // The markup construct in progress at stream level (a stanza, the header, the declaration)
        // and its size on the wire so far, bounded so that a huge stanza fails early.
        private bool construct;
        private bool capture;
        private int rawCount;
        private int rawLimit;

        // The construct began with the stream's very first byte, the only place for an XML declaration.
        private bool atStart;

        // The start tag in progress.
        private int element;
        private int tagFirstAttribute;
        private int nameStart;
        private int colon;
        private int quote;

        // The end tag in progress: the element it must close and how much of its name matched.
        private int endElement;
        private int endMatched;

        // The name being read: its UTF-8 length and, while skipping, its hash.
        private int nameLength;
        private int nameHash;

        // Skipping a stanza beyond a limit: the hash of the name of the open element at each level
        // (deeper levels are only counted in openCount), the hash of the start tag being read,
        // whether the root's start tag was read before the limit, and which limit it was.
        private readonly int[] skipNames;
        private bool skipping;
        private int elementHash;
        private bool skipRootKnown;
        private string skipReason;

        // Reading the XML declaration's pseudo-attributes, and which of them may come next
        // (0 version, 1 encoding or standalone, 2 standalone, 3 none).
        private bool declaration;
        private int declarationStep;

        // Character data: the open text run, line-end normalization, "]]>" detection.
        private int chunk;
        private bool pendingCarriageReturn;
        private int brackets;

        // A reference in progress and the state it returns to.
        private int returnState;
        private int referenceValue;
        private int referenceLength;
        private int referenceDigits;
        private bool referenceHex;

        // After "<!" or "<?": the rest of the keyword expected, how much of it matched, what it begins.
        private string keyword;
        private int keywordIndex;
        private int keywordKind;

        /// <summary>Creates a parser with the default <see cref="XmlLimits"/>.</summary>
        public XmlStreamParser()
            : this(new XmlLimits())
        {
        }

        /// <summary>Creates a parser and allocates all it will ever use, as <paramref name="limits"/> say.</summary>
        /// <param name="limits">The bounds; read now, not later.</param>
        /// <exception cref="ArgumentException">A limit is below 1.</exception>
        public XmlStreamParser(XmlLimits limits)
        {
            if (limits == null)
            {
                throw new ArgumentNullException("limits");
            }

            if (limits.MaxStanzaBytes < 1 || limits.MaxHeaderBytes < 1 || limits.MaxDepth < 1 || limits.MaxAttributes < 1
                || limits.MaxNameLength < 1 || limits.MaxNamespaces < 1 || limits.MaxStanzaElements < 1 || limits.MaxStanzaAttributes < 1)
            {
                throw new ArgumentException("every XmlLimits bound must be at least 1", "limits");
            }

            maxStanzaBytes = limits.MaxStanzaBytes;
            maxHeaderBytes = limits.MaxHeaderBytes;
            maxDepth = limits.MaxDepth;
            maxAttributes = limits.MaxAttributes;
            maxNameLength = limits.MaxNameLength;
            maxNamespaces = limits.MaxNamespaces;
            maxStanzaElements = limits.MaxStanzaElements;
            maxStanzaAttributes = limits.MaxStanzaAttributes;

            // Decoded data is never longer than the bytes it came from, so the header and one
            // stanza, each within its raw limit, always fit.
            headerBase = XmlPrefix.Length + XmlNamespace.Length;
            stanza = new XmlStanza(limits, headerBase + maxHeaderBytes + maxStanzaBytes);
            Utf8.Encode(XmlPrefix, stanza.Bytes, 0);
            Utf8.Encode(XmlNamespace, stanza.Bytes, XmlPrefix.Length);

            var scopes = maxNamespaces + 1;
            scopePrefix = new int[scopes];
            scopePrefixLength = new int[scopes];
            scopeUri = new int[scopes];
            scopeUriLength = new int[scopes];
            scopeLevel = new int[scopes];
            scopePrefixLength[0] = XmlPrefix.Length;
            scopeUri[0] = XmlPrefix.Length;
            scopeUriLength[0] = XmlNamespace.Length;
            scopeLevel[0] = -1;

            open = new int[maxDepth + 1];
            lastChild = new int[maxDepth + 2];
            skipNames = new int[2 * maxDepth + 1];
            Reset();
        }

        /// <summary>What the last <see cref="Feed"/> completed; <see cref="XmlEvent.None"/> when it needs more bytes.</summary>
        public XmlEvent Event { get; private set; }

        /// <summary>With <see cref="XmlEvent.Error"/>: the RFC 6120 stream error condition (see <see cref="XmlErrorCondition"/>); otherwise null.</summary>
        public string ErrorCondition { get; private set; }

        /// <summary>With <see cref="XmlEvent.Error"/>: what was wrong, for a log or the error's text; otherwise null.</summary>
        public string ErrorText { get; private set; }

        /// <summary>With <see cref="XmlEvent.Skipped"/>: which limit the stanza broke, for a log or an error's text; otherwise null.</summary>
        public string SkipReason { get; private set; }

        /// <summary>The stream element and the stanza just read; the same object for the parser's life.</summary>
        public XmlStanza Stanza
        {
            get { return stanza; }
        }

        /// <summary>
        /// Every byte <see cref="Feed"/> has consumed since construction; <see cref="Reset"/> keeps it.
        /// Whitespace keepalives raise no event, so liveness checks watch this instead.
        /// </summary>
        public long BytesReceived { get; private set; }

        /// <summary>
        /// Consumes bytes up to and including the one that completes an event (or all of them) and
        /// returns how many it consumed; <see cref="Event"/> says what, if anything, completed. The
        /// previous stanza is forgotten when this is called. An error counts the byte that caused
        /// it as consumed; after <see cref="XmlEvent.Error"/> this consumes nothing and returns 0
        /// until <see cref="Reset"/>.
        /// </summary>
        /// <param name="buffer">The bytes received.</param>
        /// <param name="offset">The first byte to consume.</param>
        /// <param name="count">How many bytes there are from <paramref name="offset"/>.</param>
        /// <returns>How many bytes were consumed.</returns>
        public int Feed(byte[] buffer, int offset, int count)
        {
            if (buffer == null)
            {
                throw new ArgumentNullException("buffer");
            }

            if (offset < 0 || count < 0 || offset + count > buffer.Length)
            {
                throw new ArgumentOutOfRangeException("count");
            }

            if (state == Failed)
            {
                return 0;
            }

            if (Event == XmlEvent.Stanza || Event == XmlEvent.Skipped)
            {
                stanza.ClearStanza();
            }

            Event = XmlEvent.None;
            SkipReason = null;
            for (var i = 0; i < count; i++)
            {
                int b = buffer[offset + i];
                BytesReceived++;
                position++;
                if (construct && !skipping)
                {
                    if (rawCount < rawLimit)
                    {
                        if (capture)
                        {
                            stanza.Raw[rawCount] = (byte)b;
                        }

                        rawCount++;
                    }
                    else if (!Limit("a stanza or stream header is larger than the limit"))
                    {
                        return i + 1;
                    }
                }

                // ASCII, most of any stream, skips the decoder: the device interprets every call.
                var c = b < 0x80 && sequenceNeed == 0 ? b : Decode(b);
                if (c == -1)
                {
                    continue;
                }

                if (c == -2)
                {
                    return i + 1;
                }

                if (!XmlChars.IsChar(c))
                {
                    if (c == 0 && position == 1)
                    {
                        // "<" in UTF-16 or UTF-32 without a byte order mark starts with a zero byte.
                        Fail(XmlErrorCondition.UnsupportedEncoding, "the stream is not UTF-8");
                    }
                    else
                    {
                        Fail(XmlErrorCondition.NotWellFormed, "a character that XML does not allow");
                    }

                    return i + 1;
                }

                Step(c);
                if (Event != XmlEvent.None)
                {
                    return i + 1;
                }
            }

            return count;
        }

        /// <summary>
        /// Forgets the stream, an error included, and expects a new one (an XML declaration, then a
        /// stream header): for the stream restarts after STARTTLS and SASL, and for a new connection.
        /// </summary>
        public void Reset()
        {
            state = Prolog;
            Event = XmlEvent.None;
            ErrorCondition = null;
            ErrorText = null;
            position = 0;
            construct = false;
            skipping = false;
            SkipReason = null;
            sequenceNeed = 0;
            pendingCarriageReturn = false;
            brackets = 0;
            chunk = -1;
            declaration = false;
            openCount = 0;
            scopeCount = 1;
            stanza.StreamOpen = false;
            stanza.HeaderLength = headerBase;
            stanza.HeaderAttributes = 0;
            stanza.ContentStart = 0;
            stanza.ContentLength = 0;
            stanza.ClearStanza();
        }

        /// <summary>Takes a byte of a multi-byte sequence; returns the scalar it completes, -1 when the sequence needs more, -2 after failing.</summary>
        private int Decode(int b)
        {
            if (sequenceNeed == 0)
            {
                if (b < 0xC2 || b > 0xF4)
                {
                    return FailEncoding();
                }

                sequence[0] = (byte)b;
                sequenceHave = 1;
                sequenceNeed = b < 0xE0 ? 2 : b < 0xF0 ? 3 : 4;
                return -1;
            }

            if ((b & 0xC0) != 0x80)
            {
                return FailEncoding();
            }

            sequence[sequenceHave++] = (byte)b;
            if (sequenceHave < sequenceNeed)
            {
                return -1;
            }

            var length = sequenceNeed;
            sequenceNeed = 0;

            // The complete sequence still has to be the shortest form, no surrogate, at most U+10FFFF.
            if (Utf8.SequenceLength(sequence, 0, length) == 0)
            {
                return FailEncoding();
            }

            var scalar = sequence[0] & (0x7F >> length);
            for (var k = 1; k < length; k++)
            {
                scalar = (scalar << 6) | (sequence[k] & 0x3F);
            }

            return scalar;
        }

        private int FailEncoding()
        {
            // RFC 6120 section 4.9.3.22: improperly encoded, e.g. by violating the rules of UTF-8.
            Fail(XmlErrorCondition.UnsupportedEncoding, "bytes that are not well-formed UTF-8");
            return -2;
        }

        private void Step(int c)
        {
            // A line feed right after a carriage return belongs to it (XML section 2.11).
            var afterCarriageReturn = pendingCarriageReturn;
            pendingCarriageReturn = false;
            switch (state)
            {
                case Prolog:
                    if (c == '<')
                    {
                        atStart = position == 1;
                        BeginConstruct(maxHeaderBytes, false);
                    }
                    else if (!XmlChars.IsWhitespace(c))
                    {
                        Fail(XmlErrorCondition.NotWellFormed, "text before the stream header");
                    }

                    return;
                case Between:
                    if (c == '<')
                    {
                        BeginConstruct(maxStanzaBytes, stanza.Raw != null);
                    }
                    else if (!XmlChars.IsWhitespace(c))
                    {
                        // Well-formed XML, but a stream carries stanzas and whitespace only.
                        Fail(XmlErrorCondition.BadFormat, "text between stanzas");
                    }

                    return;
                case Closed:
                    if (!XmlChars.IsWhitespace(c))
                    {
                        Fail(XmlErrorCondition.NotWellFormed, "data after the end of the stream");
                    }

                    return;
                case TagOpen:
                    OnTagOpen(c);
                    return;
                case StartName:
                    if (XmlChars.IsNameChar(c))
                    {
                        PutName(c);
                    }
                    else if (CheckNameEnd())
                    {
                        if (skipping)
                        {
                            elementHash = nameHash;
                        }
                        else
                        {
                            stanza.ElementNameLength[element] = nameLength;
                            stanza.ElementPrefixLength[element] = colon < 0 ? 0 : colon;
                        }

                        if (XmlChars.IsWhitespace(c))
                        {
                            state = InTag;
                        }
                        else
                        {
                            OnTagChar(c, false);
                        }
                    }

                    return;
                case InTag:
                    if (!XmlChars.IsWhitespace(c))
                    {
                        OnTagChar(c, true);
                    }

                    return;
                case AfterValue:
                    if (XmlChars.IsWhitespace(c))
                    {
                        state = InTag;
                    }
                    else
                    {
                        OnTagChar(c, false);
                    }

                    return;
                case AttributeName:
                    if (XmlChars.IsNameChar(c))
                    {
                        PutName(c);
                    }
                    else if (CheckNameEnd())
                    {
                        if (!skipping)
                        {
                            stanza.AttributeNameLength[stanza.AttributeTotal - 1] = nameLength;
                        }

                        OnAfterAttributeName(c);
                    }

                    return;
                case AfterAttributeName:
                    OnAfterAttributeName(c);
                    return;
                case BeforeValue:
                    if (c == '"' || c == '\'')
                    {
                        quote = c;
                        state = Value;
                    }
                    else if (!XmlChars.IsWhitespace(c))
                    {
                        Fail(XmlErrorCondition.NotWellFormed, "an attribute value without quotes");
                    }

                    return;
                case Value:
                    OnValueChar(c, afterCarriageReturn);
                    return;
                case EmptyEnd:
                    if (c == '>')
                    {
                        FinishStartTag(true);
                    }
                    else
                    {
                        Fail(XmlErrorCondition.NotWellFormed, "'/' in a start tag not followed by '>'");
                    }

                    return;
                case EndTagName:
                    OnEndNameChar(c);
                    return;
                case AfterEndName:
                    if (c == '>')
                    {
                        CloseElement();
                    }
                    else if (!XmlChars.IsWhitespace(c))
                    {
                        Fail(XmlErrorCondition.NotWellFormed, "text after the name in an end tag");
                    }

                    return;
                case Content:
                    OnContentChar(c, afterCarriageReturn);
                    return;
                case Reference:
                case EntityName:
                case CharacterReference:
                case ReferenceDigits:
                    OnReferenceChar(c);
                    return;
                case Bang:
                    OnBang(c);
                    return;
                case Keyword:
                    OnKeywordChar(c);
                    return;
                case CData:
                    OnCDataChar(c, afterCarriageReturn);
                    return;
                case DeclarationTarget:
                    if (XmlChars.IsWhitespace(c))
                    {
                        declaration = true;
                        declarationStep = 0;
                        tagFirstAttribute = stanza.AttributeTotal;
                        state = InTag;
                    }
                    else if (XmlChars.IsNameChar(c))
                    {
                        Fail(XmlErrorCondition.RestrictedXml, "a processing instruction");
                    }
                    else
                    {
                        Fail(XmlErrorCondition.NotWellFormed, "an XML declaration without a version");
                    }

                    return;
                default:
                    // DeclarationEnd: after the '?' that ends the XML declaration.
                    if (c == '>')
                    {
                        FinishDeclaration();
                    }
                    else
                    {
                        Fail(XmlErrorCondition.NotWellFormed, "'?' in the XML declaration not followed by '>'");
                    }

                    return;
            }
        }

        private void BeginConstruct(int limit, bool keepRaw)
        {
            construct = true;
            capture = keepRaw;
            rawLimit = limit;
            rawCount = 1;
            if (keepRaw)
            {
                stanza.Raw[0] = (byte)'<';
            }

            state = TagOpen;
        }

        private void OnTagOpen(int c)
        {
            if (c == '/')
            {
                if (openCount == 0)
                {
                    Fail(XmlErrorCondition.NotWellFormed, "an end tag before the stream header");
                    return;
                }

                CloseText();
                endElement = skipping ? -1 : open[openCount - 1];
                endMatched = 0;
                nameLength = 0;
                nameHash = FnvOffset;
                state = EndTagName;
            }
            else if (c == '!')
            {
                state = Bang;
            }
            else if (c == '?')
            {
                // Only the very first bytes of a stream may be the XML declaration; any other
                // "<?" is a processing instruction, which RFC 6120 section 11.1 forbids.
                if (openCount == 0 && atStart)
                {
                    BeginKeyword(XmlPrefix, DeclarationKeyword);
                }
                else
                {
                    Fail(XmlErrorCondition.RestrictedXml, "a processing instruction");
                }
            }
            else if (XmlChars.IsNameStartChar(c))
            {
                BeginElement(c);
            }
            else
            {
                Fail(XmlErrorCondition.NotWellFormed, "'<' not followed by a name");
            }
        }

        private void BeginElement(int c)
        {
            if (openCount > 0 && !skipping)
            {
                if (openCount > maxDepth)
                {
                    StartSkip("elements nested deeper than the limit");
                }
                else if (stanza.ElementCount > maxStanzaElements)
                {
                    StartSkip("a stanza with more elements than the limit");
                }
                else
                {
                    CloseText();
                }
            }

            if (skipping)
            {
                state = StartName;
                BeginName(c);
                return;
            }

            element = stanza.ElementCount++;
            stanza.ElementName[element] = stanza.Length;
            stanza.ElementFirstAttribute[element] = stanza.AttributeTotal;
            stanza.ElementParent[element] = openCount > 0 ? open[openCount - 1] : -1;
            stanza.ElementNext[element] = -1;
            tagFirstAttribute = stanza.AttributeTotal;
            state = StartName;
            BeginName(c);
        }

        /// <summary>A character in a start tag (or the XML declaration) that is not whitespace.</summary>
        private void OnTagChar(int c, bool attributeMayBegin)
        {
            if (declaration)
            {
                if (c == '?')
                {
                    state = DeclarationEnd;
                    return;
                }
            }
            else if (c == '>')
            {
                FinishStartTag(false);
                return;
            }
            else if (c == '/')
            {
                state = EmptyEnd;
                return;
            }

            if (attributeMayBegin && XmlChars.IsNameStartChar(c))
            {
                BeginAttribute(c);
            }
            else
            {
                var missingSpace = !attributeMayBegin && XmlChars.IsNameStartChar(c);
                Fail(XmlErrorCondition.NotWellFormed, missingSpace ? "attributes without whitespace between them" : "a character that does not belong in a tag");
            }
        }

        private void BeginAttribute(int c)
        {
            if (!skipping)
            {
                if (stanza.AttributeTotal - tagFirstAttribute >= maxAttributes)
                {
                    if (!Limit("an element with more attributes than the limit"))
                    {
                        return;
                    }
                }
                else if (openCount > 0 && stanza.AttributeTotal - stanza.HeaderAttributes >= maxStanzaAttributes)
                {
                    StartSkip("a stanza with more attributes than the limit");
                }
            }

            if (skipping)
            {
                state = AttributeName;
                BeginName(c);
                return;
            }

            stanza.AttributeNameStart[stanza.AttributeTotal++] = stanza.Length;
            state = AttributeName;
            BeginName(c);
        }

        private void OnAfterAttributeName(int c)
        {
            if (c == '=')
            {
                state = BeforeValue;
            }
            else if (XmlChars.IsWhitespace(c))
            {
                state = AfterAttributeName;
            }
            else
            {
                Fail(XmlErrorCondition.NotWellFormed, "an attribute without '='");
            }
        }

        private void OnValueChar(int c, bool afterCarriageReturn)
        {
            if (c == quote)
            {
                FinishAttribute();
                return;
            }

            switch (c)
            {
                case '<':
                    Fail(XmlErrorCondition.NotWellFormed, "'<' in an attribute value");
                    return;
                case '&':
                    if (declaration)
                    {
                        Fail(XmlErrorCondition.NotWellFormed, "a reference in the XML declaration");
                        return;
                    }

                    returnState = Value;
                    state = Reference;
                    return;
                case '\n':
                    // Attribute-value normalization (XML section 3.3.3): each line end or tab becomes a space.
                    if (!afterCarriageReturn)
                    {
                        Put(' ');
                    }

                    return;
                case '\r':
                    Put(' ');
                    pendingCarriageReturn = true;
                    return;
                case '\t':
                    Put(' ');
                    return;
                default:
                    Put(c);
                    return;
            }
        }

        private void FinishAttribute()
        {
            if (skipping)
            {
                state = AfterValue;
                return;
            }

            var attribute = stanza.AttributeTotal - 1;
            var name = stanza.AttributeNameStart[attribute];
            var nameLength = stanza.AttributeNameLength[attribute];
            var value = stanza.ValueStart(attribute);
            var valueLength = stanza.Length - value;
            stanza.AttributeValueLength[attribute] = valueLength;
            state = AfterValue;
            if (declaration)
            {
                CheckDeclarationAttribute(name, nameLength, value, valueLength);
                return;
            }

            // Namespace declarations are kept in the scope table, not as attributes.
            if (stanza.Equal(name, nameLength, "xmlns"))
            {
                stanza.AttributeTotal--;
                Declare(name, 0, value, valueLength);
            }
            else if (PrefixLength(name, nameLength) == 5 && stanza.Equal(name, 5, "xmlns"))
            {
                stanza.AttributeTotal--;
                Declare(name + 6, nameLength - 6, value, valueLength);
            }
        }

        /// <summary>Records a namespace declaration of the element being started (Namespaces in XML section 3).</summary>
        private void Declare(int prefix, int prefixLength, int uri, int uriLength)
        {
            if (prefixLength > 0)
            {
                if (uriLength == 0)
                {
                    Fail(XmlErrorCondition.NotWellFormed, "a namespace prefix bound to no namespace");
                    return;
                }

                if (stanza.Equal(prefix, prefixLength, "xmlns"))
                {
                    Fail(XmlErrorCondition.NotWellFormed, "a declaration of the xmlns prefix");
                    return;
                }

                if (stanza.Equal(prefix, prefixLength, XmlPrefix))
                {
                    // Binding 'xml' to its own namespace is allowed and changes nothing.
                    if (!stanza.Equal(uri, uriLength, XmlNamespace))
                    {
                        Fail(XmlErrorCondition.NotWellFormed, "the xml prefix bound to another namespace");
                    }

                    return;
                }
            }

            if (stanza.Equal(uri, uriLength, XmlNamespace) || stanza.Equal(uri, uriLength, XmlnsNamespace))
            {
                Fail(XmlErrorCondition.NotWellFormed, "a reserved namespace bound to another prefix");
                return;
            }

            for (var i = scopeCount - 1; i > 0 && scopeLevel[i] == openCount; i--)
            {
                if (scopePrefixLength[i] == prefixLength && stanza.Equal(scopePrefix[i], prefix, prefixLength))
                {
                    Fail(XmlErrorCondition.NotWellFormed, "a namespace declared twice on one element");
                    return;
                }
            }

            if (scopeCount > maxNamespaces)
            {
                Limit("more namespace declarations in scope than the limit");
                return;
            }

            scopePrefix[scopeCount] = prefix;
            scopePrefixLength[scopeCount] = prefixLength;
            scopeUri[scopeCount] = uri;
            scopeUriLength[scopeCount] = uriLength;
            scopeLevel[scopeCount] = openCount;
            scopeCount++;
        }

        private void FinishStartTag(bool empty)
        {
            if (skipping)
            {
                if (empty)
                {
                    Ended(openCount);
                    return;
                }

                if (openCount < skipNames.Length)
                {
                    skipNames[openCount] = elementHash;
                }

                openCount++;
                state = Content;
                return;
            }

            var scope = Resolve(stanza.ElementName[element], stanza.ElementPrefixLength[element]);
            if (scope == -2)
            {
                Fail(XmlErrorCondition.BadNamespacePrefix, "an element prefix that no declaration binds");
                return;
            }

            stanza.ElementNamespace[element] = scope >= 0 ? scopeUri[scope] : 0;
            stanza.ElementNamespaceLength[element] = scope >= 0 ? scopeUriLength[scope] : 0;
            if (!CheckAttributes())
            {
                return;
            }

            if (openCount == 0)
            {
                OpenStream(empty);
                return;
            }

            // A stanza root has no siblings; below it, link each element to the one before it.
            var level = openCount;
            if (level > 1)
            {
                var previous = lastChild[level];
                if (previous >= 0)
                {
                    stanza.ElementNext[previous] = element;
                }

                lastChild[level] = element;
            }

            if (empty)
            {
                Ended(level);
                return;
            }

            open[level] = element;
            lastChild[level + 1] = -1;
            openCount++;
            state = Content;
        }

        /// <summary>Resolves the prefixes of the tag's attributes and rejects duplicates; false after failing.</summary>
        private bool CheckAttributes()
        {
            for (var a = tagFirstAttribute; a < stanza.AttributeTotal; a++)
            {
                var name = stanza.AttributeNameStart[a];
                var length = stanza.AttributeNameLength[a];
                var prefix = PrefixLength(name, length);
                var scope = prefix > 0 ? Resolve(name, prefix) : -1;
                if (scope == -2)
                {
                    Fail(XmlErrorCondition.BadNamespacePrefix, "an attribute prefix that no declaration binds");
                    return false;
                }

                for (var b = tagFirstAttribute; b < a; b++)
                {
                    var other = stanza.AttributeNameStart[b];
                    var otherLength = stanza.AttributeNameLength[b];
                    if (otherLength == length && stanza.Equal(name, other, length))
                    {
                        Fail(XmlErrorCondition.NotWellFormed, "an attribute given twice");
                        return false;
                    }

                    // Two prefixes for one namespace still make one expanded name (Namespaces in XML section 6.3).
                    var otherPrefix = PrefixLength(other, otherLength);
                    if (prefix > 0 && otherPrefix > 0 && length - prefix == otherLength - otherPrefix
                        && stanza.Equal(name + prefix, other + otherPrefix, length - prefix))
                    {
                        var otherScope = Resolve(other, otherPrefix);
                        if (scopeUriLength[scope] == scopeUriLength[otherScope]
                            && stanza.Equal(scopeUri[scope], scopeUri[otherScope], scopeUriLength[scope]))
                        {
                            Fail(XmlErrorCondition.NotWellFormed, "an attribute given twice under two prefixes");
                            return false;
                        }
                    }
                }
            }

            return true;
        }

        private void OpenStream(bool empty)
        {
            if (!stanza.Equal(stanza.ElementNamespace[0], stanza.ElementNamespaceLength[0], StreamsNamespace)
                || !stanza.Equal(stanza.LocalStart(0), stanza.LocalLength(0), "stream"))
            {
                Fail(XmlErrorCondition.InvalidNamespace, "the first element is not {http://etherx.jabber.org/streams}stream");
                return;
            }

            if (empty)
            {
                Fail(XmlErrorCondition.BadFormat, "a stream header that closes the stream at once");
                return;
            }

            var content = Resolve(0, 0);
            stanza.ContentStart = content >= 0 ? scopeUri[content] : 0;
            stanza.ContentLength = content >= 0 ? scopeUriLength[content] : 0;
            stanza.HeaderLength = stanza.Length;
            stanza.HeaderAttributes = stanza.AttributeTotal;
            stanza.StreamOpen = true;
            open[0] = 0;
            openCount = 1;
            construct = false;
            state = Between;
            Event = XmlEvent.StreamOpened;
        }

        private void OnEndNameChar(int c)
        {
            if (skipping)
            {
                OnSkippedEndNameChar(c);
                return;
            }

            var name = stanza.ElementName[endElement];
            var length = stanza.ElementNameLength[endElement];
            if (c == '>' || XmlChars.IsWhitespace(c))
            {
                if (endMatched != length)
                {
                    Fail(XmlErrorCondition.NotWellFormed, "an end tag that does not match its start tag");
                }
                else if (c == '>')
                {
                    CloseElement();
                }
                else
                {
                    state = AfterEndName;
                }

                return;
            }

            var matched = XmlChars.Match(c, stanza.Bytes, name + endMatched, name + length);
            if (matched < 0)
            {
                Fail(XmlErrorCondition.NotWellFormed, "an end tag that does not match its start tag");
                return;
            }

            endMatched += matched;
        }

        private void CloseElement()
        {
            openCount--;
            Ended(openCount);
        }

        /// <summary>The element at <paramref name="level"/> has ended: drop its declarations, and report what it completes.</summary>
        private void Ended(int level)
        {
            while (scopeCount > 1 && scopeLevel[scopeCount - 1] >= level)
            {
                scopeCount--;
            }

            if (level == 1)
            {
                construct = false;
                state = Between;
                if (skipping)
                {
                    skipping = false;
                    stanza.RawCount = 0;
                    stanza.Complete = skipRootKnown;
                    SkipReason = skipReason;
                    Event = XmlEvent.Skipped;
                }
                else
                {
                    stanza.RawCount = rawCount;
                    stanza.Complete = true;
                    Event = XmlEvent.Stanza;
                }
            }
            else if (level == 0)
            {
                construct = false;
                state = Closed;
                Event = XmlEvent.StreamClosed;
            }
            else
            {
                state = Content;
            }
        }

        private void OnContentChar(int c, bool afterCarriageReturn)
        {
            if (c == '<')
            {
                brackets = 0;
                state = TagOpen;
                return;
            }

            if (c == '&')
            {
                brackets = 0;
                returnState = Content;
                state = Reference;
                return;
            }

            if (c == '>' && brackets >= 2)
            {
                Fail(XmlErrorCondition.NotWellFormed, "']]>' in character data");
                return;
            }

            brackets = c == ']' ? brackets + 1 : 0;
            if (c == '\r')
            {
                PutText('\n');
                pendingCarriageReturn = true;
            }
            else if (c != '\n' || !afterCarriageReturn)
            {
                PutText(c);
            }
        }

        private void OnCDataChar(int c, bool afterCarriageReturn)
        {
            // Brackets are held back until it is clear whether they end the section.
            if (c == ']')
            {
                brackets++;
                return;
            }

            if (c == '>' && brackets >= 2)
            {
                PutBrackets(brackets - 2);
                brackets = 0;
                state = Content;
                return;
            }

            PutBrackets(brackets);
            brackets = 0;
            if (c == '\r')
            {
                PutText('\n');
                pendingCarriageReturn = true;
            }
            else if (c != '\n' || !afterCarriageReturn)
            {
                PutText(c);
            }
        }

        private void PutBrackets(int count)
        {
            for (var k = 0; k < count; k++)
            {
                PutText(']');
            }
        }

        private void OnReferenceChar(int c)
        {
            switch (state)
            {
                case Reference:
                    if (c == '#')
                    {
                        referenceValue = 0;
                        referenceDigits = 0;
                        state = CharacterReference;
                    }
                    else if (XmlChars.IsNameStartChar(c))
                    {
                        referenceValue = 0;
                        referenceLength = 0;
                        AddEntityChar(c);
                        state = EntityName;
                    }
                    else
                    {
                        Fail(XmlErrorCondition.NotWellFormed, "'&' that starts no reference");
                    }

                    return;
                case EntityName:
                    if (c == ';')
                    {
                        var predefined = Predefined();
                        if (predefined < 0)
                        {
                            // RFC 6120 section 11.1: no entity references but the five predefined ones.
                            Fail(XmlErrorCondition.RestrictedXml, "an entity reference other than the predefined ones");
                        }
                        else
                        {
                            EndReference(predefined);
                        }
                    }
                    else if (XmlChars.IsNameChar(c))
                    {
                        AddEntityChar(c);
                    }
                    else
                    {
                        Fail(XmlErrorCondition.NotWellFormed, "an entity reference without ';'");
                    }

                    return;
                case CharacterReference:
                    if (c == 'x')
                    {
                        referenceHex = true;
                        state = ReferenceDigits;
                    }
                    else
                    {
                        referenceHex = false;
                        state = ReferenceDigits;
                        AddDigit(c);
                    }

                    return;
                default:
                    if (c != ';')
                    {
                        AddDigit(c);
                    }
                    else if (referenceDigits == 0 || !XmlChars.IsChar(referenceValue))
                    {
                        Fail(XmlErrorCondition.NotWellFormed, "a character reference to no character XML allows");
                    }
                    else
                    {
                        EndReference(referenceValue);
                    }

                    return;
            }
        }

        private void AddEntityChar(int c)
        {
            // Only the first four ASCII letters matter: no predefined name is longer.
            if (referenceLength < 5)
            {
                referenceLength = c < 0x80 ? referenceLength + 1 : 5;
                referenceValue = (referenceValue << 7) | (c & 0x7F);
            }
        }

        private int Predefined()
        {
            switch (referenceLength)
            {
                case 2:
                    return referenceValue == Lt ? '<' : referenceValue == Gt ? '>' : -1;
                case 3:
                    return referenceValue == Amp ? '&' : -1;
                case 4:
                    return referenceValue == Quot ? '"' : referenceValue == Apos ? '\'' : -1;
                default:
                    return -1;
            }
        }

        private void AddDigit(int c)
        {
            int digit;
            if (c >= '0' && c <= '9')
            {
                digit = c - '0';
            }
            else if (referenceHex && c >= 'a' && c <= 'f')
            {
                digit = c - 'a' + 10;
            }
            else if (referenceHex && c >= 'A' && c <= 'F')
            {
                digit = c - 'A' + 10;
            }
            else
            {
                Fail(XmlErrorCondition.NotWellFormed, "a character reference with a bad digit");
                return;
            }

            // Past U+10FFFF the value stays put: it is invalid anyway, and it cannot overflow.
            if (referenceValue <= 0x10FFFF)
            {
                referenceValue = referenceValue * (referenceHex ? 16 : 10) + digit;
            }

            referenceDigits++;
        }

        private void EndReference(int scalar)
        {
            state = returnState;
            if (returnState == Content)
            {
                PutText(scalar);
            }
            else
            {
                Put(scalar);
            }
        }

        private void OnBang(int c)
        {
            if (c == '-')
            {
                BeginKeyword("-", CommentKeyword);
            }
            else if (c == '[')
            {
                BeginKeyword("CDATA[", CDataKeyword);
            }
            else if (c == 'D')
            {
                BeginKeyword("OCTYPE", DoctypeKeyword);
            }
            else
            {
                Fail(XmlErrorCondition.NotWellFormed, "'<!' that starts nothing XML allows");
            }
        }

        private void BeginKeyword(string text, int kind)
        {
            keyword = text;
            keywordIndex = 0;
            keywordKind = kind;
            state = Keyword;
        }

        private void OnKeywordChar(int c)
        {
            if (c != keyword[keywordIndex])
            {
                if (keywordKind == DeclarationKeyword)
                {
                    Fail(XmlErrorCondition.RestrictedXml, "a processing instruction");
                }
                else
                {
                    Fail(XmlErrorCondition.NotWellFormed, "'<!' that starts nothing XML allows");
                }

                return;
            }

            if (++keywordIndex < keyword.Length)
            {
                return;
            }

            switch (keywordKind)
            {
                case CommentKeyword:
                    Fail(XmlErrorCondition.RestrictedXml, "a comment");
                    return;
                case DoctypeKeyword:
                    Fail(XmlErrorCondition.RestrictedXml, "a document type declaration");
                    return;
                case DeclarationKeyword:
                    state = DeclarationTarget;
                    return;
                default:
                    if (openCount > 1)
                    {
                        brackets = 0;
                        state = CData;
                    }
                    else if (openCount == 1)
                    {
                        Fail(XmlErrorCondition.BadFormat, "a CDATA section between stanzas");
                    }
                    else
                    {
                        Fail(XmlErrorCondition.NotWellFormed, "a CDATA section before the stream header");
                    }

                    return;
            }
        }

        /// <summary>Checks one pseudo-attribute of the XML declaration, in the order XML section 2.8 requires.</summary>
        private void CheckDeclarationAttribute(int name, int nameLength, int value, int valueLength)
        {
            if (declarationStep == 0)
            {
                if (!stanza.Equal(name, nameLength, "version") || !IsVersion(value, valueLength))
                {
                    Fail(XmlErrorCondition.NotWellFormed, "an XML declaration that does not begin with version='1.x'");
                    return;
                }

                declarationStep = 1;
            }
            else if (declarationStep == 1 && stanza.Equal(name, nameLength, "encoding"))
            {
                if (!EqualsIgnoreCase(value, valueLength, "UTF-8"))
                {
                    Fail(XmlErrorCondition.UnsupportedEncoding, "an XML declaration of an encoding other than UTF-8");
                    return;
                }

                declarationStep = 2;
            }
            else if (declarationStep < 3 && stanza.Equal(name, nameLength, "standalone")
                && (stanza.Equal(value, valueLength, "yes") || stanza.Equal(value, valueLength, "no")))
            {
                declarationStep = 3;
            }
            else
            {
                Fail(XmlErrorCondition.NotWellFormed, "an XML declaration with a bad or misplaced pseudo-attribute");
            }
        }

        private void FinishDeclaration()
        {
            if (declarationStep == 0)
            {
                Fail(XmlErrorCondition.NotWellFormed, "an XML declaration without a version");
                return;
            }

            declaration = false;
            stanza.AttributeTotal = 0;
            stanza.Length = headerBase;
            construct = false;
            state = Prolog;
        }

        private bool IsVersion(int value, int length)
        {
            if (length < 3 || stanza.Bytes[value] != '1' || stanza.Bytes[value + 1] != '.')
            {
                return false;
            }

            for (var k = 2; k < length; k++)
            {
                var b = stanza.Bytes[value + k];
                if (b < '0' || b > '9')
                {
                    return false;
                }
            }

            return true;
        }

        private bool EqualsIgnoreCase(int start, int length, string ascii)
        {
            if (length != ascii.Length)
            {
                return false;
            }

            for (var k = 0; k < length; k++)
            {
                int b = stanza.Bytes[start + k];
                if (b >= 'a' && b <= 'z')
                {
                    b -= 'a' - 'A';
                }

                if (b != ascii[k])
                {
                    return false;
                }
            }

            return true;
        }

        /// <summary>
        /// The scope entry that binds the prefix at <paramref name="prefix"/> (the default namespace
        /// when <paramref name="prefixLength"/> is 0): -1 for no namespace, -2 for an unbound prefix.
        /// </summary>
        private int Resolve(int prefix, int prefixLength)
        {
            for (var i = scopeCount - 1; i >= 0; i--)
            {
                if (scopePrefixLength[i] == prefixLength && stanza.Equal(scopePrefix[i], prefix, prefixLength))
                {
                    return i;
                }
            }

            return prefixLength == 0 ? -1 : -2;
        }

        /// <summary>The length of the prefix of the name at <paramref name="name"/>, or 0 when it has none.</summary>
        private int PrefixLength(int name, int length)
        {
            for (var k = 0; k < length; k++)
            {
                if (stanza.Bytes[name + k] == ':')
                {
                    return k;
                }
            }

            return 0;
        }

        private void BeginName(int c)
        {
            nameStart = stanza.Length;
            nameLength = 0;
            nameHash = FnvOffset;
            colon = -1;
            PutName(c);
        }

        /// <summary>Adds a name character, holding names to Namespaces in XML's QName: at most one colon, inside.</summary>
        private void PutName(int c)
        {
            var length = nameLength;
            if (c == ':')
            {
                if (colon >= 0 || length == 0)
                {
                    Fail(XmlErrorCondition.NotWellFormed, "a name with an empty prefix or two colons");
                    return;
                }

                colon = length;
            }
            else if (colon >= 0 && length == colon + 1 && !XmlChars.IsNameStartChar(c))
            {
                Fail(XmlErrorCondition.NotWellFormed, "a local name that starts with a character names cannot start with");
                return;
            }

            var size = Utf8.ScalarLength(c);
            if (!skipping && length + size > maxNameLength && !Limit("a name longer than the limit"))
            {
                return;
            }

            nameLength = length + size;
            if (skipping)
            {
                nameHash = HashScalar(nameHash, c);
            }
            else
            {
                Put(c);
            }
        }

        /// <summary>Ends the name being read; false after failing.</summary>
        private bool CheckNameEnd()
        {
            if (colon == nameLength - 1)
            {
                Fail(XmlErrorCondition.NotWellFormed, "a name with an empty local part");
                return false;
            }

            return true;
        }

        private void PutText(int c)
        {
            if (skipping)
            {
                return;
            }

            if (chunk < 0)
            {
                chunk = stanza.ChunkCount++;
                stanza.ChunkStart[chunk] = stanza.Length;
                stanza.ChunkOwner[chunk] = open[openCount - 1];
            }

            Put(c);
        }

        private void CloseText()
        {
            if (chunk >= 0)
            {
                stanza.ChunkLength[chunk] = stanza.Length - stanza.ChunkStart[chunk];
                chunk = -1;
            }
        }

        private void Put(int c)
        {
            if (skipping)
            {
                return;
            }

            if (c < 0x80)
            {
                stanza.Bytes[stanza.Length++] = (byte)c;
            }
            else
            {
                stanza.Length += Utf8.EncodeScalar(c, stanza.Bytes, stanza.Length);
            }
        }

        /// <summary>
        /// Input beyond a limit: inside a stanza, starts skipping it and returns true (the caller
        /// goes on in the skipping mode); in the XML declaration or the stream header, which cannot
        /// be skipped, fails with <c>policy-violation</c> and returns false.
        /// </summary>
        private bool Limit(string text)
        {
            if (openCount == 0)
            {
                Fail(XmlErrorCondition.PolicyViolation, text);
                return false;
            }

            StartSkip(text);
            return true;
        }

        /// <summary>
        /// Stops storing the stanza in progress: keeps its root's start tag in view when it was read
        /// (whole, or its name and the attributes complete so far), turns the names of the open
        /// elements, and of the name being read, into the hashes the skipping mode compares.
        /// </summary>
        private void StartSkip(string text)
        {
            for (var level = 1; level < openCount && level < skipNames.Length; level++)
            {
                var e = open[level];
                skipNames[level] = HashArena(stanza.ElementName[e], stanza.ElementNameLength[e]);
            }

            var inStartTag = InStartTag();
            if (state == StartName || state == AttributeName)
            {
                nameHash = HashArena(nameStart, nameLength);
            }
            else if (state == EndTagName)
            {
                nameHash = HashArena(stanza.ElementName[endElement], endMatched);
                nameLength = endMatched;
            }

            if (inStartTag && state != StartName)
            {
                elementHash = HashArena(stanza.ElementName[element], stanza.ElementNameLength[element]);
            }

            KeepRoot(inStartTag);
            chunk = -1;
            skipping = true;
            skipReason = text;
        }

        /// <summary>Trims the stanza view to its root's start tag, or to nothing when the root's name was not read whole.</summary>
        private void KeepRoot(bool inStartTag)
        {
            skipRootKnown = stanza.ElementCount > 1 && !(element == 1 && state == StartName);
            stanza.ChunkCount = 0;
            if (!skipRootKnown)
            {
                stanza.ElementCount = 1;
                stanza.AttributeTotal = stanza.HeaderAttributes;
                return;
            }

            if (inStartTag && element == 1)
            {
                // The root's start tag was cut: its namespace is what the declarations read so far
                // make it, and an attribute not yet read whole is left out.
                var scope = Resolve(stanza.ElementName[1], stanza.ElementPrefixLength[1]);
                stanza.ElementNamespace[1] = scope >= 0 ? scopeUri[scope] : 0;
                stanza.ElementNamespaceLength[1] = scope >= 0 ? scopeUriLength[scope] : 0;
                if (state != InTag && state != AfterValue && state != EmptyEnd)
                {
                    stanza.AttributeTotal--;
                }
            }
            else if (stanza.ElementCount > 2)
            {
                stanza.AttributeTotal = stanza.ElementFirstAttribute[2];
            }

            stanza.ElementCount = 2;
        }

        /// <summary>Whether the parser is inside a start tag of the stanza, after its '&lt;' and first name character.</summary>
        private bool InStartTag()
        {
            switch (state)
            {
                case StartName:
                case InTag:
                case AttributeName:
                case AfterAttributeName:
                case BeforeValue:
                case Value:
                case AfterValue:
                case EmptyEnd:
                    return true;
                case Reference:
                case EntityName:
                case CharacterReference:
                case ReferenceDigits:
                    return returnState == Value;
                default:
                    return false;
            }
        }

        /// <summary>A character of an end tag in a stanza being skipped: the name is hashed and compared with its start tag's.</summary>
        private void OnSkippedEndNameChar(int c)
        {
            if (c == '>' || XmlChars.IsWhitespace(c))
            {
                var level = openCount - 1;
                if (nameLength == 0 || (level < skipNames.Length && skipNames[level] != nameHash))
                {
                    Fail(XmlErrorCondition.NotWellFormed, "an end tag that does not match its start tag");
                }
                else if (c == '>')
                {
                    CloseElement();
                }
                else
                {
                    state = AfterEndName;
                }

                return;
            }

            if (nameLength == 0 ? !XmlChars.IsNameStartChar(c) : !XmlChars.IsNameChar(c))
            {
                Fail(XmlErrorCondition.NotWellFormed, "an end tag that does not match its start tag");
                return;
            }

            nameLength += Utf8.ScalarLength(c);
            nameHash = HashScalar(nameHash, c);
        }

        private int HashArena(int start, int length)
        {
            var hash = FnvOffset;
            for (var k = 0; k < length; k++)
            {
                hash = (hash ^ stanza.Bytes[start + k]) * FnvPrime;
            }

            return hash;
        }

        /// <summary>Adds the UTF-8 bytes of <paramref name="c"/> to <paramref name="hash"/>, as <see cref="HashArena"/> hashes them.</summary>
        private static int HashScalar(int hash, int c)
        {
            if (c < 0x80)
            {
                return (hash ^ c) * FnvPrime;
            }

            var length = Utf8.ScalarLength(c);
            // The lead byte: as many high bits set as the sequence has bytes, then the scalar's top bits.
            hash = (hash ^ (((0xF00 >> length) & 0xFF) | (c >> (6 * (length - 1))))) * FnvPrime;
            for (var k = length - 2; k >= 0; k--)
            {
                hash = (hash ^ (0x80 | ((c >> (6 * k)) & 0x3F))) * FnvPrime;
            }

            return hash;
        }

        /// <summary>Enters the error state; callers set their next state before anything that may fail, never after.</summary>
        private void Fail(string condition, string text)
        {
            state = Failed;
            Event = XmlEvent.Error;
            ErrorCondition = condition;
            ErrorText = text;
        }
    }
}
