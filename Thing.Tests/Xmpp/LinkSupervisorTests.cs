using nanoFramework.TestFramework;
using SiotThing.Protocol.Link;

namespace SiotThing.Tests.Xmpp
{
    /// <summary>
    /// Replays what nanoFramework's Wi-Fi, Ethernet and network APIs report (through
    /// <see cref="LinkWorld"/>) against <see cref="LinkSupervisor"/>: routers and cables that go
    /// away for long, links that flap, a wrong password, no DHCP lease, name lookups that hang,
    /// TLS that fails or stalls, a driver that fails. Times are simulated.
    /// </summary>
    [TestClass]
    public class LinkSupervisorTests
    {
        private const long Second = 1000;
        private const long Minute = 60 * Second;

        [TestMethod]
        public void ARouterOffForAnHourIsOnlineAgainWithinAMinuteOfItsReturnWithoutAReboot()
        {
            // Without automatic reconnection (the worst case): only the supervisor's joins help.
            // Each phase puts the router's return at another point of the retry cycle.
            for (var phase = 0; phase < 7; phase++)
            {
                var back = 70 * Minute + phase * 7 * Second;
                var world = new LinkWorld((ulong)(phase + 1));
                world.AutomaticReconnection = false;
                world.Router(true, new[] { 10 * Minute, back });
                world.RunUntil(9 * Minute);
                Assert.IsTrue(world.OnlineSince >= 0, "online before the outage");

                world.RunUntil(back + Minute);

                Assert.IsFalse(world.Rebooted, "phase " + phase + ": rebooted: " + world.Supervisor.RebootReason);
                Assert.IsTrue(world.OnlineSince >= back, "phase " + phase + ": not online a minute after the router's return");
            }
        }

        [TestMethod]
        public void WithAutomaticReconnectionAShortDropNeedsNoJoinOfItsOwn()
        {
            var world = new LinkWorld(5);
            world.Router(true, new[] { 5 * Minute, 5 * Minute + 4 * Second });
            world.RunUntil(5 * Minute);
            var joins = world.Joins;

            world.RunUntil(10 * Minute);

            Assert.AreEqual(joins, world.Joins, "the ESP32 rejoined by itself within the grace");
            Assert.IsTrue(world.OnlineSince > 5 * Minute, "online again after the drop");
            Assert.IsFalse(world.Rebooted);
        }

        [TestMethod]
        public void ARouterThatIsOffAtBootIsJoinedWhenItComesWithoutAReboot()
        {
            var world = new LinkWorld(9);
            world.Router(false, new[] { 60 * Minute });

            world.RunUntil(61 * Minute);

            Assert.IsFalse(world.Rebooted, world.Supervisor.RebootReason);
            Assert.IsTrue(world.OnlineSince >= 60 * Minute, "online within a minute");

            // Paced: no tight loop (a join at most every 20 s plus its 20 s limit, never faster than every 2 s).
            Assert.IsTrue(world.Joins >= 60 && world.Joins <= 1800, "joins: " + world.Joins);
        }

        [TestMethod]
        public void FlappingWifiEndsOnlineWithoutAReboot()
        {
            // Off and on at uneven intervals for half an hour, then stable.
            var switches = new long[40];
            var at = 2 * Minute;
            for (var i = 0; i < switches.Length; i++)
            {
                at += (10 + (i * 37 % 80)) * Second;
                switches[i] = at;
            }

            for (var automatic = 0; automatic < 2; automatic++)
            {
                var world = new LinkWorld(3);
                world.AutomaticReconnection = automatic == 1;
                world.Router(true, switches);

                world.RunUntil(at + Minute);

                Assert.IsFalse(world.Rebooted, world.Supervisor.RebootReason);
                Assert.IsTrue(world.OnlineSince >= at, "online within a minute of the last switch");
                Assert.IsTrue(world.Connects < 60, "connects: " + world.Connects);
            }
        }

        [TestMethod]
        public void NameLookupsThatHangForTenMinutesLeadToARejoinNotAReboot()
        {
            var world = new LinkWorld(13);
            world.DnsHangsFrom = 0;
            world.DnsHangsUntil = 10 * Minute;

            world.RunUntil(10 * Minute + 2 * Minute);

            Assert.IsFalse(world.Rebooted, world.Supervisor.RebootReason);
            Assert.IsTrue(world.OnlineSince >= 10 * Minute, "online once lookups answer");
            Assert.IsTrue(world.Joins >= 2, "joined afresh: " + world.Joins);
        }

