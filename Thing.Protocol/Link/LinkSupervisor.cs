using SiotThing.Protocol.Ports;
using SiotThing.Protocol.Xmpp;

namespace SiotThing.Protocol.Link
{
    /// <summary>
    /// Decides how the thing gets and stays online over its network link (Wi-Fi or Ethernet):
    /// when to bring the link up (again), when to open the XMPP connection, how long to back off
    /// after each kind of failure, when a link that flaps must settle first, when a working link
    /// with a broken network behind it is worth a rejoin, and when only a reboot is left. It does
    /// no I/O and reads no clock: the adapter (on the ESP32, Thing.Firmware/Esp32/LinkRunner.cs
    /// with WifiLink or EthernetLink) asks <see cref="Next"/> what to do, does it, and reports
    /// what the driver and the connection said.
    /// </summary>
    /// <remarks>
    /// <para>
    /// Facts about nanoFramework it is built around (System.Device.Wifi 1.5.147, System.Net
    /// 1.11.54 and nf-interpreter 8ca767c52, read from their sources): <c>WifiAdapter.Connect</c>
    /// waits up to 20 s for the association and returns why it failed (network not found,
    /// credentials refused, unspecified); it first disconnects, so it is called only when the
    /// link is down or a fresh join is wanted; once called, the ESP32 reassociates by itself
    /// after every loss, which the adapter sees as the link coming back
    /// (<see cref="LinkReport"/>). An Ethernet link comes up by itself when the cable is in, and
    /// loses its address when the cable is out. <c>Dns.GetHostEntry</c> blocks every managed
    /// thread until lwIP's resolver gives up; <c>Socket.Connect</c> may hang, and a thread stuck
    /// in it is abandoned.
    /// </para>
    /// <para>
    /// The rules, and why. Joins back off from 2 s to at most 20 s and wait at most 20 s for an
    /// address and the clock, so a router or a cable that returns after any outage is used
    /// within about a minute (no reboot: a reboot does not make a router come back); a network
    /// that refuses our password is asked again only every 2 minutes at most. A lost link first
    /// gets 15 s to come back by itself. A link that was lost <see cref="FlapsBeforeDamping"/>
    /// times within <see cref="FlapWindow"/> must stay up <see cref="StableLinkRequired"/>
    /// before a connection is opened over it, so a bad cable or a marginal access point does not
    /// cost a TLS handshake per flap. DNS and TCP failures while the link is up back off up to
    /// 60 s; when they persist (4 in a row over 2 minutes, or 2 hung attempts), the link is
    /// joined afresh (a new DHCP lease, a new resolver). TLS and XMPP failures mean the server
    /// was reached: the network is fine, so they only back off (up to 5 minutes) and never cause
    /// a rejoin or a reboot. A reboot is the last resort for what nothing else frees: a driver
    /// that fails <see cref="DriverFailuresBeforeReboot"/> joins in a row, too many hung
    /// attempts (their threads stay blocked), a network that stays broken through several
    /// rejoins for 30 minutes, or a link that has not come up for 6 hours (a wedged driver); and
    /// a planned restart after 400 days up, before the firmware's tick counter wraps. All state is
    /// a few counters.
    /// </para>
    /// </remarks>
    public sealed class LinkSupervisor
    {
        /// <summary>How long one join waits for an address and the clock, in milliseconds (Wi-Fi's association before it has the firmware's own 20 s limit).</summary>
        public const int LinkAttemptTimeout = 20000;

        /// <summary>The first join retry's delay ceiling, in milliseconds.</summary>
        public const int LinkRetryInitial = 2000;

        /// <summary>The longest wait between two joins, in milliseconds: keeps a returning router's wait under a minute.</summary>
        public const int LinkRetryMaximum = 20000;

        /// <summary>The first retry's delay ceiling after the network refused our credentials, in milliseconds.</summary>
        public const int RefusedRetryInitial = 10000;

        /// <summary>The longest wait after the network refused our credentials, in milliseconds: a wrong password does not fix itself.</summary>
        public const int RefusedRetryMaximum = 120000;

        /// <summary>How long a lost link is left to come back by itself before the thing joins again, in milliseconds.</summary>
        public const int AutomaticReconnectGrace = 15000;

        /// <summary>Losses of the link within <see cref="FlapWindow"/> that make it flapping.</summary>
        public const int FlapsBeforeDamping = 3;

        /// <summary>The window in which <see cref="FlapsBeforeDamping"/> losses make the link flapping, in milliseconds.</summary>
        public const int FlapWindow = 120000;

        /// <summary>How long a flapping link must stay up before a connection is opened over it, in milliseconds.</summary>
        public const int StableLinkRequired = 30000;

