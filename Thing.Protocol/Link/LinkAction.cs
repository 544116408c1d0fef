namespace SiotThing.Protocol.Link
{
    /// <summary>What <see cref="LinkSupervisor.Next"/> asks the adapter to do now.</summary>
    public enum LinkAction
    {
        /// <summary>Nothing now: sleep until <see cref="LinkSupervisor.WakeAt"/>, reporting the link's state meanwhile.</summary>
        Wait,

        /// <summary>
        /// One attempt to bring the network link up (Wi-Fi: associate; Ethernet: a DHCP lease, renewed
        /// when the link is up already), then wait for an address and the clock within
        /// <see cref="LinkSupervisor.LinkAttemptTimeout"/>; report its result.
        /// </summary>
        JoinLink,

        /// <summary>Resolve, connect TCP, do TLS and log in to XMPP, and run that session to its end; report it.</summary>
        ConnectXmpp,

        /// <summary>The last resort: restart the device (a fresh driver, radio, IP stack and heap).</summary>
        Reboot,
    }
}
