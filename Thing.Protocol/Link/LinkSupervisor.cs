using SiotThing.Protocol.Ports;
using SiotThing.Protocol.Xmpp;

namespace SiotThing.Protocol.Link
{
    /// <summary>
    /// Decides how the thing gets and stays online: when to join Wi-Fi (again), when the network
    /// helper must be reset first, when to open the XMPP connection, how long to back off after
    /// each kind of failure, when a working Wi-Fi with a broken network behind it is worth a
    /// rejoin, and when only a reboot is left. It does no I/O and reads no clock: the adapter
    /// (on the ESP32, Thing.Firmware/Esp32/WifiLink.cs) asks <see cref="Next"/> what to do,
    /// does it, and reports what the Wi-Fi API and the connection said.
    /// </summary>
    /// <remarks>
    /// <para>
    /// Facts about nanoFramework it is built around (DESIGN.md, "What the real class libraries
    /// do"): <c>WifiNetworkHelper.ConnectDhcp</c> never throws and reports failure by its result;
    /// from its second call in one boot it fails at once unless System.Net's
    /// <c>NetworkHelper.Reset()</c> ran before (so every join after the first is preceded by
    /// <see cref="LinkAction.ResetNetworkHelper"/>); once joined with automatic reconnection the
    /// ESP32 rejoins a returning access point by itself, which the adapter sees as the link
    /// coming back (<see cref="WifiLinkReport"/>); <c>Dns.GetHostEntry</c> and
    /// <c>Socket.Connect</c> may hang, and a thread stuck in them cannot be freed.
    /// </para>
    /// <para>
    /// The rules, and why. Wi-Fi joins back off from 2 s to at most 20 s and each has a 20 s
    /// limit, so an access point that returns after any outage is joined within about a minute
    /// (no reboot: a reboot does not make a router come back). A lost link first gets 15 s for
    /// the ESP32's own reconnection. DNS and TCP failures while Wi-Fi is up back off up to 60 s;
    /// when they persist (4 in a row over 2 minutes, or 2 hung attempts), the Wi-Fi is joined
    /// afresh (a new DHCP lease, a new resolver). TLS and XMPP failures mean the server was
    /// reached: the network is fine, so they only back off (up to 5 minutes) and never cause a
    /// rejoin or a reboot. A reboot is the last resort for what nothing else frees: a helper
    /// that refuses even after its reset, too many hung attempts (their threads stay blocked),
    /// a network that stays broken through several rejoins for 30 minutes, or Wi-Fi that has
    /// not joined for 6 hours (a wedged radio driver). All state is a few counters.
    /// </para>
    /// </remarks>
    public sealed class LinkSupervisor
    {
        /// <summary>The time limit of one Wi-Fi join (ConnectDhcp's cancellation), in milliseconds.</summary>
        public const int WifiAttemptTimeout = 20000;

        /// <summary>The first Wi-Fi retry's delay ceiling, in milliseconds.</summary>
        public const int WifiRetryInitial = 2000;

        /// <summary>The longest wait between two Wi-Fi joins, in milliseconds: keeps a returning router's wait under a minute.</summary>
        public const int WifiRetryMaximum = 20000;

        /// <summary>How long a lost link is left to the ESP32's automatic reconnection before the thing joins by itself, in milliseconds.</summary>
        public const int AutomaticReconnectGrace = 15000;

        /// <summary>The longest wait after a DNS or TCP failure, in milliseconds.</summary>
        public const int NetworkRetryMaximum = 60000;

        /// <summary>The first XMPP retry's delay ceiling, in milliseconds.</summary>
        public const int ServerRetryInitial = 1000;

        /// <summary>The longest wait after a TLS or XMPP failure, in milliseconds.</summary>
        public const int ServerRetryMaximum = 300000;

        /// <summary>DNS or TCP failures in a row, with Wi-Fi up, that make the thing join Wi-Fi afresh (with <see cref="NetworkTroubleBeforeRejoin"/>).</summary>
        public const int NetworkFailuresBeforeRejoin = 4;

        /// <summary>How long DNS or TCP must have failed before a rejoin, in milliseconds.</summary>
        public const int NetworkTroubleBeforeRejoin = 120000;

        /// <summary>Hung DNS or TCP attempts in a row that make the thing join Wi-Fi afresh.</summary>
        public const int HungAttemptsBeforeRejoin = 2;

        /// <summary>Hung attempts since the last session online after which only a reboot frees their threads.</summary>
        public const int MaxHungAttempts = 24;

        /// <summary>Rejoins forced by network failures that may pass, while offline for <see cref="RebootAfterOffline"/>, before a reboot.</summary>
        public const int RejoinsBeforeReboot = 3;

        /// <summary>How long the thing must have been offline, in milliseconds, before a broken network behind working Wi-Fi makes it reboot.</summary>
        public const int RebootAfterOffline = 30 * 60 * 1000;

