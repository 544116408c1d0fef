namespace SiotThing.Protocol.Xmpp
{
    /// <summary>The XML namespaces the client core speaks.</summary>
    public static class XmppNamespaces
    {
        /// <summary>The stream element and its children (RFC 6120 §4).</summary>
        public const string Streams = "http://etherx.jabber.org/streams";

        /// <summary>Stream error conditions (RFC 6120 §4.9.3).</summary>
        public const string StreamErrors = "urn:ietf:params:xml:ns:xmpp-streams";

        /// <summary>The default namespace of a client stream.</summary>
        public const string Client = "jabber:client";

        /// <summary>STARTTLS (RFC 6120 §5).</summary>
        public const string Tls = "urn:ietf:params:xml:ns:xmpp-tls";

        /// <summary>SASL (RFC 6120 §6).</summary>
        public const string Sasl = "urn:ietf:params:xml:ns:xmpp-sasl";

        /// <summary>Resource binding (RFC 6120 §7).</summary>
        public const string Bind = "urn:ietf:params:xml:ns:xmpp-bind";

        /// <summary>The legacy session element (RFC 3921 §3, kept optional by RFC 6121 Appendix E).</summary>
        public const string Session = "urn:ietf:params:xml:ns:xmpp-session";

        /// <summary>Stanza error conditions (RFC 6120 §8.3).</summary>
        public const string Stanzas = "urn:ietf:params:xml:ns:xmpp-stanzas";

        /// <summary>Stream management (XEP-0198).</summary>
        public const string StreamManagement = "urn:xmpp:sm:3";

        /// <summary>XMPP ping (XEP-0199).</summary>
        public const string Ping = "urn:xmpp:ping";

        /// <summary>The roster (RFC 6121 §2).</summary>
        public const string Roster = "jabber:iq:roster";

        /// <summary>Roster versioning offered as a stream feature (RFC 6121 §2.6).</summary>
        public const string RosterVersioning = "urn:xmpp:features:rosterver";
    }
}
