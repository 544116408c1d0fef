namespace SiotThing.Protocol.Link
{
    /// <summary>What <see cref="LinkSupervisor.Next"/> asks the adapter to do now.</summary>
    public enum LinkAction
    {
        /// <summary>Nothing now: sleep until <see cref="LinkSupervisor.WakeAt"/>, reporting the Wi-Fi link's state meanwhile.</summary>
        Wait,

        /// <summary>Call the network helper's reset (System.Net's <c>NetworkHelper.Reset()</c>), then report <see cref="LinkSupervisor.NetworkHelperReset"/>.</summary>
        ResetNetworkHelper,

        /// <summary>One attempt to join Wi-Fi (DHCP and the clock) within <see cref="LinkSupervisor.WifiAttemptTimeout"/>; report its result.</summary>
        JoinWifi,

        /// <summary>Resolve, connect TCP, do TLS and log in to XMPP, and run that session to its end; report it.</summary>
        ConnectXmpp,

        /// <summary>The last resort: restart the device (a fresh helper, radio, IP stack and heap).</summary>
        Reboot,
    }
}
