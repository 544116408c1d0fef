namespace SiotThing.Protocol.Siot
{
    /// <summary>The namespaces the thing's behaviour uses beyond the XMPP core.</summary>
    public static class SiotNamespaces
    {
        /// <summary>The Simple Internet of Things ProtoXEP.</summary>
        public const string Siot = "urn:xmpp:siot:1";

        /// <summary>Service discovery, information (XEP-0030).</summary>
        public const string DiscoInfo = "http://jabber.org/protocol/disco#info";

        /// <summary>Service discovery, items (XEP-0030).</summary>
        public const string DiscoItems = "http://jabber.org/protocol/disco#items";

        /// <summary>Ad-hoc commands (XEP-0050); also the disco node that lists them.</summary>
        public const string Commands = "http://jabber.org/protocol/commands";
    }
}
