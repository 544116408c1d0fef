using nanoFramework.TestFramework;
using SiotThing.Protocol.Agent;
using SiotThing.Protocol.Storage;
using SiotThing.Protocol.Xml;
using SiotThing.Tests.Storage;
using SiotThing.Tests.Xmpp;

namespace SiotThing.Tests.Agent
{
    /// <summary>What the service is asked and told about the kept requests, and what its answers decide, without a client or an agent.</summary>
    [TestClass]
    public class FriendshipBrokerTests
    {
        private const string Requestor = "requestor@example.net";

        [TestMethod]
        public void AKeptRequestIsAskedOnceAndAPendingAnswerConfirmsIt()
        {
            var state = CollaboratorTesting.FreshState(new MemoryStateStore());
            var broker = NewBroker(state, new RecordingLog());
            state.PendingRequests.Add(Requestor);

            var query = broker.NextRequest(0);
            Assert.IsTrue(FriendshipBroker.Owns(query));
            Assert.AreEqual("get", FriendshipBroker.IqType(query));
            Assert.AreEqual("<is-friend-query xmlns='urn:xmpp:siot:1' jid='requestor@example.net'/>", Request(broker, query));
            Assert.AreEqual(-1, broker.NextRequest(0), "one query per JID in flight");

            AssertAnswer(broker, query, IsFriendResult("pending"), FriendshipVerdict.Undecided, null);
            Assert.AreEqual(-1, broker.NextRequest(0), "the service has it: not asked again in this session");

            broker.Requested(Requestor);
            Assert.IsTrue(broker.NextRequest(0) >= 0, "a repeated request is asked about again");
        }

        [TestMethod]
        public void YesAndNoDecideTheRequestor()
        {
            var state = CollaboratorTesting.FreshState(new MemoryStateStore());
            var broker = NewBroker(state, new RecordingLog());
            state.PendingRequests.Add("yes@example.net");
            state.PendingRequests.Add("no@example.net");
            var first = broker.NextRequest(0);
            var second = broker.NextRequest(0);

            AssertAnswer(broker, first, IsFriendResult("yes"), FriendshipVerdict.Friend, "yes@example.net");
            AssertAnswer(broker, second, IsFriendResult("no"), FriendshipVerdict.NotFriend, "no@example.net");
        }

        [TestMethod]
        public void AnAnswerAboutARequestNoLongerKeptDecidesNothing()
        {
            var state = CollaboratorTesting.FreshState(new MemoryStateStore());
            var broker = NewBroker(state, new RecordingLog());
            state.PendingRequests.Add(Requestor);
            var query = broker.NextRequest(0);
            state.PendingRequests.Remove(Requestor);

            AssertAnswer(broker, query, IsFriendResult("yes"), FriendshipVerdict.Undecided, null);
        }

        [TestMethod]
        public void AtMostEightQueriesAreInFlight()
        {
            var state = CollaboratorTesting.FreshState(new MemoryStateStore());
            var broker = NewBroker(state, new RecordingLog());
            for (var i = 0; i < ThingState.MaxPendingRequests; i++)
            {
                state.PendingRequests.Add("r" + i.ToString() + "@example.net");
            }

            var first = broker.NextRequest(0);
            for (var i = 1; i < 8; i++)
            {
                Assert.IsTrue(broker.NextRequest(0) >= 0, "query " + i.ToString());
            }

            Assert.AreEqual(-1, broker.NextRequest(0), "the ninth waits");
            AssertAnswer(broker, first, IsFriendResult("pending"), FriendshipVerdict.Undecided, null);
            Assert.IsTrue(broker.NextRequest(0) >= 0, "an answer frees a place");
        }

        [TestMethod]
        public void AWithdrawalIsToldAfterTheQueryInFlightAndOnce()
        {
            var state = CollaboratorTesting.FreshState(new MemoryStateStore());
            var broker = NewBroker(state, new RecordingLog());
            state.PendingRequests.Add(Requestor);
            var query = broker.NextRequest(0);
            state.PendingRequests.Remove(Requestor);
            broker.Withdrawn(Requestor);
            Assert.AreEqual(1, broker.WithdrawalsToTell);
            Assert.AreEqual(-1, broker.NextRequest(0), "not before the query is answered");

            AssertAnswer(broker, query, IsFriendResult("pending"), FriendshipVerdict.Undecided, null);
            var withdrawal = broker.NextRequest(0);

            Assert.AreEqual("set", FriendshipBroker.IqType(withdrawal));
            Assert.AreEqual("<friend-request-withdrawn xmlns='urn:xmpp:siot:1' jid='requestor@example.net'/>", Request(broker, withdrawal));
            Assert.AreEqual(-1, broker.NextRequest(0), "in flight");
            AssertAnswer(broker, withdrawal, StanzaParsing.Parse("<iq type='result' id='w'/>"), FriendshipVerdict.Undecided, null);
            Assert.AreEqual(0, broker.WithdrawalsToTell);
        }

