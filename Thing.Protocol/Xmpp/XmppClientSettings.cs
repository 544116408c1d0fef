namespace SiotThing.Protocol.Xmpp
{
    /// <summary>What the client needs to know to log in, and its timers. Times are in milliseconds.</summary>
    public sealed class XmppClientSettings
    {
        /// <summary>Creates settings with the defaults below.</summary>
        /// <param name="account">The account's bare JID, user@domain.</param>
        /// <param name="password">The account's password (ASCII; SASLprep is not applied).</param>
        public XmppClientSettings(string account, string password)
        {
            var jid = Jid.Parse(account);
            if (jid == null || jid.Local == null || !jid.IsBare)
            {
                throw new System.ArgumentException("the account must be a bare JID, user@domain", "account");
            }

            Account = jid;
            Password = password;
        }

        /// <summary>The account.</summary>
        public Jid Account { get; }

        /// <summary>The password.</summary>
        public string Password { get; }

        /// <summary>The resource to ask for; <c>null</c> lets the server choose.</summary>
        public string Resource { get; set; }

        /// <summary>The <c>xml:lang</c> of our stream.</summary>
        public string Language { get; set; } = "en";

        /// <summary>Send a whitespace keepalive after this long without sending anything.</summary>
        public int KeepaliveInterval { get; set; } = 60000;

        /// <summary>Ping the server (XEP-0199) after this long without receiving anything.</summary>
        public int PingAfterSilence { get; set; } = 120000;

        /// <summary>Give up on the connection when a ping is not answered within this long.</summary>
        public int PingTimeout { get; set; } = 30000;

        /// <summary>
        /// Give up on a connection whose server has not moved the negotiation on for this long (from
        /// the connection, and again from each element it sent before the session was online). Our
        /// own work between two steps (a first SCRAM login hashes for long on the device) does not count.
        /// </summary>
        public int NegotiationTimeout { get; set; } = 60000;

        /// <summary>Default wait for an IQ answer.</summary>
        public int IqTimeout { get; set; } = 30000;

        /// <summary>Ask the server to acknowledge (XEP-0198 <c>&lt;r/&gt;</c>) when a stanza has waited this long.</summary>
        public int AckRequestDelay { get; set; } = 5000;

        /// <summary>The largest stanza we send, in bytes; also the size of the stanza scratch buffer.</summary>
        public int MaxOutgoingStanza { get; set; } = 4096;

        /// <summary>How many bytes may wait for the transport.</summary>
        public int OutputCapacity { get; set; } = 16384;

        /// <summary>How many IQ requests may be outstanding.</summary>
        public int MaxPendingIqs { get; set; } = 16;

        /// <summary>Bytes of sent stanzas kept for XEP-0198 until acknowledged.</summary>
        public int StreamManagementBytes { get; set; } = 8192;

        /// <summary>Number of sent stanzas kept for XEP-0198 until acknowledged.</summary>
        public int StreamManagementStanzas { get; set; } = 32;

        /// <summary>
        /// Bytes of stanzas that wait for room in the XEP-0198 window (above): the client paces
        /// its output against the server's acknowledgements instead of dropping the connection.
        /// At least <see cref="MaxOutgoingStanza"/>, so that any stanza can wait.
        /// </summary>
        public int StreamManagementWaitingBytes { get; set; } = 8192;

        /// <summary>Number of stanzas that may wait for room in the XEP-0198 window; beyond it a stanza is refused locally.</summary>
        public int StreamManagementWaitingStanzas { get; set; } = 32;
    }
}