        [TestMethod]
        public void NameLookupsThatHangForEverEndInAReboot()
        {
            var world = new LinkWorld(17);
            world.DnsHangsFrom = 0;
            world.DnsHangsUntil = long.MaxValue;

            world.RunUntil(3 * 60 * Minute);

            Assert.IsTrue(world.Rebooted, "the last resort");
            Assert.IsTrue(world.Now >= 10 * Minute, "not before several rejoins: " + world.Now);
            Assert.IsNotNull(world.Supervisor.RebootReason);
        }

        [TestMethod]
        public void TlsThatFailsBacksOffAndNeverRejoinsOrReboots()
        {
            var world = new LinkWorld(21);
            world.TlsFailsFrom = 0;
            world.TlsFailsUntil = 60 * Minute;

            world.RunUntil(60 * Minute);

            Assert.IsFalse(world.Rebooted, world.Supervisor.RebootReason);
            Assert.AreEqual(1, world.Joins, "the network works: no rejoin");
            Assert.IsTrue(world.TlsAttempts <= 30, "backed off to minutes: " + world.TlsAttempts);
            Assert.IsTrue(world.TlsAttempts >= 10, "kept trying: " + world.TlsAttempts);

            world.RunUntil(60 * Minute + 6 * Minute);
            Assert.IsTrue(world.OnlineSince >= 60 * Minute, "online within the backoff's cap once TLS works");
        }

        [TestMethod]
        public void ADriverThatFailsEveryJoinEndsInAReboot()
        {
            var world = new LinkWorld(23);
            world.DriverBroken = true;

            world.RunUntil(10 * Minute);

            Assert.IsTrue(world.Rebooted);
            Assert.AreEqual(LinkSupervisor.DriverFailuresBeforeReboot, world.Joins);
        }

        [TestMethod]
        public void AFailedJoinIsRetriedAfterABackoffAndTheConnectionFollowsTheJoin()
        {
            var supervisor = new LinkSupervisor(0, new DeterministicEntropy(1));
            Assert.AreEqual((int)LinkAction.JoinLink, (int)supervisor.Next(0));
            supervisor.LinkJoinFailed(20000, LinkFailure.NotFound);
            Assert.AreEqual((int)LinkAction.Wait, (int)supervisor.Next(20000));
            var wake = supervisor.WakeAt;
            Assert.IsTrue(wake > 20000 && wake <= 20000 + LinkSupervisor.LinkRetryInitial, "wake " + wake);
            Assert.AreEqual((int)LinkAction.JoinLink, (int)supervisor.Next(wake));
            supervisor.LinkJoined(wake + 4000);
            Assert.AreEqual((int)LinkAction.ConnectXmpp, (int)supervisor.Next(wake + 4000));
        }

        [TestMethod]
        public void AfterFourHundredDaysUpTheSessionEndsAndTheDeviceRestartsBeforeItsTickCounterWraps()
        {
            var supervisor = new LinkSupervisor(0, new DeterministicEntropy(7));
            Assert.AreEqual((int)LinkAction.JoinLink, (int)supervisor.Next(0));
            supervisor.LinkJoined(4000);
            Assert.AreEqual((int)LinkAction.ConnectXmpp, (int)supervisor.Next(4000));
            supervisor.XmppOnline(7000);
            Assert.IsTrue(supervisor.KeepSession(LinkSupervisor.UptimeLimit - 1), "online until the limit");

            Assert.IsFalse(supervisor.KeepSession(LinkSupervisor.UptimeLimit), "the session ends at the limit");
            supervisor.ConnectionEnded(LinkSupervisor.UptimeLimit, LinkStage.Session, false, LinkSupervisor.UptimeLimit - 7000);
            supervisor.LinkReport(LinkSupervisor.UptimeLimit, true);

            Assert.AreEqual((int)LinkAction.Reboot, (int)supervisor.Next(LinkSupervisor.UptimeLimit));
            Assert.AreEqual("a planned restart after 400 days up (the firmware's tick counter wraps at 497)", supervisor.RebootReason);
            Assert.IsTrue(LinkSupervisor.UptimeLimit < 497L * 24 * 60 * 60 * 1000, "before the wrap");
        }

