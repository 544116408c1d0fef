using nanoFramework.TestFramework;
using SiotThing.Protocol.Storage;
using SiotThing.Protocol.Text;
using SiotThing.Tests.Xmpp;

namespace SiotThing.Tests.Agent
{
    /// <summary>ProtoXEP examples 5-12 and 18 from the thing's side: ownership, is-friend, friendship states, spoofing.</summary>
    [TestClass]
    public class ThingAgentFriendshipTests
    {
        private const string Requestor = "requestor@example.net";

        [TestMethod]
        public void OwnerMessageFromTheServiceRecordsTheOwnerAndHidesTheKey()
        {
            var thing = new AgentHarness();
            thing.OnlineAndRegistered();

            thing.Deliver("<message from='provisioning.example.org' to='thing@example.org/bulb' id='owner-update-1'><owner xmlns='urn:xmpp:siot:1' jid='owner@example.com'/></message>");

            Assert.AreEqual("owner@example.com", thing.Agent.Owner);
            Assert.AreEqual("owned by owner@example.com", thing.Display.Status);
            Assert.IsNull(thing.Display.Key);
            Assert.AreEqual("owner@example.com", new AgentHarness(thing.Store).Agent.Owner, "kept across a reboot");
        }

        [TestMethod]
        [DataRow("evil@example.org")]
        [DataRow("provisioning.example.org/fake")]
        [DataRow("evil@provisioning.example.org")]
        public void SpoofedOwnerMessageIsIgnoredAndLogged(string sender)
        {
            var thing = new AgentHarness();
            thing.OnlineAndRegistered();

            thing.Deliver("<message from='" + sender + "' id='o'><owner xmlns='urn:xmpp:siot:1' jid='evil@example.org'/></message>");

            Assert.IsNull(thing.Agent.Owner);
            Assert.Contains("spoofed siot message from " + sender, thing.Log.Text);
            Assert.AreEqual(string.Empty, thing.Output());
        }

        [TestMethod]
        public void SubscriptionFromAStrangerIsAskedAboutAndKept()
        {
            var thing = new AgentHarness();
            thing.OnlineAndRegistered();

            var query = Subscribe(thing, Requestor);

            Assert.StartsWith("<iq type='get' id='", query);
            Assert.Contains("to='provisioning.example.org'><is-friend-query xmlns='urn:xmpp:siot:1' jid='requestor@example.net'/></iq>", query);
            Assert.AreEqual(1, thing.Agent.PendingRequests);
            Assert.AreEqual(1, new AgentHarness(thing.Store).Agent.PendingRequests, "kept across a reboot");
        }

        [TestMethod]
        [DataRow("yes", "<presence to='requestor@example.net' type='subscribed'/>", 0)]
        [DataRow("no", "<presence to='requestor@example.net' type='unsubscribed'/>", 0)]
        [DataRow("pending", "", 1)]
        public void IsFriendResultDecidesTheRequest(string answer, string expected, int stillPending)
        {
            var thing = new AgentHarness();
            thing.OnlineAndRegistered();
            var query = Subscribe(thing, Requestor);

            thing.Deliver("<iq from='provisioning.example.org' to='thing@example.org/bulb' type='result' id='" + ClientHarness.IdOf(query)
                + "'><is-friend-result xmlns='urn:xmpp:siot:1' friend='" + answer + "'/></iq>");

            Assert.AreEqual(expected, thing.Output());
            Assert.AreEqual(stillPending, thing.Agent.PendingRequests);
        }

        [TestMethod]
        public void SpoofedIsFriendResultChangesNothing()
        {
            var thing = new AgentHarness();
            thing.OnlineAndRegistered();
            var query = Subscribe(thing, Requestor);

            thing.Deliver("<iq from='requestor@example.net/x' type='result' id='" + ClientHarness.IdOf(query)
                + "'><is-friend-result xmlns='urn:xmpp:siot:1' friend='yes'/></iq>");

            Assert.AreEqual(string.Empty, thing.Output());
            Assert.AreEqual(1, thing.Agent.PendingRequests);
        }