        /// <summary>The longest wait after a DNS or TCP failure, in milliseconds.</summary>
        public const int NetworkRetryMaximum = 60000;

        /// <summary>The first XMPP retry's delay ceiling, in milliseconds.</summary>
        public const int ServerRetryInitial = 1000;

        /// <summary>The longest wait after a TLS or XMPP failure, in milliseconds.</summary>
        public const int ServerRetryMaximum = 300000;

        /// <summary>DNS or TCP failures in a row, with the link up, that make the thing join afresh (with <see cref="NetworkTroubleBeforeRejoin"/>).</summary>
        public const int NetworkFailuresBeforeRejoin = 4;

        /// <summary>How long DNS or TCP must have failed before a rejoin, in milliseconds.</summary>
        public const int NetworkTroubleBeforeRejoin = 120000;

        /// <summary>Hung DNS or TCP attempts in a row that make the thing join afresh.</summary>
        public const int HungAttemptsBeforeRejoin = 2;

        /// <summary>Hung attempts since the last session online after which only a reboot frees their threads.</summary>
        public const int MaxHungAttempts = 24;

        /// <summary>Rejoins forced by network failures that may pass, while offline for <see cref="RebootAfterOffline"/>, before a reboot.</summary>
        public const int RejoinsBeforeReboot = 3;

        /// <summary>How long the thing must have been offline, in milliseconds, before a broken network behind a working link makes it reboot.</summary>
        public const int RebootAfterOffline = 30 * 60 * 1000;

        /// <summary>How long joins may fail, in milliseconds, before a reboot (in case the driver is wedged).</summary>
        public const long LinkRebootAfter = 6L * 60 * 60 * 1000;

        /// <summary>Joins in a row whose driver failed before a reboot.</summary>
        public const int DriverFailuresBeforeReboot = 3;

        /// <summary>
        /// How long the device may run, in milliseconds, before a planned restart: 400 days. The
        /// ESP32 firmware's clock is FreeRTOS's 32-bit tick count at 100 Hz, which wraps after 497
        /// days; then its uptime goes negative and every timeout and sleep waits for another 497
        /// days (nf-interpreter 8ca767c52: targetHAL_Time.h, Execution.cpp).
        /// </summary>
        public const long UptimeLimit = 400L * 24 * 60 * 60 * 1000;

        private readonly ReconnectPolicy linkRetry;
        private readonly ReconnectPolicy refusedRetry;
        private readonly ReconnectPolicy serverRetry;
        private readonly long[] losses = new long[FlapsBeforeDamping];
        private bool linkUp;
        private bool joinAttempted;
        private bool forcedRejoin;
        private bool online;
        private int driverFailures;
        private int lossCount;
        private int networkFailures;
        private int hungInARow;
        private int hungAttempts;
        private int rejoins;
        private long linkNextAt;
        private long linkDownSince;
        private long linkUpSince;
        private long xmppNextAt;
        private long networkTroubleSince;
        private long offlineSince;
        private long wakeAt;
        private long bootedAt;
        private string rebootReason;

        /// <summary>Creates the supervisor of a device that just booted: the link down, nothing tried.</summary>
        /// <param name="now">The time, in milliseconds, on the monotonic clock of every later call.</param>
        /// <param name="entropy">Randomness for the backoffs' jitter.</param>
        public LinkSupervisor(long now, IEntropySource entropy)
        {
            linkRetry = new ReconnectPolicy(LinkRetryInitial, LinkRetryMaximum, entropy);
            refusedRetry = new ReconnectPolicy(RefusedRetryInitial, RefusedRetryMaximum, entropy);
            serverRetry = new ReconnectPolicy(ServerRetryInitial, ServerRetryMaximum, entropy);
            linkNextAt = now;
            linkDownSince = now;
            xmppNextAt = now;
            offlineSince = now;
            wakeAt = now;
            bootedAt = now;
        }

