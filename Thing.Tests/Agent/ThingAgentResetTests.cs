using nanoFramework.TestFramework;
using SiotThing.Protocol.Text;
using SiotThing.Tests.Xmpp;

namespace SiotThing.Tests.Agent
{
    /// <summary>The factory reset and disowning: what is forgotten, what is kept, and a power loss at every step.</summary>
    [TestClass]
    public class ThingAgentResetTests
    {
        private const string Roster = "<item jid='provisioning.example.org' subscription='both'/><item jid='friend@example.net' subscription='from'/>";

        [TestMethod]
        public void ResetForgetsOwnerFriendsAndRequestsAndRegistersANewKey()
        {
            var thing = OwnedThingWithAFriendAndARequest();
            var oldKey = thing.Agent.ClaimKeyText;

            thing.Agent.FactoryReset(thing.Harness.Client, thing.Harness.Now);

            var output = thing.Output();
            Assert.AreNotEqual(oldKey, thing.Agent.ClaimKeyText);
            Assert.IsNull(thing.Agent.Owner);
            Assert.AreEqual(0, thing.Agent.PendingRequests);
            Assert.AreEqual(thing.Agent.ClaimKeyText, thing.Display.Key, "the new key is shown");
            Assert.Contains("<item jid='friend@example.net' subscription='remove'/>", output);
            Assert.DoesNotContains("<item jid='provisioning.example.org' subscription='remove'/>", output);
            Assert.Contains("<register xmlns='urn:xmpp:siot:1' key='" + thing.Agent.ClaimKeyText + "'>", output);
        }

        [TestMethod]
        public void ResetIsFinishedAfterAPowerLossBeforeTheRosterWasCleaned()
        {
            var thing = OwnedThingWithAFriendAndARequest();
            thing.Agent.FactoryReset(thing.Harness.Client, thing.Harness.Now);
            var newKey = thing.Agent.ClaimKeyText;

            // Power lost before any roster removal was answered: the next start finishes the job.
            var rebooted = new AgentHarness(thing.Store);
            var output = rebooted.OnlineWithRoster(Roster);

            Assert.AreEqual(newKey, rebooted.Agent.ClaimKeyText);
            Assert.IsNull(rebooted.Agent.Owner);
            Assert.Contains("<item jid='friend@example.net' subscription='remove'/>", output);
            Assert.Contains("<register xmlns='urn:xmpp:siot:1' key='" + newKey + "'>", output);
        }

        [TestMethod]
        public void CleanupEndsWhenOnlyTheServiceIsLeft()
        {
            var thing = OwnedThingWithAFriendAndARequest();
            thing.Agent.FactoryReset(thing.Harness.Client, thing.Harness.Now);
            var removal = thing.Output();
            var id = AgentHarness.IdOfIqWith(removal, "subscription='remove'");

            thing.Deliver("<iq type='set' id='push1'><query xmlns='jabber:iq:roster'><item jid='friend@example.net' subscription='remove'/></query></iq>");
            thing.Deliver("<iq type='result' id='" + id + "'/>");

            Assert.Contains("factory reset: old friends removed", thing.Log.Text);
            var rebooted = new AgentHarness(thing.Store);
            Assert.DoesNotContains("subscription='remove'", rebooted.OnlineWithRoster("<item jid='provisioning.example.org' subscription='both'/>"));
        }

        [TestMethod]
        public void ResetWhileOfflineTakesEffectOnTheNextSession()
        {
            var thing = new AgentHarness();
            var oldKey = thing.Agent.ClaimKeyText;

            thing.Agent.FactoryReset(thing.Harness.Client, thing.Harness.Now);
            var output = thing.OnlineWithRoster(Roster);

            Assert.AreNotEqual(oldKey, thing.Agent.ClaimKeyText);
            Assert.Contains("<item jid='friend@example.net' subscription='remove'/>", output);
            Assert.Contains("key='" + thing.Agent.ClaimKeyText + "'", output);
        }

        [TestMethod]
        public void DisowningKeepsTheKeyAndTheRegistration()
        {
            var thing = OwnedThingWithAFriendAndARequest();
            var key = thing.Agent.ClaimKeyText;

            thing.Deliver("<message from='provisioning.example.org'><owner xmlns='urn:xmpp:siot:1'/></message>");

            var output = thing.Output();
            Assert.IsNull(thing.Agent.Owner);
            Assert.AreEqual(key, thing.Agent.ClaimKeyText);
            Assert.IsTrue(thing.Agent.Registered);
            Assert.AreEqual(0, thing.Agent.PendingRequests);
            Assert.Contains("<item jid='friend@example.net' subscription='remove'/>", output);
            Assert.DoesNotContains("<register", output);
            Assert.AreEqual(key, thing.Display.Key, "the key is shown again for the next owner");
        }