        [TestMethod]
        public void FriendsAndTheOwnerAreApprovedWithoutAsking()
        {
            var thing = new AgentHarness();
            thing.OnlineWithRoster("<item jid='friend@example.net' subscription='from'/>");
            thing.Output();
            thing.Deliver("<message from='provisioning.example.org'><owner xmlns='urn:xmpp:siot:1' jid='owner@example.com'/></message>");

            thing.Deliver("<presence from='friend@example.net/phone' type='subscribe'/><presence from='owner@example.com/laptop' type='subscribe'/>");

            Assert.AreEqual("<presence to='friend@example.net' type='subscribed'/><presence to='owner@example.com' type='subscribed'/>", thing.Output());
        }

        [TestMethod]
        public void FriendshipStatesSettlePendingRequestsAndRevokeFriends()
        {
            var thing = new AgentHarness();
            thing.OnlineWithRoster("<item jid='julia@example.com' subscription='both'/>");
            thing.Output();
            Subscribe(thing, "rommeo@example.com");
            Subscribe(thing, "stranger@example.com");

            thing.Deliver("<message from='provisioning.example.org' to='thing@example.org' id='friendship-state-changed-1'>"
                + "<friendship-states xmlns='urn:xmpp:siot:1'><item jid='rommeo@example.com' friend='yes'/><item jid='julia@example.com' friend='no'/>"
                + "<item jid='stranger@example.com' friend='no'/></friendship-states></message>");

            Assert.AreEqual(
                "<presence to='rommeo@example.com' type='subscribed'/><presence to='julia@example.com' type='unsubscribed'/>"
                + "<presence to='stranger@example.com' type='unsubscribed'/>",
                thing.Output());
            Assert.AreEqual(0, thing.Agent.PendingRequests);
        }

        [TestMethod]
        public void SpoofedFriendshipStatesAreIgnored()
        {
            var thing = new AgentHarness();
            thing.OnlineAndRegistered();
            Subscribe(thing, Requestor);

            thing.Deliver("<message from='requestor@example.net'><friendship-states xmlns='urn:xmpp:siot:1'><item jid='requestor@example.net' friend='yes'/></friendship-states></message>");

            Assert.AreEqual(string.Empty, thing.Output());
            Assert.AreEqual(1, thing.Agent.PendingRequests);
        }

        [TestMethod]
        public void RequestsBeyondTheCapAreNeitherAnsweredNorKept()
        {
            var thing = new AgentHarness();
            thing.OnlineAndRegistered();
            for (var i = 0; i < ThingState.MaxPendingRequests; i++)
            {
                thing.Deliver("<presence from='r" + i + "@example.net' type='subscribe'/>");
            }

            thing.Output();
            thing.Deliver("<presence from='late@example.net' type='subscribe'/>");
            thing.Deliver("<presence from='later@example.net' type='subscribe'/>");
            thing.Deliver("<presence from='latest@example.net' type='subscribe'/>");

            Assert.AreEqual(string.Empty, thing.Output());
            Assert.AreEqual(ThingState.MaxPendingRequests, thing.Agent.PendingRequests);
            // A login delivers all the requests the server keeps at once: one line, not one each.
            Assert.Contains("pending requests full, late@example.net waits (and later ones too, logged again once there is room)", thing.Log.Text);
            Assert.AreEqual(Utf16.IndexOf(thing.Log.Text, "pending requests full", 0), thing.Log.Text.LastIndexOf("pending requests full"), "once");
        }

        [TestMethod]
        public void RequestsPendingWhileOfflineAreAskedAboutAfterReconnecting()
        {
            var thing = new AgentHarness();
            thing.OnlineAndRegistered();
            Subscribe(thing, Requestor);
            var rebooted = new AgentHarness(thing.Store);

            var afterRoster = rebooted.OnlineWithRoster(string.Empty);

            Assert.Contains("<is-friend-query xmlns='urn:xmpp:siot:1' jid='requestor@example.net'/>", afterRoster);
        }

        private static string Subscribe(AgentHarness thing, string requestor)
        {
            thing.Deliver("<presence from='" + requestor + "/10b798d6' to='thing@example.org' type='subscribe' id='subscribe-1'/>");
            return thing.Output();
        }
    }
}
