using nanoFramework.TestFramework;
using SiotThing.Tests.Xmpp;

namespace SiotThing.Tests.Agent
{
    /// <summary>
    /// An is-friend-query the service does not answer (it is down: the server answers with an
    /// error, or nothing comes) is asked again with a backoff within the session, not only after
    /// the next reconnect (issue 13, W3).
    /// </summary>
    [TestClass]
    public class ThingAgentServiceRetryTests
    {
        private const string Requestor = "requestor@example.net";
        private const string Query = "<is-friend-query xmlns='urn:xmpp:siot:1' jid='requestor@example.net'/>";

        [TestMethod]
        public void AQueryTheServiceRefusedIsAskedAgainWithBackoff()
        {
            var thing = new AgentHarness();
            thing.OnlineAndRegistered();
            var query = ThingAgentWithdrawalTests.Subscribe(thing, Requestor);

            Unavailable(thing, query);
            Assert.Contains("is-friend-query about requestor@example.net not answered (error); the service is asked again in", thing.Log.Text);
            thing.Advance(2000);
            Assert.AreEqual(string.Empty, thing.Output(), "the first retry comes after 2.5 to 5 s");
            thing.Advance(3000);
            var second = thing.Output();
            Assert.Contains(Query, second);

            Unavailable(thing, second);
            thing.Advance(4000);
            Assert.AreEqual(string.Empty, thing.Output(), "the second after 5 to 10 s");
            thing.Advance(6000);
            var third = thing.Output();
            Assert.Contains(Query, third);

            ThingAgentWithdrawalTests.AnswerPending(thing, third);
            thing.Advance(600000);
            Assert.DoesNotContains("is-friend-query", thing.Output(), "answered: the decision comes by message");
            Assert.AreEqual(1, thing.Agent.PendingRequests);
        }

        [TestMethod]
        public void AQueryWithoutAnswerIsAskedAgain()
        {
            var thing = new AgentHarness();
            thing.OnlineAndRegistered();
            ThingAgentWithdrawalTests.Subscribe(thing, Requestor);

            thing.Advance(30000);
            Assert.AreEqual(string.Empty, thing.Output(), "timed out now");
            thing.Advance(5000);

            Assert.Contains(Query, thing.Output());
        }

        [TestMethod]
        public void NewRequestsWaitForTheBackoffToo()
        {
            var thing = new AgentHarness();
            thing.OnlineAndRegistered();
            var first = ThingAgentWithdrawalTests.Subscribe(thing, Requestor);
            Unavailable(thing, first);

            // Asking at once would defeat the backoff in a flood while the service is down.
            var again = ThingAgentWithdrawalTests.Subscribe(thing, "other@example.net");
            Assert.AreEqual(string.Empty, again, "while the backoff runs, nothing goes");
            thing.Advance(5000);
            var both = thing.Output();
            Assert.Contains(Query, both);
            Assert.Contains("jid='other@example.net'", both);
        }

        private static void Unavailable(AgentHarness thing, string query)
        {
            thing.Deliver("<iq from='provisioning.example.org' type='error' id='" + AgentHarness.IdOfIqWith(query, "<is-friend-query") + "'><error type='cancel'>"
                + "<service-unavailable xmlns='urn:ietf:params:xml:ns:xmpp-stanzas'/></error></iq>");
            Assert.AreEqual(string.Empty, thing.Output(), "nothing at once");
        }
    }
}
