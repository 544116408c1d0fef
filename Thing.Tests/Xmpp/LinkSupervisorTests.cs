using nanoFramework.TestFramework;
using SiotThing.Protocol.Link;

namespace SiotThing.Tests.Xmpp
{
    /// <summary>
    /// Replays what nanoFramework's Wi-Fi and network APIs report (through <see cref="LinkWorld"/>)
    /// against <see cref="LinkSupervisor"/>: routers that go away for long, Wi-Fi that flaps,
    /// name lookups that hang, TLS that fails, a helper that refuses. Times are simulated.
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
                Assert.AreEqual(0, world.UnresetJoins, "every join after the first follows a reset");
                Assert.AreEqual(world.Joins - 1, world.Resets);
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
            Assert.AreEqual(0, world.UnresetJoins);

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
                Assert.AreEqual(0, world.UnresetJoins);
                Assert.IsTrue(world.Connects < 200, "connects: " + world.Connects);
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
            Assert.IsTrue(world.Joins >= 2, "Wi-Fi joined afresh: " + world.Joins);
            Assert.AreEqual(0, world.UnresetJoins);
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
        public void AHelperThatRefusesEvenAfterItsResetEndsInAReboot()
        {
            var world = new LinkWorld(23);
            world.HelperBroken = true;

            world.RunUntil(10 * Minute);

            Assert.IsTrue(world.Rebooted);
            Assert.AreEqual(LinkSupervisor.RefusalsBeforeReboot, world.Joins);
        }

        [TestMethod]
        public void TheFirstJoinIsNotResetAndLaterOnesAre()
        {
            var supervisor = new LinkSupervisor(0, new DeterministicEntropy(1));
            Assert.AreEqual((int)LinkAction.JoinWifi, (int)supervisor.Next(0));
            supervisor.WifiJoinFailed(20000, false);
            Assert.AreEqual((int)LinkAction.Wait, (int)supervisor.Next(20000));
            var wake = supervisor.WakeAt;
            Assert.IsTrue(wake > 20000 && wake <= 20000 + LinkSupervisor.WifiRetryInitial, "wake " + wake);
            Assert.AreEqual((int)LinkAction.ResetNetworkHelper, (int)supervisor.Next(wake));
            supervisor.NetworkHelperReset(wake);
            Assert.AreEqual((int)LinkAction.JoinWifi, (int)supervisor.Next(wake));
            supervisor.WifiJoined(wake + 4000);
            Assert.AreEqual((int)LinkAction.ConnectXmpp, (int)supervisor.Next(wake + 4000));
        }
    }
}