        /// <summary>How long Wi-Fi joins may fail, in milliseconds, before a reboot (in case the radio driver is wedged).</summary>
        public const long WifiRebootAfter = 6L * 60 * 60 * 1000;

        /// <summary>Joins the helper refuses, in a row, after its reset, before a reboot.</summary>
        public const int RefusalsBeforeReboot = 3;

        private readonly ReconnectPolicy wifiRetry;
        private readonly ReconnectPolicy serverRetry;
        private bool wifiUp;
        private bool helperUsed;
        private bool helperReset;
        private bool forcedRejoin;
        private bool online;
        private int refusals;
        private int networkFailures;
        private int hungInARow;
        private int hungAttempts;
        private int rejoins;
        private long wifiNextAt;
        private long wifiDownSince;
        private long xmppNextAt;
        private long networkTroubleSince;
        private long offlineSince;
        private long wakeAt;
        private string rebootReason;

        /// <summary>Creates the supervisor of a device that just booted: Wi-Fi down, nothing tried.</summary>
        /// <param name="now">The time, in milliseconds, on the monotonic clock of every later call.</param>
        /// <param name="entropy">Randomness for the backoffs' jitter.</param>
        public LinkSupervisor(long now, IEntropySource entropy)
        {
            wifiRetry = new ReconnectPolicy(WifiRetryInitial, WifiRetryMaximum, entropy);
            serverRetry = new ReconnectPolicy(ServerRetryInitial, ServerRetryMaximum, entropy);
            wifiNextAt = now;
            wifiDownSince = now;
            xmppNextAt = now;
            offlineSince = now;
            wakeAt = now;
        }

        /// <summary>Whether the supervisor counts the Wi-Fi as joined (with an address and the clock).</summary>
        public bool WifiUp
        {
            get { return wifiUp; }
        }

        /// <summary>After <see cref="LinkAction.Wait"/>: when to call <see cref="Next"/> again, in milliseconds.</summary>
        public long WakeAt
        {
            get { return wakeAt; }
        }

        /// <summary>Why <see cref="LinkAction.Reboot"/> is asked for, or <c>null</c>.</summary>
        public string RebootReason
        {
            get { return rebootReason; }
        }

        /// <summary>Wi-Fi rejoins forced by network failures since the last session online.</summary>
        public int Rejoins
        {
            get { return rejoins; }
        }

        /// <summary>
        /// Whether a session that is online (or connecting) should go on: false once the Wi-Fi
        /// link has been down longer than the automatic reconnection's grace. The adapter ends
        /// the session then instead of waiting for the client's ping to time out (minutes), so
        /// that a returning router is used at once.
        /// </summary>
        /// <param name="now">The time, in milliseconds.</param>
        /// <returns>Whether to keep the session.</returns>
        public bool KeepSession(long now)
        {
            return wifiUp || now - wifiDownSince < AutomaticReconnectGrace;
        }

        /// <summary>What to do now. Call it again after reporting the result of what it asked for, or at <see cref="WakeAt"/>.</summary>
        /// <param name="now">The time, in milliseconds.</param>
        /// <returns>The action.</returns>
        public LinkAction Next(long now)
        {
            if (rebootReason != null)
            {
                return LinkAction.Reboot;
            }

            if (!wifiUp)
            {
                if (now < wifiNextAt)
                {
                    wakeAt = wifiNextAt;
                    return LinkAction.Wait;
                }

                // ConnectDhcp's second call in a boot fails unless the helper was reset.
                if (helperUsed && !helperReset)
                {
                    return LinkAction.ResetNetworkHelper;
                }

                helperUsed = true;
                helperReset = false;
                return LinkAction.JoinWifi;
            }

            if (now < xmppNextAt)
            {
                wakeAt = xmppNextAt;
                return LinkAction.Wait;
            }

            return LinkAction.ConnectXmpp;
        }

        /// <summary>Reports that the network helper was reset (after <see cref="LinkAction.ResetNetworkHelper"/>).</summary>
        /// <param name="now">The time, in milliseconds.</param>
        public void NetworkHelperReset(long now)
        {
            helperReset = true;
        }

        /// <summary>Reports a Wi-Fi join that succeeded: ConnectDhcp returned true.</summary>
        /// <param name="now">The time, in milliseconds.</param>
        public void WifiJoined(long now)
        {
            // After a rejoin of our own the network's failures go on counting in the backoff:
            // a lookup that hangs through rejoins must not be retried ever faster.
            var keepBackoff = forcedRejoin;
            forcedRejoin = false;
            refusals = 0;
            LinkUp(now, keepBackoff);
        }

