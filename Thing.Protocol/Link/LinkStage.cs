namespace SiotThing.Protocol.Link
{
    /// <summary>How far an XMPP connection got before it ended, for <see cref="LinkSupervisor.ConnectionEnded"/>.</summary>
    public enum LinkStage
    {
        /// <summary>The server's name could not be resolved (or the lookup did not return in time).</summary>
        Dns,

        /// <summary>The TCP connection could not be opened (or the connect did not return in time).</summary>
        Tcp,

        /// <summary>TCP worked, the TLS handshake failed: the server was reached.</summary>
        Tls,

        /// <summary>TLS worked, the XMPP negotiation or login failed: the server was reached.</summary>
        Xmpp,

        /// <summary>The session was online and then ended.</summary>
        Session,
    }
}
