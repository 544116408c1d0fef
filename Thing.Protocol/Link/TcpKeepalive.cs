namespace SiotThing.Protocol.Link
{
    /// <summary>
    /// The TCP keepalive the thing asks of its IP stack on every connection, and the bound it
    /// gives. On the ESP32 the TLS handshake is one native call on a blocking socket that waits
    /// for the server without a time limit, and while it waits no managed thread runs (the
    /// interpreter is one task; its task watchdog is off), so no timer of ours can end it. lwIP
    /// aborts a connection on which nothing was received for <see cref="IdleSeconds"/> +
    /// <see cref="Probes"/> x <see cref="IntervalSeconds"/> seconds, probes unanswered, and the
    /// abort ends the handshake with an error: a server or network that stops answering is left
    /// after <see cref="DeadPeerNoticedWithin"/>. A server whose TCP stack still answers but that
    /// never speaks TLS is not covered: its kernel acknowledges the probes (the XMPP servers
    /// close such connections themselves, e.g. ejabberd after its negotiation_timeout).
    /// </summary>
    public static class TcpKeepalive
    {
        /// <summary>Seconds without receiving anything before the first probe (lwIP TCP_KEEPIDLE).</summary>
        public const int IdleSeconds = 10;

        /// <summary>Seconds between probes (lwIP TCP_KEEPINTVL).</summary>
        public const int IntervalSeconds = 5;

        /// <summary>Probes unanswered before the connection is aborted (lwIP TCP_KEEPCNT).</summary>
        public const int Probes = 3;

        /// <summary>lwIP's option number for <see cref="IdleSeconds"/> at the TCP level (nanoFramework passes unknown TCP options to lwIP unchanged).</summary>
        public const int IdleOption = 3;

        /// <summary>lwIP's option number for <see cref="IntervalSeconds"/> at the TCP level.</summary>
        public const int IntervalOption = 4;

        /// <summary>lwIP's option number for <see cref="Probes"/> at the TCP level.</summary>
        public const int ProbesOption = 5;

        /// <summary>The longest a connection to a silent peer lives, in milliseconds: idle time plus every probe's interval.</summary>
        public const int DeadPeerNoticedWithin = (IdleSeconds + Probes * IntervalSeconds) * 1000;
    }
}
