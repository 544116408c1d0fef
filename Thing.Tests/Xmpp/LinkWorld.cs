using SiotThing.Protocol.Link;

namespace SiotThing.Tests.Xmpp
{
    /// <summary>
    /// A simulated ESP32 network for <see cref="LinkSupervisor"/>: a router (or an Ethernet
    /// cable) that is on or off on a schedule, and a link driver that answers as nanoFramework's
    /// does (System.Device.Wifi 1.5.147 and nf-interpreter 8ca767c52): a join says why it failed
    /// (network not found, credentials refused, no address, driver failure) and a failed one
    /// takes its whole time limit; once joined, the link comes back by itself a few seconds
    /// after the router (or cable) returns (when enabled); a name lookup can hang; TLS can fail,
    /// or hang until TCP keepalive gives up. Time only moves forward, in steps of at most a
    /// second while the supervisor waits.
    /// </summary>
    public sealed class LinkWorld
    {
        /// <summary>How long a join to a router that is on takes, in milliseconds.</summary>
        public const int JoinTime = 4000;

        /// <summary>How long the ESP32's automatic reconnection needs once the router is back.</summary>
        public const int AutomaticRejoinTime = 6000;

        /// <summary>A whole login with cached SCRAM secrets, in milliseconds.</summary>
        public const int LoginTime = 3000;

        /// <summary>How long the adapter waits for a hung lookup or connect.</summary>
        public const int ConnectTimeout = 15000;

        /// <summary>How long a dead session takes to notice (the client's ping after silence and its timeout).</summary>
        public const int DeadSessionNoticed = 150000;

        private readonly LinkSupervisor supervisor;
        private long[] toggles = new long[0];
        private bool initiallyUp = true;
        private bool associated;
        private bool everJoined;
        private long routerBackAt = -1;
        private long associatedSince = -1;
        private long sessionStart = -1;
        private long sessionLostAt = -1;

        /// <summary>Boots the device at time 0.</summary>
        /// <param name="seed">The jitter's seed.</param>
        public LinkWorld(ulong seed)
        {
            supervisor = new LinkSupervisor(0, new DeterministicEntropy(seed));
            AutomaticReconnection = true;
        }

        /// <summary>The simulated time, in milliseconds since boot.</summary>
        public long Now { get; private set; }

        /// <summary>Whether the ESP32 rejoins a returning router by itself.</summary>
        public bool AutomaticReconnection { get; set; }

        /// <summary>Whether the driver fails every join (it throws, or reports an unspecified failure).</summary>
        public bool DriverBroken { get; set; }

        /// <summary>The network refuses our password until this time (exclusive).</summary>
        public long PasswordWrongUntil { get; set; } = -1;

        /// <summary>The DHCP server does not answer from this time (inclusive) ...</summary>
        public long DhcpDownFrom { get; set; } = -1;

        /// <summary>... until this time (exclusive).</summary>
        public long DhcpDownUntil { get; set; } = -1;

        /// <summary>The server stops answering in the middle of TLS handshakes from this time ...</summary>
        public long TlsHangsFrom { get; set; } = -1;

        /// <summary>... until this time.</summary>
        public long TlsHangsUntil { get; set; } = -1;

        /// <summary>Name lookups hang from this time (inclusive) ...</summary>
        public long DnsHangsFrom { get; set; } = -1;

        /// <summary>... until this time (exclusive).</summary>
        public long DnsHangsUntil { get; set; } = -1;

        /// <summary>TLS handshakes fail from this time ...</summary>
        public long TlsFailsFrom { get; set; } = -1;

        /// <summary>... until this time.</summary>
        public long TlsFailsUntil { get; set; } = -1;

        /// <summary>Joins (WifiAdapter.Connect, or a DHCP renewal on Ethernet).</summary>
        public int Joins { get; private set; }

        /// <summary>Joins the network refused for the password.</summary>
        public int RefusedJoins { get; private set; }

        /// <summary>Connection attempts started less than <see cref="LinkSupervisor.StableLinkRequired"/> after the link came up.</summary>
        public int ConnectsSoonAfterLinkUp { get; private set; }

        /// <summary>Connection attempts.</summary>
        public int Connects { get; private set; }

        /// <summary>Connection attempts that reached the TLS handshake.</summary>
        public int TlsAttempts { get; private set; }

        /// <summary>Whether the supervisor asked for a reboot (the world stops there).</summary>
        public bool Rebooted { get; private set; }

        /// <summary>When the session online now went online, or -1 when none is.</summary>
        public long OnlineSince
        {
            get { return sessionStart; }
        }

        /// <summary>The supervisor under test.</summary>
        public LinkSupervisor Supervisor
        {
            get { return supervisor; }
        }

        /// <summary>Sets the router's schedule.</summary>
        /// <param name="upAtBoot">Whether it is on at time 0.</param>
        /// <param name="switchTimes">When it switches (ascending), in milliseconds.</param>
        public void Router(bool upAtBoot, long[] switchTimes)
        {
            initiallyUp = upAtBoot;
            toggles = switchTimes;
        }

        /// <summary>Whether the router is on at <paramref name="time"/>.</summary>
        /// <param name="time">The time, in milliseconds.</param>
        /// <returns>Whether it is on.</returns>
        public bool RouterUp(long time)
        {
            var up = initiallyUp;
            for (var i = 0; i < toggles.Length && toggles[i] <= time; i++)
            {
                up = !up;
            }

            return up;
        }