        /// <summary>Reports a Wi-Fi join that failed: ConnectDhcp returned false.</summary>
        /// <param name="now">The time, in milliseconds.</param>
        /// <param name="helperRefused">
        /// Whether the helper refused to run (System.Net's <c>NetworkHelper.HelperException</c>
        /// is an InvalidOperationException), rather than the network not answering.
        /// </param>
        public void WifiJoinFailed(long now, bool helperRefused)
        {
            refusals = helperRefused ? refusals + 1 : 0;
            if (refusals >= RefusalsBeforeReboot)
            {
                rebootReason = "the network helper refused " + refusals + " joins in a row, even after its reset";
                return;
            }

            if (now - wifiDownSince >= WifiRebootAfter)
            {
                rebootReason = "Wi-Fi has not joined for " + ((now - wifiDownSince) / 60000) + " min";
                return;
            }

            wifiNextAt = now + wifiRetry.NextDelay();
        }

        /// <summary>
        /// Reports the Wi-Fi link's state as the adapter sees it (joined, with an address), at
        /// least every few seconds while waiting: the ESP32's automatic reconnection shows here.
        /// </summary>
        /// <param name="now">The time, in milliseconds.</param>
        /// <param name="up">Whether the link is up.</param>
        public void WifiLinkReport(long now, bool up)
        {
            // Before the first join the link cannot be up, and a forced rejoin waits for its own join.
            if (up == wifiUp || !helperUsed || forcedRejoin)
            {
                return;
            }

            if (up)
            {
                LinkUp(now, false);
                return;
            }

            wifiUp = false;
            wifiDownSince = now;
            wifiRetry.Reset();
            wifiNextAt = now + AutomaticReconnectGrace;
        }

        /// <summary>Reports that the XMPP session is online (after <see cref="LinkAction.ConnectXmpp"/>, while it runs).</summary>
        /// <param name="now">The time, in milliseconds.</param>
        public void XmppOnline(long now)
        {
            online = true;
            networkFailures = 0;
            hungInARow = 0;
            hungAttempts = 0;
            rejoins = 0;
        }

        /// <summary>Reports the end of what <see cref="LinkAction.ConnectXmpp"/> started; then report the link's state and call <see cref="Next"/>.</summary>
        /// <param name="now">The time, in milliseconds.</param>
        /// <param name="stage">How far it got.</param>
        /// <param name="timedOut">Whether the step did not return within its time limit (a hung lookup or connect whose thread was abandoned).</param>
        /// <param name="onlineMilliseconds">How long the session was online (0 when it never was).</param>
        public void ConnectionEnded(long now, LinkStage stage, bool timedOut, long onlineMilliseconds)
        {
            if (online)
            {
                online = false;
                offlineSince = now;
            }

            serverRetry.SessionEnded(onlineMilliseconds);
            if (stage == LinkStage.Dns || stage == LinkStage.Tcp)
            {
                NetworkFailed(now, timedOut);
                return;
            }

            // The server was reached: the network works, only the server side needs time.
            networkFailures = 0;
            hungInARow = 0;
            xmppNextAt = now + serverRetry.NextDelay();
        }

        private void NetworkFailed(long now, bool timedOut)
        {
            if (networkFailures == 0)
            {
                networkTroubleSince = now;
            }

            networkFailures++;
            if (timedOut)
            {
                hungInARow++;
                hungAttempts++;
            }
            else
            {
                hungInARow = 0;
            }

            if (hungAttempts >= MaxHungAttempts)
            {
                rebootReason = hungAttempts + " name lookups or connects hung; their threads cannot be freed otherwise";
                return;
            }

            var delay = serverRetry.NextDelay();
            xmppNextAt = now + (delay < NetworkRetryMaximum ? delay : NetworkRetryMaximum);
            if (hungInARow < HungAttemptsBeforeRejoin
                && (networkFailures < NetworkFailuresBeforeRejoin || now - networkTroubleSince < NetworkTroubleBeforeRejoin))
            {
                return;
            }

            rejoins++;
            if (rejoins > RejoinsBeforeReboot && now - offlineSince >= RebootAfterOffline)
            {
                rebootReason = "the network behind the Wi-Fi stayed broken through " + (rejoins - 1) + " rejoins and " + ((now - offlineSince) / 60000) + " min";
                return;
            }

            // A fresh join brings a new DHCP lease and resolver, and resets the IP stack's state.
            wifiUp = false;
            forcedRejoin = true;
            wifiDownSince = now;
            wifiNextAt = now;
            networkFailures = 0;
            hungInARow = 0;
        }

        private void LinkUp(long now, bool keepBackoff)
        {
            wifiUp = true;
            wifiRetry.Reset();
            if (keepBackoff)
            {
                return;
            }

            // The link was lost, so failures before were the network's: the server gets a fresh, immediate try.
            serverRetry.Reset();
            xmppNextAt = now;
            networkFailures = 0;
            hungInARow = 0;
        }
    }
}
