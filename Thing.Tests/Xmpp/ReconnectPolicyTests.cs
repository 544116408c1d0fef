using System;
using nanoFramework.TestFramework;
using SiotThing.Protocol.Xmpp;

namespace SiotThing.Tests.Xmpp
{
    [TestClass]
    public class ReconnectPolicyTests
    {
        [TestMethod]
        public void DelaysDoubleWithinTheirJitterBandUpToTheCap()
        {
            var policy = new ReconnectPolicy(1000, 60000, new DeterministicEntropy(7));
            var ceilings = new[] { 1000, 2000, 4000, 8000, 16000, 32000, 60000, 60000, 60000 };

            for (var attempt = 0; attempt < ceilings.Length; attempt++)
            {
                var delay = policy.NextDelay();
                Assert.IsTrue(delay >= ceilings[attempt] / 2 && delay <= ceilings[attempt], "attempt " + attempt + ": " + delay);
            }

            Assert.AreEqual(ceilings.Length, policy.FailedAttempts);
        }

        [TestMethod]
        public void StaysAtTheCapAfterManyFailures()
        {
            var policy = new ReconnectPolicy(1000, 300000, new DeterministicEntropy(3));
            for (var attempt = 0; attempt < 1000; attempt++)
            {
                var delay = policy.NextDelay();
                Assert.IsTrue(delay > 0 && delay <= 300000, "attempt " + attempt + ": " + delay);
            }

            Assert.IsTrue(policy.NextDelay() >= 150000);
        }

        [TestMethod]
        public void ResetStartsOverAfterASuccessfulConnection()
        {
            var policy = new ReconnectPolicy(1000, 60000, new DeterministicEntropy(11));
            for (var attempt = 0; attempt < 5; attempt++)
            {
                policy.NextDelay();
            }

            policy.Reset();

            Assert.AreEqual(0, policy.FailedAttempts);
            Assert.IsTrue(policy.NextDelay() <= 1000);
        }

        [TestMethod]
        public void OnlyASessionThatStayedUpStartsTheBackoffOver()
        {
            var policy = new ReconnectPolicy(1000, 60000, new DeterministicEntropy(11));
            for (var attempt = 0; attempt < 5; attempt++)
            {
                policy.NextDelay();
            }

            // Ended at once, say by a stanza the thing could not take: still backing off.
            policy.SessionEnded(ReconnectPolicy.StableSession - 1);
            Assert.AreEqual(5, policy.FailedAttempts);
            Assert.IsTrue(policy.NextDelay() >= 16000);

            policy.SessionEnded(ReconnectPolicy.StableSession);
            Assert.AreEqual(0, policy.FailedAttempts);
            Assert.IsTrue(policy.NextDelay() <= 1000);
        }

        [TestMethod]
        public void SessionsThatEndAtOnceReachTheCap()
        {
            // A server that lets the login succeed and then ends every session cannot make a tight loop.
            var policy = new ReconnectPolicy(1000, 300000, new DeterministicEntropy(5));
            var delay = 0;
            for (var session = 0; session < 12; session++)
            {
                policy.SessionEnded(1000);
                delay = policy.NextDelay();
            }

            Assert.IsTrue(delay >= 150000, "at the cap's lower half: " + delay);
        }

        [TestMethod]
        public void JitterSpreadsThingsThatFailTogether()
        {
            var first = new ReconnectPolicy(1000, 60000, new DeterministicEntropy(1));
            var second = new ReconnectPolicy(1000, 60000, new DeterministicEntropy(2));
            var differ = false;
            for (var attempt = 0; attempt < 5; attempt++)
            {
                differ |= first.NextDelay() != second.NextDelay();
            }

            Assert.IsTrue(differ);
        }

        [TestMethod]
        public void RejectsDelaysThatMakeNoSense()
        {
            Assert.ThrowsException(typeof(ArgumentOutOfRangeException), () => new ReconnectPolicy(0, 1000, new DeterministicEntropy(1)));
            Assert.ThrowsException(typeof(ArgumentOutOfRangeException), () => new ReconnectPolicy(2000, 1000, new DeterministicEntropy(1)));
        }
    }
}
