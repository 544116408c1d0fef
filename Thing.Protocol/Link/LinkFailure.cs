namespace SiotThing.Protocol.Link
{
    /// <summary>Why a join of the network link failed, as the adapter read it from the driver, for <see cref="LinkSupervisor.LinkJoinFailed"/>.</summary>
    public enum LinkFailure
    {
        /// <summary>No network to join: the Wi-Fi network was not found, or the Ethernet cable is out (no link).</summary>
        NotFound,

        /// <summary>The network refused us: a wrong Wi-Fi password or an authentication it does not accept.</summary>
        Refused,

        /// <summary>Joined, but no address came within the limit (no DHCP lease).</summary>
        NoAddress,

        /// <summary>An address came, but the clock was not set within the limit (SNTP unreachable): certificates cannot be checked.</summary>
        NoClock,

        /// <summary>The driver failed (it threw, or reported an unspecified failure): the radio or the MAC may be wedged.</summary>
        DriverError,
    }
}
