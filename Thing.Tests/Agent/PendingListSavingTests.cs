using nanoFramework.TestFramework;
using SiotThing.Protocol.Agent;
using SiotThing.Protocol.Storage;
using SiotThing.Tests.Storage;

namespace SiotThing.Tests.Agent
{
    /// <summary>
    /// Issue 23, item 4: the flash writes that requests and withdrawals cause stay within a budget
    /// (8 at once, then one a minute), whoever makes them, and what waits is written when the
    /// budget allows, so that the flash holds the list a minute later at most.
    /// </summary>
    [TestClass]
    public class PendingListSavingTests
    {
        private const string Stranger = "stranger@example.net";
        private const long Minute = 60000;

        [TestMethod]
        public void OneStrangersLoopOfRequestsAndWithdrawalsWritesABurstThenOnceAMinute()
        {
            var flash = new MemoryStateStore();
            var requests = NewRequests(flash);
            var writes = flash.Writes;

            // 200 pairs in 28 s, as in the issue.
            for (var i = 0; i < 200; i++)
            {
                requests.Subscribe(Stranger);
                requests.SaveIfDue(i * 140);
                requests.Withdraw(Stranger);
                requests.SaveIfDue((i * 140) + 70);
            }

            requests.Subscribe(Stranger);
            requests.SaveIfDue(28000);
            Assert.AreEqual(writes + 8, flash.Writes, "the burst, then nothing until a minute has passed");
            Assert.AreEqual(0, new ThingStateStore(flash).Load().PendingRequests.Count, "the last request waits");

            requests.SaveIfDue(Minute);
            Assert.AreEqual(writes + 9, flash.Writes, "what waited is written when the budget allows");
            Assert.AreEqual(1, new ThingStateStore(flash).Load().PendingRequests.Count);
            requests.SaveIfDue(2 * Minute);
            Assert.AreEqual(writes + 9, flash.Writes, "nothing waits: no write");
        }

        [TestMethod]
        public void ManyRequestorsShareTheBudgetAndTheBudgetComesBackWithTime()
        {
            var flash = new MemoryStateStore();
            var requests = NewRequests(flash);
            var writes = flash.Writes;
            for (var i = 0; i < ThingState.MaxPendingRequests; i++)
            {
                requests.Subscribe("r" + i.ToString() + "@example.net");
                requests.SaveIfDue(i);
            }

            Assert.AreEqual(writes + 8, flash.Writes);
            Assert.AreEqual(8, new ThingStateStore(flash).Load().PendingRequests.Count);

            // After ten quiet minutes the budget is full again (not more than full): 8 writes at once.
            requests.SaveIfDue(10 * Minute);
            Assert.AreEqual(ThingState.MaxPendingRequests, new ThingStateStore(flash).Load().PendingRequests.Count);
            for (var i = 0; i < 12; i++)
            {
                requests.Withdraw("r" + i.ToString() + "@example.net");
                requests.SaveIfDue((10 * Minute) + i);
            }

            Assert.AreEqual(writes + 8 + 8, flash.Writes, "the refill stops at the burst");
        }

        [TestMethod]
        public void AnOwnersDecisionIsSavedAtOnceWithWhatWaited()
        {
            var flash = new MemoryStateStore();
            var requests = NewRequests(flash);
            for (var i = 0; i < 9; i++)
            {
                requests.Subscribe("r" + i.ToString() + "@example.net");
                requests.SaveIfDue(0);
            }

            Assert.AreEqual(8, new ThingStateStore(flash).Load().PendingRequests.Count, "the ninth waits");
            requests.Decide("r0@example.net", true);
            var saved = new ThingStateStore(flash).Load().PendingRequests;
            Assert.AreEqual(8, saved.Count, "the decision and the ninth request");
            Assert.IsFalse(saved.Contains("r0@example.net"));
            Assert.IsTrue(saved.Contains("r8@example.net"));
            var writes = flash.Writes;
            requests.SaveIfDue(Minute);
            Assert.AreEqual(writes, flash.Writes, "nothing waits after the decision's write");
        }

        private static SubscriptionRequests NewRequests(MemoryStateStore flash)
        {
            return new SubscriptionRequests(
                CollaboratorTesting.Configuration(),
                new ThingStateStore(flash),
                CollaboratorTesting.FreshState(flash),
                CollaboratorTesting.RosterOf(string.Empty),
                new RecordingLog());
        }
    }
}