        [TestMethod]
        public void AWrongPasswordIsAskedAgainAtMostEveryTwoMinutesAndJoinsOnceFixed()
        {
            var world = new LinkWorld(29);
            world.PasswordWrongUntil = 60 * Minute;

            world.RunUntil(60 * Minute);

            Assert.IsFalse(world.Rebooted, world.Supervisor.RebootReason);
            Assert.IsTrue(world.OnlineSince < 0, "not online with a refused password");

            // Backed off to the cap: about 30 refusals an hour, not one every 20 s (180).
            Assert.IsTrue(world.RefusedJoins <= 45, "refused joins: " + world.RefusedJoins);
            Assert.IsTrue(world.RefusedJoins >= 25, "kept asking: " + world.RefusedJoins);

            world.RunUntil(60 * Minute + LinkSupervisor.RefusedRetryMaximum + Minute);
            Assert.IsTrue(world.OnlineSince >= 60 * Minute, "online once the password is accepted");
        }

        [TestMethod]
        public void NoDhcpLeaseForHalfAnHourIsRetriedAndOnlineOnceAServerAnswersWithoutAReboot()
        {
            var world = new LinkWorld(31);
            world.DhcpDownFrom = 0;
            world.DhcpDownUntil = 30 * Minute;

            world.RunUntil(30 * Minute + 2 * Minute);

            Assert.IsFalse(world.Rebooted, world.Supervisor.RebootReason);
            Assert.IsTrue(world.OnlineSince >= 30 * Minute, "online once a lease comes");
            Assert.AreEqual(1, world.Connects, "no connection without an address");
        }

        [TestMethod]
        public void ACableOutForAnHourIsUsedAgainWithinAMinuteOfComingBack()
        {
            // Ethernet: the link and its lease come back by themselves once the cable is in.
            var world = new LinkWorld(37);
            world.Router(true, new[] { 10 * Minute, 70 * Minute });
            world.RunUntil(9 * Minute);
            Assert.IsTrue(world.OnlineSince >= 0, "online before");

            world.RunUntil(71 * Minute);

            Assert.IsFalse(world.Rebooted, world.Supervisor.RebootReason);
            Assert.IsTrue(world.OnlineSince >= 70 * Minute, "online within a minute of the cable's return");
        }

        [TestMethod]
        public void AFlappingLinkMustStayUpBeforeEachConnect()
        {
            // Lost for 5 s every 25 s for ten minutes, then stable.
            var switches = new long[48];
            var at = 3 * Minute;
            for (var i = 0; i < switches.Length; i += 2)
            {
                switches[i] = at;
                switches[i + 1] = at + 5 * Second;
                at += 25 * Second;
            }

            var world = new LinkWorld(41);
            world.Router(true, switches);
            world.RunUntil(3 * Minute);
            var before = world.Connects;
            var soonBefore = world.ConnectsSoonAfterLinkUp;

            world.RunUntil(at + Minute);

            Assert.IsFalse(world.Rebooted, world.Supervisor.RebootReason);
            Assert.IsTrue(world.OnlineSince >= at, "online within a minute once stable");

            // The first losses are not yet flapping; from the third on, every connect waits for a settled link.
            Assert.IsTrue(world.ConnectsSoonAfterLinkUp - soonBefore <= LinkSupervisor.FlapsBeforeDamping, "connects over a fresh link: " + (world.ConnectsSoonAfterLinkUp - soonBefore));
            Assert.IsTrue(world.Connects - before <= 8, "connects while flapping: " + (world.Connects - before));
        }

        [TestMethod]
        public void AServerThatStopsAnsweringInTheHandshakeIsLeftAfterTheKeepaliveAndTriedAgainWithoutARejoin()
        {
            var world = new LinkWorld(43);
            world.TlsHangsFrom = 0;
            world.TlsHangsUntil = 20 * Minute;

            world.RunUntil(20 * Minute);

            Assert.IsFalse(world.Rebooted, world.Supervisor.RebootReason);
            Assert.AreEqual(1, world.Joins, "the network works: no rejoin");
            Assert.IsTrue(world.TlsAttempts >= 4, "each stalled handshake ended: " + world.TlsAttempts);

            world.RunUntil(20 * Minute + 6 * Minute);
            Assert.IsTrue(world.OnlineSince >= 20 * Minute, "online within the backoff's cap once the server answers");
        }
    }
}