        [TestMethod]
        public void PendingRequestsAreRefusedAtAFactoryReset()
        {
            var thing = OwnedThingWithAFriendAndARequest();

            thing.Agent.FactoryReset(thing.Harness.Client, thing.Harness.Now);

            Assert.Contains("<presence to='requestor@example.net' type='unsubscribed'/>", thing.Output(), "so the server does not deliver it again");
            Assert.Contains("request refused (from before the reset): requestor@example.net", thing.Log.Text);
            Assert.AreEqual(0, thing.Agent.RequestsToRefuse);
            var rebooted = new AgentHarness(thing.Store);
            Assert.DoesNotContains("requestor@example.net", rebooted.OnlineWithRoster(Roster), "not asked about for the new owner");
        }

        [TestMethod]
        public void RequestsPendingAtAResetWhileOfflineAreRefusedBeforeTheInitialPresence()
        {
            var thing = OwnedThingWithAFriendAndARequest();
            thing.Harness.Client.ConnectionLost(thing.Harness.Now, "network down");
            thing.Agent.FactoryReset(thing.Harness.Client, thing.Harness.Now);
            Assert.AreEqual(1, thing.Agent.RequestsToRefuse);
            Assert.AreEqual(0, thing.Agent.PendingRequests, "no longer a request for anyone to decide");

            // A reboot before the next session: the flash knows what is to be refused.
            var rebooted = new AgentHarness(thing.Store);
            var first = rebooted.Harness.Online(ClientHarness.BindFeatures);

            var refusal = Utf16.IndexOf(first, "<presence to='requestor@example.net' type='unsubscribed'/>", 0);
            Assert.IsTrue(refusal >= 0, "refused: " + first);
            Assert.IsTrue(refusal < Utf16.IndexOf(first, "<presence><status>", 0), "before the initial presence, after which the server delivers what it kept");
            Assert.AreEqual(0, rebooted.Agent.RequestsToRefuse);
            rebooted.Deliver("<iq type='result' id='" + ClientHarness.IdOf(first) + "'><query xmlns='jabber:iq:roster'>" + Roster + "</query></iq>");
            Assert.DoesNotContains("is-friend-query", rebooted.Output());
        }

        [TestMethod]
        public void DisowningRefusesThePendingRequests()
        {
            var thing = OwnedThingWithAFriendAndARequest();

            thing.Deliver("<message from='provisioning.example.org'><owner xmlns='urn:xmpp:siot:1'/></message>");

            Assert.Contains("<presence to='requestor@example.net' type='unsubscribed'/>", thing.Output());
            Assert.AreEqual(0, thing.Agent.RequestsToRefuse);
        }

        [TestMethod]
        public void RepeatedDisownKeepsTheRequestsKeptSince()
        {
            var thing = OwnedThingWithAFriendAndARequest();
            thing.Deliver("<message from='provisioning.example.org'><owner xmlns='urn:xmpp:siot:1'/></message>");
            thing.Deliver("<presence from='second@example.net/x' type='subscribe'/>");
            thing.Output();
            Assert.AreEqual(1, thing.Agent.PendingRequests);
            var writes = thing.Store.Writes;

            // The service delivers at least once: the same message again.
            thing.Deliver("<message from='provisioning.example.org'><owner xmlns='urn:xmpp:siot:1'/></message>");

            Assert.AreEqual(1, thing.Agent.PendingRequests, "the request waits for the next owner");
            Assert.AreEqual(writes, thing.Store.Writes);
        }

        [TestMethod]
        public void RepeatedOwnerMessageChangesAndWritesNothing()
        {
            var thing = OwnedThingWithAFriendAndARequest();
            var writes = thing.Store.Writes;

            thing.Deliver("<message from='provisioning.example.org'><owner xmlns='urn:xmpp:siot:1' jid='owner@example.com'/></message>");

            Assert.AreEqual("owner@example.com", thing.Agent.Owner);
            Assert.AreEqual(1, thing.Agent.PendingRequests);
            Assert.AreEqual(writes, thing.Store.Writes, "no flash write for a duplicate");
        }

        [TestMethod]
        public void FirstStartClearsARosterLeftFromAnEarlierLife()
        {
            // No state means a new (or wiped) thing: whoever is in the account's roster is not its friend.
            var thing = new AgentHarness();

            var output = thing.OnlineWithRoster(Roster);

            Assert.Contains("<item jid='friend@example.net' subscription='remove'/>", output);
        }

        private static AgentHarness OwnedThingWithAFriendAndARequest()
        {
            var thing = new AgentHarness();
            var register = thing.OnlineWithRoster("<item jid='provisioning.example.org' subscription='both'/>");
            thing.Deliver("<iq type='result' from='provisioning.example.org' id='" + AgentHarness.IdOfIqWith(register, "<register") + "'/>");
            thing.Deliver("<iq type='set' id='push0'><query xmlns='jabber:iq:roster'><item jid='friend@example.net' subscription='from'/></query></iq>");
            thing.Deliver("<message from='provisioning.example.org'><owner xmlns='urn:xmpp:siot:1' jid='owner@example.com'/></message>");
            thing.Deliver("<presence from='requestor@example.net/x' type='subscribe'/>");
            thing.Output();
            Assert.AreEqual(1, thing.Agent.PendingRequests);
            return thing;
        }
    }
}