        [TestMethod]
        public void ARequestMadeAgainCancelsItsUntoldWithdrawal()
        {
            var state = CollaboratorTesting.FreshState(new MemoryStateStore());
            var broker = NewBroker(state, new RecordingLog());
            broker.Withdrawn(Requestor);
            state.PendingRequests.Add(Requestor);

            broker.Requested(Requestor);

            Assert.AreEqual(0, broker.WithdrawalsToTell);
            Assert.AreEqual("<is-friend-query xmlns='urn:xmpp:siot:1' jid='requestor@example.net'/>", Request(broker, broker.NextRequest(0)));
        }

        [TestMethod]
        public void TooManyUntoldWithdrawalsDropTheOldest()
        {
            var log = new RecordingLog();
            var broker = NewBroker(CollaboratorTesting.FreshState(new MemoryStateStore()), log);
            for (var i = 0; i <= 2 * ThingState.MaxPendingRequests; i++)
            {
                broker.Withdrawn("w" + i.ToString() + "@example.net");
            }

            Assert.AreEqual(2 * ThingState.MaxPendingRequests, broker.WithdrawalsToTell);
            Assert.Contains("withdrawal of w0@example.net not told to the service: too many untold", log.Text);
        }

        [TestMethod]
        public void NoAnswerBacksOffEverythingUntilTheNextSession()
        {
            var log = new RecordingLog();
            var state = CollaboratorTesting.FreshState(new MemoryStateStore());
            var broker = NewBroker(state, log);
            state.PendingRequests.Add(Requestor);
            string decided;

            Assert.AreEqual((int)FriendshipVerdict.Undecided, (int)broker.Answered(broker.NextRequest(1000), null, 1000, out decided));
            Assert.Contains("is-friend-query about requestor@example.net not answered (no answer); the service is asked again in ", log.Text);
            broker.Withdrawn("other@example.net");
            Assert.AreEqual(-1, broker.NextRequest(1000), "neither a query nor a withdrawal during the backoff");
            Assert.IsTrue(broker.NextRequest(1000 + 600000) >= 0, "at the latest after the backoff's maximum");

            broker.Stop();
            broker.Answered(broker.NextRequest(700000), null, 700000, out decided);
            broker.Restart();
            Assert.IsTrue(broker.NextRequest(700000) >= 0, "a new session asks at once");
        }

        [TestMethod]
        public void AnAnswerAfterTheSessionEndedIsStale()
        {
            var state = CollaboratorTesting.FreshState(new MemoryStateStore());
            var broker = NewBroker(state, new RecordingLog());
            state.PendingRequests.Add(Requestor);
            var query = broker.NextRequest(0);

            broker.Stop();

            AssertAnswer(broker, query, IsFriendResult("yes"), FriendshipVerdict.Stale, null);
        }

        [TestMethod]
        public void NothingIsAskedAboutRequestsKeptOnlyToBeRefusedAndForgetDropsUntoldWithdrawals()
        {
            var state = CollaboratorTesting.FreshState(new MemoryStateStore());
            var broker = NewBroker(state, new RecordingLog());
            state.PendingRequests.Add(Requestor);
            broker.Withdrawn("gone@example.net");
            state.FactoryReset(StorageTesting.NewKey);

            broker.Forget();

            Assert.AreEqual(0, broker.WithdrawalsToTell);
            Assert.AreEqual(-1, broker.NextRequest(0));
        }

        [TestMethod]
        public void FriendshipStatesSayYesNoOrNothing()
        {
            var stanza = StanzaParsing.Parse("<message><friendship-states xmlns='urn:xmpp:siot:1'>"
                + "<item jid='a@example.net' friend='yes'/><item jid='b@example.net' friend='no'/><item jid='c@example.net' friend='maybe'/></friendship-states></message>");
            var item = stanza.FirstChild(stanza.FirstChild(stanza.Root));

            Assert.AreEqual((int)FriendshipVerdict.Friend, (int)FriendshipBroker.VerdictOf(stanza, item));
            item = stanza.NextSibling(item);
            Assert.AreEqual((int)FriendshipVerdict.NotFriend, (int)FriendshipBroker.VerdictOf(stanza, item));
            item = stanza.NextSibling(item);
            Assert.AreEqual((int)FriendshipVerdict.Undecided, (int)FriendshipBroker.VerdictOf(stanza, item));
        }

        private static FriendshipBroker NewBroker(ThingState state, RecordingLog log)
        {
            return new FriendshipBroker(state, new DeterministicEntropy(1), log);
        }

        /// <summary>Gives the broker an answer (at time 0) and checks what it decides about whom (<c>null</c>: nobody).</summary>
        private static void AssertAnswer(FriendshipBroker broker, int tag, XmlStanza response, FriendshipVerdict verdict, string requestor)
        {
            string decided;
            Assert.AreEqual((int)verdict, (int)broker.Answered(tag, response, 0, out decided));
            if (requestor == null)
            {
                Assert.IsNull(decided);
            }
            else
            {
                Assert.AreEqual(requestor, decided);
            }
        }

        private static XmlStanza IsFriendResult(string friend)
        {
            return StanzaParsing.Parse("<iq type='result' id='q'><is-friend-result xmlns='urn:xmpp:siot:1' friend='" + friend + "'/></iq>");
        }

        private static string Request(FriendshipBroker broker, int tag)
        {
            var buffer = new byte[256];
            var w = new XmlWriter(buffer, 4);
            broker.WriteRequest(w, tag);
            return CollaboratorTesting.Written(w, buffer);
        }
    }
}
