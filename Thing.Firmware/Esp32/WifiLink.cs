using System;
using System.Device.Wifi;
using System.Net.NetworkInformation;
using SiotThing.Protocol.Link;

namespace SiotThing.Firmware.Esp32
{
    /// <summary>
    /// The Wi-Fi station as an <see cref="NetworkLink"/>, through System.Device.Wifi's
    /// <see cref="WifiAdapter"/> directly, not WifiNetworkHelper. What the library and the
    /// firmware do (System.Device.Wifi 1.5.147, nf-interpreter 8ca767c52, read from their sources):
    /// <list type="bullet">
    /// <item><c>WifiAdapter.Connect</c> disconnects first, then waits (without blocking other
    /// threads) up to 20 s for the association and returns why it failed: NetworkNotAvailable
    /// (no such network), InvalidCredential (the firmware maps a refused password, but also a
    /// beacon or handshake timeout, to it), UnspecifiedFailure (any other reason, including the
    /// disconnect that Connect itself causes on a link that was up), Timeout. It is called only
    /// when <see cref="LinkSupervisor"/> asks for a join: the link is down, or a fresh join is wanted.</item>
    /// <item>From the first Connect on, the firmware reassociates by itself after every loss, with
    /// either reconnection kind; Automatic also keeps the credentials out of flash.</item>
    /// <item>WifiNetworkHelper.ConnectDhcp reports its failures in three places (its result, its
    /// own HelperException, System.Net's NetworkHelper.HelperException, never cleared) and its
    /// Disconnect tears a working link down: hence the adapter itself.</item>
    /// </list>
    /// </summary>
    public sealed class WifiLink : NetworkLink
    {
        private readonly string ssid;
        private readonly string password;
        private WifiAdapter adapter;

        /// <summary>Remembers the network; nothing is joined until <see cref="Join"/>.</summary>
        /// <param name="ssid">The network's name.</param>
        /// <param name="password">Its password (empty for an open network).</param>
        public WifiLink(string ssid, string password)
            : base(NetworkInterfaceType.Wireless80211)
        {
            this.ssid = ssid;
            this.password = password;
        }

        /// <inheritdoc />
        public override string Name
        {
            get { return "Wi-Fi"; }
        }

        /// <inheritdoc />
        public override bool Join()
        {
            var deadline = Environment.TickCount64 + LinkSupervisor.LinkAttemptTimeout;
            try
            {
                var station = NetworkInterfaces.Find(NetworkInterfaceType.Wireless80211);
                if (station == null)
                {
                    return Failed(LinkFailure.DriverError, "this firmware has no Wi-Fi station interface");
                }

                if (!station.IsDhcpEnabled)
                {
                    // Stored in the firmware's configuration: once, not at every join.
                    station.EnableDhcp();
                }

                if (adapter == null)
                {
                    // One adapter for the boot: disposing it would stop its events.
                    var adapters = WifiAdapter.FindAllAdapters();
                    if (adapters.Length == 0)
                    {
                        return Failed(LinkFailure.DriverError, "this firmware has no Wi-Fi adapter");
                    }

                    adapter = adapters[0];
                }

                var status = adapter.Connect(ssid, WifiReconnectionKind.Automatic, password).ConnectionStatus;
                if (status == WifiConnectionStatus.NetworkNotAvailable)
                {
                    return Failed(LinkFailure.NotFound, "no network called " + ssid + " is in reach");
                }

                if (status == WifiConnectionStatus.InvalidCredential || status == WifiConnectionStatus.AccessRevoked
                    || status == WifiConnectionStatus.UnsupportedAuthenticationProtocol)
                {
                    return Failed(LinkFailure.Refused, ssid + " refused the association (" + StatusName(status) + "): check wifi.password, or the signal");
                }

                // Success, or a failure whose reason may be the disconnect Connect itself caused:
                // the firmware is associating anyway, so the address decides.
                LinkFailure missing;
                if (WaitForAddressAndClock(deadline, out missing))
                {
                    return true;
                }

                if (missing == LinkFailure.NoClock)
                {
                    return Failed(missing, "joined " + ssid + ", but the clock was not set (SNTP unreachable?)");
                }

                return status == WifiConnectionStatus.Success
                    ? Failed(LinkFailure.NoAddress, "joined " + ssid + ", but no DHCP lease came")
                    : Failed(LinkFailure.NotFound, "could not join " + ssid + " (" + StatusName(status) + ")");
            }
            catch (Exception e)
            {
                return Failed(LinkFailure.DriverError, "the Wi-Fi driver failed: " + e.GetType().Name + " " + e.Message);
            }
        }

        private static string StatusName(WifiConnectionStatus status)
        {
            switch (status)
            {
                case WifiConnectionStatus.AccessRevoked:
                    return "access revoked";
                case WifiConnectionStatus.InvalidCredential:
                    return "credentials refused";
                case WifiConnectionStatus.NetworkNotAvailable:
                    return "network not available";
                case WifiConnectionStatus.Success:
                    return "associated";
                case WifiConnectionStatus.Timeout:
                    return "timed out";
                case WifiConnectionStatus.UnsupportedAuthenticationProtocol:
                    return "unsupported authentication";
                default:
                    return "unspecified failure";
            }
        }
    }
}
