using nanoFramework.TestFramework;
using SiotThing.Protocol.Agent;
using SiotThing.Tests.Storage;

namespace SiotThing.Tests.Agent
{
    /// <summary>When the thing fetches the requests its server holds, and which kept ones it finds dead, without a client or an agent.</summary>
    [TestClass]
    public class PendingRecheckTests
    {
        private const string Alive = "alive@example.net";
        private const string Dead = "dead@example.net";

        [TestMethod]
        public void NothingIsFetchedWhileNothingWaitsAndTheKeptRequestsAreYoung()
        {
            var recheck = new PendingRecheck(new RecordingLog());
            recheck.SessionStarted(false, 1000);
            recheck.SlotFreed();

            Assert.IsFalse(recheck.IsDue(1, 1000 + PendingRecheck.StaleAge - 1));
            Assert.IsFalse(recheck.IsDue(0, 1000 + PendingRecheck.StaleAge), "an empty list has nothing to check");
            Assert.IsTrue(recheck.IsDue(1, 1000 + PendingRecheck.StaleAge), "kept requests are checked at their age");
        }

        [TestMethod]
        public void ARequestTurnedAwayFetchesAtMostEveryMinInterval()
        {
            var recheck = new PendingRecheck(new RecordingLog());
            recheck.SessionStarted(false, 1000);
            recheck.TurnedAway();

            Assert.IsFalse(recheck.IsDue(16, 1000 + PendingRecheck.MinInterval - 1));
            Assert.IsTrue(recheck.IsDue(16, 1000 + PendingRecheck.MinInterval));
        }

        [TestMethod]
        public void AKeptRequestDeliveredAgainFetchesAtMostEveryMinInterval()
        {
            var recheck = new PendingRecheck(new RecordingLog());
            recheck.SessionStarted(false, 1000);
            recheck.DeliveredAgain();

            Assert.IsFalse(recheck.IsDue(1, 1000 + PendingRecheck.MinInterval - 1));
            Assert.IsTrue(recheck.IsDue(1, 1000 + PendingRecheck.MinInterval), "long before StaleAge");
        }

        [TestMethod]
        public void ARequestReSentDuringAFetchOwesNoOtherFetch()
        {
            var flash = new MemoryStateStore();
            var state = CollaboratorTesting.FreshState(flash);
            state.PendingRequests.Add(Alive);
            var recheck = new PendingRecheck(new RecordingLog());
            recheck.SessionStarted(false, 0);
            recheck.Started(state.PendingRequests, PendingRecheck.MinInterval);
            recheck.Resent(Alive);
            recheck.DeliveredAgain();
            recheck.Ended(true);

            Assert.IsNull(recheck.NextDead());
            Assert.IsFalse(recheck.IsDue(1, 3 * PendingRecheck.MinInterval), "the fetch's own re-send is expected");
        }

        [TestMethod]
        public void AKeptRequestTheServerDidNotResendIsDeadAndAWaitingOneIsFetchedAgainAtOnce()
        {
            var flash = new MemoryStateStore();
            var state = CollaboratorTesting.FreshState(flash);
            state.PendingRequests.Add(Alive);
            state.PendingRequests.Add(Dead);
            var recheck = new PendingRecheck(new RecordingLog());
            recheck.SessionStarted(false, 0);
            recheck.TurnedAway();
            var now = PendingRecheck.MinInterval;
            Assert.IsTrue(recheck.IsDue(2, now));

            recheck.Started(state.PendingRequests, now);
            Assert.IsFalse(recheck.IsDue(2, now + PendingRecheck.StaleAge), "not while fetching");
            recheck.Resent(Alive);
            recheck.TurnedAway();
            recheck.Ended(true);

            Assert.AreEqual(Dead, recheck.NextDead());
            Assert.IsNull(recheck.NextDead());
            Assert.IsTrue(recheck.IsDue(1, now), "the request turned away during the fetch is fetched into the freed slot at once");
        }

        [TestMethod]
        public void AFetchThatFindsAllAliveIsNotRepeatedForTheOneItTurnedAway()
        {
            var flash = new MemoryStateStore();
            var state = CollaboratorTesting.FreshState(flash);
            state.PendingRequests.Add(Alive);
            var recheck = new PendingRecheck(new RecordingLog());
            recheck.SessionStarted(false, 0);
            recheck.TurnedAway();
            recheck.Started(state.PendingRequests, PendingRecheck.MinInterval);
            recheck.Resent(Alive);
            recheck.TurnedAway();
            recheck.Ended(true);

            Assert.IsNull(recheck.NextDead());
            Assert.IsFalse(recheck.IsDue(1, 3 * PendingRecheck.MinInterval), "it waits for a slot");
            recheck.SlotFreed();
            Assert.IsTrue(recheck.IsDue(0, 3 * PendingRecheck.MinInterval), "a freed slot fetches it");
        }

        [TestMethod]
        public void AFetchLostWithItsSessionDropsNothingAndAResumedSessionFetchesWhatWaits()
        {
            var flash = new MemoryStateStore();
            var state = CollaboratorTesting.FreshState(flash);
            state.PendingRequests.Add(Dead);
            var recheck = new PendingRecheck(new RecordingLog());
            recheck.SessionStarted(false, 0);
            recheck.TurnedAway();
            recheck.Started(state.PendingRequests, PendingRecheck.MinInterval);
            recheck.Ended(false);

            Assert.IsNull(recheck.NextDead());
            recheck.SessionStarted(true, 2 * PendingRecheck.MinInterval);
            Assert.IsTrue(recheck.IsDue(1, 2 * PendingRecheck.MinInterval));
            recheck.SessionStarted(false, 2 * PendingRecheck.MinInterval);
            Assert.IsFalse(recheck.IsDue(1, 4 * PendingRecheck.MinInterval), "a new session's initial presence fetched everything");
        }
    }
}
