using nanoFramework.TestFramework;
using SiotThing.Protocol.Agent;
using SiotThing.Protocol.Storage;
using SiotThing.Tests.Xmpp;

namespace SiotThing.Tests.Agent
{
    /// <summary>
    /// A requestor that withdraws its subscription request (<c>unsubscribe</c>) before the owner
    /// decided (issue 13, W2): the request leaves the thing's pending list and the service is told
    /// with <c>&lt;friend-request-withdrawn/&gt;</c>, after any query about it, once.
    /// </summary>
    [TestClass]
    public class ThingAgentWithdrawalTests
    {
        private const string Requestor = "requestor@example.net";
        private const string Withdrawal = "<friend-request-withdrawn xmlns='urn:xmpp:siot:1' jid='requestor@example.net'/>";

        [TestMethod]
        public void AWithdrawnRequestLeavesThePendingListAndTheServiceIsTold()
        {
            var thing = new AgentHarness();
            thing.OnlineAndRegistered();
            AnswerPending(thing, Subscribe(thing, Requestor));

            thing.Deliver("<presence from='" + Requestor + "/10b798d6' type='unsubscribe'/>");

            var output = thing.Output();
            Assert.AreEqual(0, thing.Agent.PendingRequests);
            Assert.AreEqual(0, new AgentHarness(thing.Store).Agent.PendingRequests, "saved");
            Assert.StartsWith("<iq type='set' id='", output);
            Assert.Contains("to='provisioning.example.org'>" + Withdrawal + "</iq>", output);
            Assert.Contains("request withdrawn: requestor@example.net", thing.Log.Text);

            thing.Deliver("<iq from='provisioning.example.org' type='result' id='" + ClientHarness.IdOf(output) + "'/>");
            Assert.AreEqual(0, thing.Agent.WithdrawalsToTell);
        }

        [TestMethod]
        public void TheWithdrawalGoesAfterTheQueryInFlight()
        {
            var thing = new AgentHarness();
            thing.OnlineAndRegistered();
            var query = Subscribe(thing, Requestor);

            thing.Deliver("<presence from='" + Requestor + "' type='unsubscribe'/>");
            Assert.AreEqual(string.Empty, thing.Output(), "not before the service answered the query");

            AnswerPending(thing, query);

            Assert.Contains(Withdrawal, thing.Output(), "so the service drops what the query recorded");
            Assert.AreEqual(0, thing.Agent.PendingRequests);
        }

        [TestMethod]
        public void ARequestMadeAgainBeforeItsWithdrawalWentIsNotWithdrawn()
        {
            var thing = new AgentHarness();
            thing.OnlineAndRegistered();
            var query = Subscribe(thing, Requestor);
            thing.Deliver("<presence from='" + Requestor + "' type='unsubscribe'/>");
            Subscribe(thing, Requestor);

            AnswerPending(thing, query);

            Assert.DoesNotContains("friend-request-withdrawn", thing.Output());
            Assert.AreEqual(1, thing.Agent.PendingRequests);
            Assert.AreEqual(0, thing.Agent.WithdrawalsToTell);
        }

        [TestMethod]
        public void WithdrawnRequestsFreeTheirSlotsForNewRequestors()
        {
            var thing = new AgentHarness();
            thing.OnlineAndRegistered();
            for (var i = 0; i < ThingState.MaxPendingRequests; i++)
            {
                var jid = "r" + i.ToString() + "@example.net";
                AnswerPending(thing, Subscribe(thing, jid));
                thing.Deliver("<presence from='" + jid + "' type='unsubscribe'/>");
                AnswerResult(thing, thing.Output());
            }

            var query = Subscribe(thing, "late@example.net");

            Assert.Contains("<is-friend-query xmlns='urn:xmpp:siot:1' jid='late@example.net'/>", query);
            Assert.AreEqual(1, thing.Agent.PendingRequests);
            Assert.DoesNotContains("pending requests full", thing.Log.Text);
        }