        /// <summary>Runs the device and the supervisor until <paramref name="until"/> or a reboot.</summary>
        /// <param name="until">The time to stop at, in milliseconds.</param>
        public void RunUntil(long until)
        {
            while (Now < until && !Rebooted)
            {
                if (sessionStart >= 0 || sessionLostAt >= 0)
                {
                    StepSession(until);
                    continue;
                }

                var action = supervisor.Next(Now);
                if (action == LinkAction.Wait)
                {
                    var wake = supervisor.WakeAt;
                    Advance(wake < Now + 1000 ? (wake > Now ? wake : Now + 1) : Now + 1000);
                    supervisor.LinkReport(Now, associated);
                }
                else if (action == LinkAction.JoinLink)
                {
                    Join();
                }
                else if (action == LinkAction.ConnectXmpp)
                {
                    Connect();
                }
                else
                {
                    Rebooted = true;
                }
            }
        }

        private void Join()
        {
            Joins++;
            var start = Now;
            if (DriverBroken)
            {
                Advance(start + 10);
                supervisor.LinkJoinFailed(Now, LinkFailure.DriverError);
                return;
            }

            if (!RouterUp(start) || !RouterUp(start + JoinTime))
            {
                // Pessimistic: a router that comes back during an attempt does not save it.
                Advance(start + LinkSupervisor.LinkAttemptTimeout);
                supervisor.LinkJoinFailed(Now, LinkFailure.NotFound);
                return;
            }

            if (start < PasswordWrongUntil)
            {
                RefusedJoins++;
                Advance(start + JoinTime);
                supervisor.LinkJoinFailed(Now, LinkFailure.Refused);
                return;
            }

            if (start >= DhcpDownFrom && start < DhcpDownUntil)
            {
                Advance(start + JoinTime + LinkSupervisor.LinkAttemptTimeout);
                supervisor.LinkJoinFailed(Now, LinkFailure.NoAddress);
                return;
            }

            // Connect disconnects first: a join is always a fresh association.
            Advance(start + JoinTime);
            associated = false;
            Associate();
            everJoined = true;
            supervisor.LinkJoined(Now);
        }

        private void Connect()
        {
            Connects++;
            var start = Now;
            if (start - associatedSince < LinkSupervisor.StableLinkRequired)
            {
                ConnectsSoonAfterLinkUp++;
            }

            if (!associated)
            {
                // No route: lwIP answers the lookup with an error at once.
                Advance(start + 100);
                supervisor.ConnectionEnded(Now, LinkStage.Dns, false, 0);
                supervisor.LinkReport(Now, associated);
                return;
            }

            if (start >= DnsHangsFrom && start < DnsHangsUntil)
            {
                Advance(start + ConnectTimeout);
                supervisor.ConnectionEnded(Now, LinkStage.Dns, true, 0);
                supervisor.LinkReport(Now, associated);
                return;
            }

            TlsAttempts++;
            if (start >= TlsHangsFrom && start < TlsHangsUntil)
            {
                // The handshake's native call waits until lwIP's keepalive aborts the connection.
                Advance(start + 500 + TcpKeepalive.DeadPeerNoticedWithin);
                supervisor.ConnectionEnded(Now, LinkStage.Tls, false, 0);
                supervisor.LinkReport(Now, associated);
                return;
            }

            if (start >= TlsFailsFrom && start < TlsFailsUntil)
            {
                Advance(start + 1500);
                supervisor.ConnectionEnded(Now, LinkStage.Tls, false, 0);
                supervisor.LinkReport(Now, associated);
                return;
            }

            Advance(start + LoginTime);
            if (!associated)
            {
                supervisor.ConnectionEnded(Now, LinkStage.Xmpp, false, 0);
                supervisor.LinkReport(Now, associated);
                return;
            }

            sessionStart = Now;
            supervisor.XmppOnline(Now);
        }

        private void StepSession(long until)
        {
            if (sessionLostAt < 0)
            {
                Advance(Now + 1000 < until ? Now + 1000 : until);
                if (!associated)
                {
                    sessionLostAt = Now;
                }

                return;
            }

            // Pessimistic: a session that lost the link once is dead; the client notices through
            // its unanswered ping, or the adapter ends it when the supervisor says so.
            var noticed = sessionLostAt + DeadSessionNoticed;
            Advance(noticed < Now + 1000 ? noticed : Now + 1000);
            supervisor.LinkReport(Now, associated);
            if (Now >= noticed || !supervisor.KeepSession(Now))
            {
                var onlineFor = sessionLostAt - sessionStart;
                sessionStart = -1;
                sessionLostAt = -1;
                supervisor.ConnectionEnded(Now, LinkStage.Session, false, onlineFor);
                supervisor.LinkReport(Now, associated);
            }
        }

        private void Advance(long to)
        {
            Now = to;
            var up = RouterUp(Now);
            if (!up)
            {
                associated = false;
                routerBackAt = -1;
                return;
            }

            if (routerBackAt < 0)
            {
                routerBackAt = Now;
            }

            if (!associated && AutomaticReconnection && everJoined && Now - routerBackAt >= AutomaticRejoinTime)
            {
                Associate();
            }
        }

        private void Associate()
        {
            if (!associated)
            {
                associated = true;
                associatedSince = Now;
            }
        }
    }
}
