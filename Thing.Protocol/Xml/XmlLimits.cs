namespace SiotThing.Protocol.Xml
{
    /// <summary>
    /// The bounds of <see cref="XmlStreamParser"/>: every buffer it owns is allocated from these at
    /// construction and never grows, so a peer cannot make the device allocate by sending more.
    /// A stanza beyond any of them is skipped whole (<see cref="XmlEvent.Skipped"/>) and the stream
    /// goes on; an XML declaration or stream header beyond them ends the stream with
    /// <c>policy-violation</c> (RFC 6120 section 4.9.3.14). The parser reads them once, when it is constructed.
    /// </summary>
    public sealed class XmlLimits
    {
        /// <summary>Creates the defaults, sized for a thing with about 100 KB of heap.</summary>
        public XmlLimits()
        {
            MaxStanzaBytes = 16384;
            MaxHeaderBytes = 1024;
            MaxDepth = 16;
            MaxAttributes = 16;
            MaxNameLength = 64;
            MaxNamespaces = 16;
            MaxStanzaElements = 128;
            MaxStanzaAttributes = 256;
            KeepRawStanza = false;
        }

        /// <summary>
        /// The most bytes one stanza (a top-level child of the stream, from its '&lt;' to its last
        /// '&gt;') may have on the wire; default 16384. The parser stores at most this much of its
        /// decoded content, and as much again for the raw copy when <see cref="KeepRawStanza"/> is on.
        /// </summary>
        public int MaxStanzaBytes { get; set; }

        /// <summary>The most bytes the XML declaration and the stream header may each have; default 1024.</summary>
        public int MaxHeaderBytes { get; set; }

        /// <summary>How deep elements may nest below the stream element (a stanza is depth 1); default 16.</summary>
        public int MaxDepth { get; set; }

        /// <summary>The most attributes one element may carry, namespace declarations not counted; default 16.</summary>
        public int MaxAttributes { get; set; }

        /// <summary>The longest element or attribute name, prefix included, in UTF-8 bytes; default 64.</summary>
        public int MaxNameLength { get; set; }

        /// <summary>The most namespace declarations in scope at once, the stream header's included; default 16.</summary>
        public int MaxNamespaces { get; set; }

        /// <summary>The most elements in one stanza, its root included; default 128.</summary>
        public int MaxStanzaElements { get; set; }

        /// <summary>The most attributes in one stanza, all its elements together; default 256.</summary>
        public int MaxStanzaAttributes { get; set; }

        /// <summary>
        /// Whether the parser keeps each stanza's bytes as received, for
        /// <see cref="XmlStanza.CopyRaw"/> (logging, forwarding). Off by default: it costs another
        /// <see cref="MaxStanzaBytes"/> of heap, which a device rarely has to spare.
        /// </summary>
        public bool KeepRawStanza { get; set; }
    }
}
