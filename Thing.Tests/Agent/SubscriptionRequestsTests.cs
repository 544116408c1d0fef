using nanoFramework.TestFramework;
using SiotThing.Protocol.Agent;
using SiotThing.Protocol.Storage;
using SiotThing.Tests.Storage;

namespace SiotThing.Tests.Agent
{
    /// <summary>Which subscription requests are approved, kept, withdrawn or refused, and what a decision does to the list, without a client or an agent.</summary>
    [TestClass]
    public class SubscriptionRequestsTests
    {
        private const string Friend = "friend@example.net";
        private const string Stranger = "stranger@example.net";

        [TestMethod]
        public void TheServiceTheOwnerAndFriendsAreApprovedAtOnce()
        {
            var flash = new MemoryStateStore();
            var state = CollaboratorTesting.FreshState(flash);
            state.Owner = "owner@example.com";
            var requests = NewRequests(flash, state, new RecordingLog());

            Assert.AreEqual((int)SubscriptionAnswer.Approve, (int)requests.Subscribe(CollaboratorTesting.Service));
            Assert.AreEqual((int)SubscriptionAnswer.Approve, (int)requests.Subscribe("owner@example.com"));
            Assert.AreEqual((int)SubscriptionAnswer.Approve, (int)requests.Subscribe(Friend));
            Assert.AreEqual(0, requests.Pending);
        }

        [TestMethod]
        public void AStrangersRequestIsKeptSavedOnceAndAskedAboutAgain()
        {
            var flash = new MemoryStateStore();
            var requests = NewRequests(flash, CollaboratorTesting.FreshState(flash), new RecordingLog());
            var writes = flash.Writes;

            Assert.AreEqual((int)SubscriptionAnswer.AskService, (int)requests.Subscribe(Stranger));
            requests.SaveIfDue(0);
            Assert.AreEqual(writes + 1, flash.Writes, "saved");
            Assert.AreEqual((int)SubscriptionAnswer.AskService, (int)requests.Subscribe(Stranger), "asked again");
            requests.SaveIfDue(0);
            Assert.AreEqual(writes + 1, flash.Writes, "not saved again");
            Assert.AreEqual(1, requests.Pending);
            Assert.IsTrue(new ThingStateStore(flash).Load().PendingRequests.Contains(Stranger));
        }

        [TestMethod]
        public void AFullListMakesANewRequestWait()
        {
            var flash = new MemoryStateStore();
            var log = new RecordingLog();
            var requests = NewRequests(flash, CollaboratorTesting.FreshState(flash), log);
            for (var i = 0; i < ThingState.MaxPendingRequests; i++)
            {
                requests.Subscribe("r" + i.ToString() + "@example.net");
            }

            Assert.AreEqual((int)SubscriptionAnswer.Wait, (int)requests.Subscribe(Stranger));
            Assert.Contains("pending requests full, stranger@example.net waits", log.Text);
            Assert.AreEqual(ThingState.MaxPendingRequests, requests.Pending);
        }

        [TestMethod]
        public void ARequestorJidTooLongToKeepIsRefusedAndSaidSoEvenOnAnEmptyList()
        {
            var flash = new MemoryStateStore();
            var log = new RecordingLog();
            var requests = NewRequests(flash, CollaboratorTesting.FreshState(flash), log);
            var writes = flash.Writes;
            var longJid = new string('a', ThingState.MaxJidLength - "@example.net".Length + 1) + "@example.net";

            Assert.AreEqual((int)SubscriptionAnswer.RefuseTooLong, (int)requests.Subscribe(longJid));
            Assert.AreEqual(0, requests.Pending);
            Assert.AreEqual(writes, flash.Writes, "nothing saved");
            Assert.Contains("request refused, its JID is longer than 100 bytes: aaaa", log.Text);
            Assert.DoesNotContains("pending requests full", log.Text);
        }

        [TestMethod]
        public void AnApprovalOfARequestTurnedAwayAtTheCapApprovesItWhenItComesAgain()
        {
            var flash = new MemoryStateStore();
            var requests = NewRequests(flash, CollaboratorTesting.FreshState(flash), new RecordingLog());
            for (var i = 0; i < ThingState.MaxPendingRequests; i++)
            {
                requests.Subscribe("r" + i.ToString() + "@example.net");
            }

            Assert.AreEqual((int)SubscriptionAnswer.Wait, (int)requests.Subscribe(Stranger));
            Assert.IsNull(requests.Decide(Stranger, true), "nothing to send yet");
            Assert.AreEqual((int)SubscriptionAnswer.Approve, (int)requests.Subscribe(Stranger));
            Assert.AreEqual((int)SubscriptionAnswer.Wait, (int)requests.Subscribe(Stranger), "approved once");
        }

