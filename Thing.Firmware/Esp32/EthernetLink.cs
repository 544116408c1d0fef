using System;
using System.Net.NetworkInformation;
using SiotThing.Protocol.Link;

namespace SiotThing.Firmware.Esp32
{
    /// <summary>
    /// Wired Ethernet (a LAN8720-class PHY on the ESP32's internal EMAC: Olimex ESP32-POE,
    /// WT32-ETH01) as an <see cref="NetworkLink"/>. The firmware starts the interface at boot and
    /// brings it up by itself when the cable is in (the PHY's link event restarts DHCP); when the
    /// cable is out the address is cleared. So a join only makes sure DHCP is on, renews the
    /// lease when the link is up already (the fresh join <see cref="LinkSupervisor"/> asks for
    /// when the network behind it stays broken), and waits for an address and the clock. The
    /// board's pins are the firmware's (its target, e.g. ESP32_OLIMEX or ESP32_WT32_ETH01).
    /// </summary>
    public sealed class EthernetLink : NetworkLink
    {
        /// <summary>The link of the firmware's Ethernet interface.</summary>
        public EthernetLink()
            : base(NetworkInterfaceType.Ethernet)
        {
        }

        /// <inheritdoc />
        public override string Name
        {
            get { return "Ethernet"; }
        }

        /// <inheritdoc />
        public override bool Join()
        {
            var deadline = Environment.TickCount64 + LinkSupervisor.LinkAttemptTimeout;
            try
            {
                var wired = NetworkInterfaces.Find(NetworkInterfaceType.Ethernet);
                if (wired == null)
                {
                    return Failed(LinkFailure.DriverError, "this firmware has no Ethernet interface: flash a target with Ethernet, e.g. ESP32_OLIMEX or ESP32_WT32_ETH01 (README, \"Wired Ethernet\")");
                }

                if (!wired.IsDhcpEnabled)
                {
                    // Stored in the firmware's configuration: once, not at every join.
                    wired.EnableDhcp();
                }
                else if (NetworkInterfaces.HasAddress(NetworkInterfaceType.Ethernet))
                {
                    wired.RenewDhcpLease();
                }

                LinkFailure missing;
                if (WaitForAddressAndClock(deadline, out missing))
                {
                    return true;
                }

                return missing == LinkFailure.NoClock
                    ? Failed(missing, "an address came, but the clock was not set (SNTP unreachable?)")
                    : Failed(missing, "no address: is the cable in, and does the network have a DHCP server?");
            }
            catch (Exception e)
            {
                return Failed(LinkFailure.DriverError, "the Ethernet driver failed: " + e.GetType().Name + " " + e.Message);
            }
        }
    }
}
