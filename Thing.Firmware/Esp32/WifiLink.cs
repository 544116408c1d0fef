using System;
using System.Device.Wifi;
using System.Threading;
using nanoFramework.Networking;
using SiotThing.Protocol.Ports;

namespace SiotThing.Firmware.Esp32
{
    /// <summary>
    /// Joins the Wi-Fi network with nanoFramework's WifiNetworkHelper: DHCP, and a valid clock
    /// (SNTP) before it reports success, since TLS checks certificate dates. Each call is a fresh
    /// attempt with a time limit: after a failure the helper's adapter is released first
    /// (<c>WifiNetworkHelper.Disconnect</c>). Some versions of the helper refuse to run a second
    /// time in one boot (an InvalidOperationException, nanoFramework/Home#1421, #1511, #1549);
    /// <see cref="Refused"/> then says so and the caller restarts the device, the one fresh
    /// start that always works. Once joined, the ESP32 rejoins a lost network by itself
    /// (<c>WifiReconnectionKind.Automatic</c>).
    /// </summary>
    public sealed class WifiLink
    {
        private readonly string ssid;
        private readonly string password;
        private readonly ILog log;
        private int attempts;

        /// <summary>Remembers the network.</summary>
        /// <param name="ssid">The network's name.</param>
        /// <param name="password">Its password (empty for an open network).</param>
        /// <param name="log">Where to report.</param>
        public WifiLink(string ssid, string password, ILog log)
        {
            this.ssid = ssid;
            this.password = password;
            this.log = log;
        }

        /// <summary>Whether the last attempt failed because the helper refused to run again.</summary>
        public bool Refused { get; private set; }

        /// <summary>One attempt to join the network and get an address and the time.</summary>
        /// <param name="timeout">The time limit, in milliseconds.</param>
        /// <returns>Whether the network is up.</returns>
        public bool Connect(int timeout)
        {
            attempts++;
            Refused = false;
            try
            {
                if (attempts > 1)
                {
                    // Start from scratch: the helper finds and configures the adapter again.
                    WifiNetworkHelper.Disconnect();
                }

                var limit = new CancellationTokenSource(timeout);
                if (WifiNetworkHelper.ConnectDhcp(ssid, password, WifiReconnectionKind.Automatic, requiresDateTime: true, token: limit.Token))
                {
                    log.Write("Wi-Fi: joined " + ssid + ", clock " + DateTime.UtcNow.ToString() + " UTC");
                    return true;
                }

                var problem = WifiNetworkHelper.HelperException;
                Refused = problem is InvalidOperationException;
                log.Write("Wi-Fi: joining " + ssid + " failed: " + WifiNetworkHelper.Status.ToString() + (problem == null ? string.Empty : " (" + problem.Message + ")"));
            }
            catch (InvalidOperationException e)
            {
                Refused = true;
                log.Write("Wi-Fi: the helper refused a new attempt: " + e.Message);
            }
            catch (Exception e)
            {
                log.Write("Wi-Fi: joining " + ssid + " failed: " + e.Message);
            }

            return false;
        }
    }
}
