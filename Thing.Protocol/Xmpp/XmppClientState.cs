namespace SiotThing.Protocol.Xmpp
{
    /// <summary>Where the client is in a connection's life.</summary>
    public enum XmppClientState
    {
        /// <summary>No connection; <see cref="XmppClient.Connected"/> starts one.</summary>
        Disconnected,

        /// <summary>The stream header was sent; waiting for the server's header and features.</summary>
        Negotiating,

        /// <summary>The server said <c>&lt;proceed/&gt;</c>: the transport must do the TLS handshake and call <see cref="XmppClient.TlsEstablished"/>.</summary>
        AwaitingTls,

        /// <summary>SASL is under way.</summary>
        Authenticating,

        /// <summary>Authenticated; binding a resource or resuming a stream.</summary>
        Binding,

        /// <summary>The session is up: stanzas flow.</summary>
        Online,

        /// <summary>We or the server closed the stream; the transport must close after sending what is queued.</summary>
        Closing,
    }
}
