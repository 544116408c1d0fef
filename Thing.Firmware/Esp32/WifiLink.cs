using System;
using System.Device.Wifi;
using System.Net.NetworkInformation;
using System.Threading;
using nanoFramework.Networking;
using nanoFramework.Runtime.Native;
using SiotThing.Protocol.Link;
using SiotThing.Protocol.Ports;

namespace SiotThing.Firmware.Esp32
{
    /// <summary>
    /// Maps nanoFramework's Wi-Fi and network API into <see cref="LinkSupervisor"/>, which makes
    /// every decision: this class only does what <see cref="LinkSupervisor.Next"/> says and
    /// reports what the API answered.
    /// </summary>
    /// <remarks>
    /// The API members as assumed, at System.Net 1.11.52 or later (the first with a public
    /// <c>NetworkHelper.Reset()</c>) and System.Device.Wifi 1.5.x (read from their sources, see
    /// DESIGN.md; not compiled here):
    /// <c>WifiNetworkHelper.ConnectDhcp(string ssid, string password, WifiReconnectionKind reconnectionKind, bool requiresDateTime, int wifiAdapterId, CancellationToken token)</c>
    /// returns bool and never throws; <c>WifiNetworkHelper.Disconnect()</c>;
    /// <c>nanoFramework.Networking.NetworkHelper.Reset()</c> and <c>NetworkHelper.HelperException</c>
    /// (where a refused second call leaves its InvalidOperationException, not in
    /// <c>WifiNetworkHelper.HelperException</c>); <c>WifiNetworkHelper.Status</c> (the previous
    /// attempt's value after a refusal, so only logged); <c>NetworkInterface.GetAllNetworkInterfaces()</c>,
    /// <c>NetworkInterface.NetworkInterfaceType</c> and <c>IPv4Address</c> ("0.0.0.0" without a lease).
    /// </remarks>
    public sealed class WifiLink
    {
        // How often the link's state is read while waiting.
        private const int PollInterval = 1000;

        private readonly string ssid;
        private readonly string password;
        private readonly LinkSupervisor supervisor;
        private readonly ILog log;
        private readonly Ssd1306Display display;
        private Esp32XmppConnection connection;
        private bool reportedOnline;

        /// <summary>Remembers the network; the supervisor starts at boot.</summary>
        /// <param name="ssid">The network's name.</param>
        /// <param name="password">Its password (empty for an open network).</param>
        /// <param name="entropy">Randomness for the backoffs' jitter.</param>
        /// <param name="display">Where to say that Wi-Fi is being joined.</param>
        /// <param name="log">Where to report.</param>
        public WifiLink(string ssid, string password, IEntropySource entropy, Ssd1306Display display, ILog log)
        {
            this.ssid = ssid;
            this.password = password;
            this.display = display;
            this.log = log;
            supervisor = new LinkSupervisor(Now, entropy);
        }

        private static long Now
        {
            get { return Environment.TickCount64; }
        }

        /// <summary>Follows the supervisor until Wi-Fi is up the first time (the agent's entropy needs the radio on).</summary>
        public void JoinFirst()
        {
            display.ShowMessage("Wi-Fi", "joining " + ssid + "...");
            while (!supervisor.WifiUp)
            {
                Step();
            }
        }

        /// <summary>Follows the supervisor for ever, running <paramref name="xmpp"/>'s connections when it says so. Never returns.</summary>
        /// <param name="xmpp">The XMPP connection.</param>
        public void Run(Esp32XmppConnection xmpp)
        {
            connection = xmpp;
            xmpp.KeepGoing = new LinkCheck(CheckSession);
            while (true)
            {
                Step();
            }
        }

        private void Step()
        {
            var action = supervisor.Next(Now);
            if (action == LinkAction.Wait)
            {
                var left = supervisor.WakeAt - Now;
                var wait = left < PollInterval ? (int)(left > 0 ? left : 1) : PollInterval;
                if (connection != null)
                {
                    connection.Idle(wait);
                }
                else
                {
                    Thread.Sleep(wait);
                }

                supervisor.WifiLinkReport(Now, LinkIsUp());
            }
            else if (action == LinkAction.ResetNetworkHelper)
            {
                // Without it ConnectDhcp fails at once from its second call in a boot.
                WifiNetworkHelper.Disconnect();
                NetworkHelper.Reset();
                supervisor.NetworkHelperReset(Now);
            }
            else if (action == LinkAction.JoinWifi)
            {
                Join();
            }
            else if (action == LinkAction.ConnectXmpp)
            {
                reportedOnline = false;
                var outcome = connection.RunOnce();
                supervisor.ConnectionEnded(Now, outcome.Stage, outcome.TimedOut, outcome.OnlineMilliseconds);
                supervisor.WifiLinkReport(Now, LinkIsUp());
            }
            else
            {
                log.Write("restarting: " + supervisor.RebootReason);
                display.ShowMessage("Network", "restarting...");
                Thread.Sleep(2000);
                Power.RebootDevice();
            }
        }

        private void Join()
        {
            var limit = new CancellationTokenSource(LinkSupervisor.WifiAttemptTimeout);
            if (WifiNetworkHelper.ConnectDhcp(ssid, password, WifiReconnectionKind.Automatic, requiresDateTime: true, token: limit.Token))
            {
                log.Write("Wi-Fi: joined " + ssid + ", clock " + DateTime.UtcNow.ToString() + " UTC");
                supervisor.WifiJoined(Now);
                return;
            }

            var problem = NetworkHelper.HelperException;
            log.Write("Wi-Fi: joining " + ssid + " failed: " + WifiNetworkHelper.Status.ToString() + (problem == null ? string.Empty : " (" + problem.Message + ")"));
            supervisor.WifiJoinFailed(Now, problem is InvalidOperationException);
        }

        private bool CheckSession(long now, bool online)
        {
            if (online && !reportedOnline)
            {
                reportedOnline = true;
                supervisor.XmppOnline(now);
            }

            supervisor.WifiLinkReport(now, LinkIsUp());
            return supervisor.KeepSession(now);
        }

        private static bool LinkIsUp()
        {
            var interfaces = NetworkInterface.GetAllNetworkInterfaces();
            for (var i = 0; i < interfaces.Length; i++)
            {
                var candidate = interfaces[i];
                if (candidate.NetworkInterfaceType == NetworkInterfaceType.Wireless80211)
                {
                    var address = candidate.IPv4Address;
                    return address != null && address.Length > 0 && address != "0.0.0.0";
                }
            }

            return false;
        }
    }
}