        [TestMethod]
        public void AWithdrawalTheServiceDidNotTakeIsToldAgainAfterABackoff()
        {
            var thing = new AgentHarness();
            thing.OnlineAndRegistered();
            AnswerPending(thing, Subscribe(thing, Requestor));
            thing.Deliver("<presence from='" + Requestor + "' type='unsubscribe'/>");
            var withdrawal = thing.Output();

            thing.Deliver("<iq from='provisioning.example.org' type='error' id='" + ClientHarness.IdOf(withdrawal) + "'><error type='cancel'>"
                + "<service-unavailable xmlns='urn:ietf:params:xml:ns:xmpp-stanzas'/></error></iq>");
            thing.Advance(2000);
            Assert.AreEqual(string.Empty, thing.Output(), "not at once: the first retry comes after 2.5 to 5 s");
            thing.Advance(3000);

            Assert.Contains(Withdrawal, thing.Output());
            Assert.AreEqual(1, thing.Agent.WithdrawalsToTell);
        }

        [TestMethod]
        public void ARequestDeliveredAgainAfterTheServiceConfirmedItMakesTheThingFetchAndDropItWhenTheServerForgotIt()
        {
            // ejabberd 23.01 swallows the withdrawal of a request not yet approved; the next request
            // of the same requestor is delivered as new. The last withdrawal leaves a dead request.
            var thing = new AgentHarness();
            thing.OnlineAndRegistered();
            AnswerPending(thing, Subscribe(thing, Requestor));
            AnswerPending(thing, Subscribe(thing, Requestor));
            thing.Advance(PendingRecheck.MinInterval - 1000);
            Assert.DoesNotContains("type='unavailable'", thing.Output(), "not before MinInterval since the session began");

            thing.Advance(1000);
            var fetch = thing.Output();
            Assert.Contains("<presence type='unavailable'/>", fetch);
            thing.Deliver("<iq type='result' id='" + AgentHarness.IdOfIqWith(fetch, "jabber:iq:roster") + "'><query xmlns='jabber:iq:roster'/></iq>");

            Assert.Contains(Withdrawal, thing.Output(), "the server did not re-send it: dead, and the service told");
            Assert.AreEqual(0, thing.Agent.PendingRequests);
            Assert.Contains("request no longer held by the server, dropped: requestor@example.net", thing.Log.Text);
        }

        [TestMethod]
        public void ARequestDeliveredTwiceBeforeTheServiceConfirmedItFetchesNothing()
        {
            // At a login the server re-sends what it holds before the service answers: not a sign of a forgotten request.
            var thing = new AgentHarness();
            thing.OnlineAndRegistered();
            var query = Subscribe(thing, Requestor);
            Subscribe(thing, Requestor);
            AnswerPending(thing, query);

            thing.Advance(2 * PendingRecheck.MinInterval);

            Assert.DoesNotContains("type='unavailable'", thing.Output());
            Assert.AreEqual(1, thing.Agent.PendingRequests);
        }

        [TestMethod]
        public void AnUnsubscribeFromSomeoneWithoutARequestSendsNothing()
        {
            var thing = new AgentHarness();
            thing.OnlineAndRegistered();

            thing.Deliver("<presence from='stranger@example.net' type='unsubscribe'/>");

            Assert.AreEqual(string.Empty, thing.Output());
            Assert.AreEqual(0, thing.Agent.WithdrawalsToTell);
        }

        internal static string Subscribe(AgentHarness thing, string requestor)
        {
            thing.Deliver("<presence from='" + requestor + "/10b798d6' to='thing@example.org' type='subscribe' id='subscribe-1'/>");
            return thing.Output();
        }

        internal static void AnswerPending(AgentHarness thing, string query)
        {
            thing.Deliver("<iq from='provisioning.example.org' to='thing@example.org/bulb' type='result' id='" + AgentHarness.IdOfIqWith(query, "<is-friend-query")
                + "'><is-friend-result xmlns='urn:xmpp:siot:1' friend='pending'/></iq>");
        }

        private static void AnswerResult(AgentHarness thing, string request)
        {
            thing.Deliver("<iq from='provisioning.example.org' type='result' id='" + ClientHarness.IdOf(request) + "'/>");
        }
    }
}