        /// <summary>Whether the supervisor counts the link as up (with an address and the clock).</summary>
        public bool LinkUp
        {
            get { return linkUp; }
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

        /// <summary>Rejoins forced by network failures since the last session online.</summary>
        public int Rejoins
        {
            get { return rejoins; }
        }

        /// <summary>
        /// Whether a session that is online (or connecting) should go on: false once the link has
        /// been down longer than <see cref="AutomaticReconnectGrace"/>. The adapter ends the
        /// session then instead of waiting for the client's ping to time out (minutes), so that a
        /// returning router is used at once.
        /// </summary>
        /// <param name="now">The time, in milliseconds.</param>
        /// <returns>Whether to keep the session.</returns>
        public bool KeepSession(long now)
        {
            return (linkUp || now - linkDownSince < AutomaticReconnectGrace) && now - bootedAt < UptimeLimit;
        }

        /// <summary>What to do now. Call it again after reporting the result of what it asked for, or at <see cref="WakeAt"/>.</summary>
        /// <param name="now">The time, in milliseconds.</param>
        /// <returns>The action.</returns>
        public LinkAction Next(long now)
        {
            if (rebootReason == null && now - bootedAt >= UptimeLimit)
            {
                rebootReason = "a planned restart after " + ((now - bootedAt) / (24L * 60 * 60 * 1000)) + " days up (the firmware's tick counter wraps at 497)";
            }

            if (rebootReason != null)
            {
                return LinkAction.Reboot;
            }

            if (!linkUp)
            {
                if (now < linkNextAt)
                {
                    wakeAt = linkNextAt;
                    return LinkAction.Wait;
                }

                joinAttempted = true;
                return LinkAction.JoinLink;
            }

            var at = xmppNextAt;
            var settledAt = SettledAt();
            if (settledAt > at)
            {
                at = settledAt;
            }

            if (now < at)
            {
                wakeAt = at;
                return LinkAction.Wait;
            }

            return LinkAction.ConnectXmpp;
        }

        /// <summary>Reports a join that succeeded: the link is up with an address and the clock.</summary>
        /// <param name="now">The time, in milliseconds.</param>
        public void LinkJoined(long now)
        {
            // After a rejoin of our own the network's failures go on counting in the backoff:
            // a lookup that hangs through rejoins must not be retried ever faster.
            var keepBackoff = forcedRejoin;
            forcedRejoin = false;
            driverFailures = 0;
            refusedRetry.Reset();
            MarkUp(now, keepBackoff);
        }

        /// <summary>Reports a join that failed, and why.</summary>
        /// <param name="now">The time, in milliseconds.</param>
        /// <param name="failure">What the driver said.</param>
        public void LinkJoinFailed(long now, LinkFailure failure)
        {
            driverFailures = failure == LinkFailure.DriverError ? driverFailures + 1 : 0;
            if (driverFailures >= DriverFailuresBeforeReboot)
            {
                rebootReason = "the network driver failed " + driverFailures + " joins in a row";
                return;
            }

            if (now - linkDownSince >= LinkRebootAfter)
            {
                rebootReason = "the network link has not come up for " + ((now - linkDownSince) / 60000) + " min";
                return;
            }

            var delay = failure == LinkFailure.Refused ? refusedRetry.NextDelay() : linkRetry.NextDelay();
            linkNextAt = now + delay;
        }

        /// <summary>
        /// Reports the link's state as the adapter sees it (an address on the interface), at least
        /// every few seconds while waiting: the link coming back by itself shows here.
        /// </summary>
        /// <param name="now">The time, in milliseconds.</param>
        /// <param name="up">Whether the link is up.</param>
        public void LinkReport(long now, bool up)
        {
            // Before the first join nothing is ours yet, and a forced rejoin waits for its own join.
            if (up == linkUp || !joinAttempted || forcedRejoin)
            {
                return;
            }

            if (up)
            {
                MarkUp(now, false);
                return;
            }

            linkUp = false;
            linkDownSince = now;
            losses[lossCount % losses.Length] = now;
            lossCount++;
            linkRetry.Reset();
            linkNextAt = now + AutomaticReconnectGrace;
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
        /// <param name="timedOut">Whether the step did not return within its time limit (a hung connect whose thread was abandoned, or a connection whose reader did not stop).</param>
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

        // When the link counts as settled: at once, unless it flaps; then after it stayed up long enough.
        private long SettledAt()
        {
            if (lossCount < FlapsBeforeDamping)
            {
                return 0;
            }

            // The oldest of the last few losses: all of them fell within the window.
            var oldest = losses[lossCount % losses.Length];
            var newest = losses[(lossCount - 1) % losses.Length];
            if (newest - oldest > FlapWindow)
            {
                return 0;
            }

            return linkUpSince + StableLinkRequired;
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
                rebootReason = hungAttempts + " connects hung; their threads cannot be freed otherwise";
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
                rebootReason = "the network behind the link stayed broken through " + (rejoins - 1) + " rejoins and " + ((now - offlineSince) / 60000) + " min";
                return;
            }

            // A fresh join brings a new DHCP lease and resolver, and resets the IP stack's state.
            linkUp = false;
            forcedRejoin = true;
            linkDownSince = now;
            linkNextAt = now;
            networkFailures = 0;
            hungInARow = 0;
        }

        private void MarkUp(long now, bool keepBackoff)
        {
            linkUp = true;
            linkUpSince = now;
            linkRetry.Reset();
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