        [TestMethod]
        public void AnApprovalWithRoomInTheListIsLeftToTheService()
        {
            var flash = new MemoryStateStore();
            var requests = NewRequests(flash, CollaboratorTesting.FreshState(flash), new RecordingLog());

            Assert.IsNull(requests.Decide(Stranger, true));
            Assert.AreEqual((int)SubscriptionAnswer.AskService, (int)requests.Subscribe(Stranger));
        }

        [TestMethod]
        public void OnlyAKeptRequestCanBeWithdrawn()
        {
            var flash = new MemoryStateStore();
            var log = new RecordingLog();
            var requests = NewRequests(flash, CollaboratorTesting.FreshState(flash), log);
            requests.Subscribe(Stranger);

            Assert.IsFalse(requests.Withdraw("other@example.net"));
            Assert.IsFalse(requests.Withdraw(CollaboratorTesting.Service));
            Assert.IsTrue(requests.Withdraw(Stranger));
            requests.SaveIfDue(0);
            Assert.AreEqual(0, requests.Pending);
            Assert.AreEqual(0, new ThingStateStore(flash).Load().PendingRequests.Count, "saved");
            Assert.Contains("request withdrawn: stranger@example.net", log.Text);
        }

        [TestMethod]
        public void ADecisionApprovesRefusesOrRevokes()
        {
            var flash = new MemoryStateStore();
            var log = new RecordingLog();
            var requests = NewRequests(flash, CollaboratorTesting.FreshState(flash), log);
            requests.Subscribe("yes@example.net");
            requests.Subscribe("no@example.net");

            Assert.AreEqual("subscribed", requests.Decide("yes@example.net", true));
            Assert.AreEqual("unsubscribed", requests.Decide("no@example.net", false));
            Assert.AreEqual("unsubscribed", requests.Decide(Friend, false), "a friend refused later");
            Assert.IsNull(requests.Decide("yes@example.net", true), "a duplicate decision");
            Assert.IsNull(requests.Decide(Stranger, false), "neither pending nor a friend");
            Assert.AreEqual(0, requests.Pending);
            Assert.Contains("friend approved: yes@example.net", log.Text);
            Assert.Contains("friend refused: no@example.net", log.Text);
            Assert.Contains("friendship revoked: friend@example.net", log.Text);
        }

        [TestMethod]
        public void RequestsFromBeforeAResetAreRefusedAndNewOnesWaitUntilThen()
        {
            var flash = new MemoryStateStore();
            var log = new RecordingLog();
            var state = CollaboratorTesting.FreshState(flash);
            var requests = NewRequests(flash, state, log);
            requests.Subscribe("a@example.net");
            requests.Subscribe("b@example.net");
            state.FactoryReset(StorageTesting.NewKey);

            Assert.IsTrue(requests.RefusingOld);
            Assert.AreEqual(2, requests.ToRefuse);
            Assert.AreEqual(0, requests.Pending);
            Assert.AreEqual((int)SubscriptionAnswer.Wait, (int)requests.Subscribe(Stranger));
            Assert.AreEqual((int)SubscriptionAnswer.RefuseOld, (int)requests.Subscribe("b@example.net"));
            Assert.IsFalse(requests.Withdraw("a@example.net"), "refused, not withdrawn");

            Assert.AreEqual("a@example.net", requests.NextToRefuse());
            requests.Refused("a@example.net");
            requests.RefusalsEnded();
            Assert.IsTrue(requests.RefusingOld, "one left (the client's output was full)");
            Assert.AreEqual("b@example.net", requests.NextToRefuse());
            requests.Refused("b@example.net");
            Assert.IsNull(requests.NextToRefuse());
            requests.RefusalsEnded();

            Assert.IsFalse(requests.RefusingOld);
            Assert.IsFalse(new ThingStateStore(flash).Load().RefusePendingRequests, "saved");
            Assert.Contains("request refused (from before the reset): b@example.net", log.Text);
            Assert.AreEqual((int)SubscriptionAnswer.AskService, (int)requests.Subscribe(Stranger));
        }

        private static SubscriptionRequests NewRequests(MemoryStateStore flash, ThingState state, RecordingLog log)
        {
            return new SubscriptionRequests(
                CollaboratorTesting.Configuration(),
                new ThingStateStore(flash),
                state,
                CollaboratorTesting.RosterOf("<item jid='" + Friend + "' subscription='from'/>"),
                log);
        }
    }
}
