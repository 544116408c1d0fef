namespace SiotThing.Protocol.Xml
{
    /// <summary>
    /// The RFC 6120 section 4.9.3 stream error conditions that <see cref="XmlStreamParser"/> reports, as
    /// the element names the stream layer sends in its <c>&lt;stream:error/&gt;</c>.
    /// </summary>
    public static class XmlErrorCondition
    {
        /// <summary>Well-formed XML that XMPP cannot process, such as text between stanzas (section 4.9.3.1).</summary>
        public const string BadFormat = "bad-format";

        /// <summary>A namespace prefix that no declaration in scope binds (section 4.9.3.2).</summary>
        public const string BadNamespacePrefix = "bad-namespace-prefix";

        /// <summary>A stream element that is not {http://etherx.jabber.org/streams}stream (section 4.9.3.10).</summary>
        public const string InvalidNamespace = "invalid-namespace";

        /// <summary>A breach of the well-formedness rules of XML or Namespaces in XML (section 4.9.3.13).</summary>
        public const string NotWellFormed = "not-well-formed";

        /// <summary>Input beyond an <see cref="XmlLimits"/> bound (section 4.9.3.14).</summary>
        public const string PolicyViolation = "policy-violation";

        /// <summary>A comment, processing instruction, DTD or entity reference that XMPP forbids (sections 11.1 and 4.9.3.18).</summary>
        public const string RestrictedXml = "restricted-xml";

        /// <summary>An encoding other than UTF-8, or bytes that are not UTF-8 (sections 11.6 and 4.9.3.22).</summary>
        public const string UnsupportedEncoding = "unsupported-encoding";
    }
}
