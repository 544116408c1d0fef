namespace SiotThing.Protocol.Xml
{
    /// <summary>What the last <see cref="XmlStreamParser.Feed"/> call completed.</summary>
    public enum XmlEvent
    {
        /// <summary>Nothing yet: the bytes were consumed and more are needed.</summary>
        None,

        /// <summary>The stream header (the <c>&lt;stream:stream&gt;</c> open tag) was read.</summary>
        StreamOpened,

        /// <summary>A complete top-level child of the stream was read; see <see cref="XmlStreamParser.Stanza"/>.</summary>
        Stanza,

        /// <summary>
        /// A top-level child of the stream broke an <see cref="XmlLimits"/> bound and was read to its
        /// end without being kept (see <see cref="XmlStreamParser.SkipReason"/>). When its root's
        /// start tag was read before the limit, <see cref="XmlStreamParser.Stanza"/> shows that
        /// root with its name, namespace and the attributes read whole, and no children or text;
        /// otherwise its <see cref="XmlStanza.Root"/> is -1.
        /// </summary>
        Skipped,

        /// <summary>The closing <c>&lt;/stream:stream&gt;</c> tag was read.</summary>
        StreamClosed,

        /// <summary>The input broke a rule; see <see cref="XmlStreamParser.ErrorCondition"/>. Only <see cref="XmlStreamParser.Reset"/> leaves this state.</summary>
        Error,
    }
}
