using nanoFramework.TestFramework;
using SiotThing.Protocol.Siot;
using SiotThing.Tests.Storage;
using SiotThing.Tests.Xmpp;

namespace SiotThing.Tests.Agent
{
    /// <summary>ProtoXEP examples 1-4 from the thing's side: key, registration, the service's subscription.</summary>
    [TestClass]
    public class ThingAgentRegistrationTests
    {
        [TestMethod]
        public void FirstStartDrawsAKeyKeepsItAndShowsIt()
        {
            var thing = new AgentHarness();

            Assert.IsNotNull(ClaimKey.Normalize(thing.Agent.ClaimKeyText));
            Assert.AreEqual(thing.Agent.ClaimKeyText, thing.Display.Key);
            Assert.AreEqual(AgentHarness.Name, thing.Display.Name);
            Assert.AreEqual("unclaimed, offline", thing.Display.Status);

            var rebooted = new AgentHarness(thing.Store);
            Assert.AreEqual(thing.Agent.ClaimKeyText, rebooted.Agent.ClaimKeyText, "the key survives a reboot");
        }

        [TestMethod]
        public void RegistersWithEveryNameOnceTheRosterIsKnown()
        {
            var thing = new AgentHarness();

            var register = thing.OnlineWithRoster(string.Empty);

            Assert.StartsWith("<iq type='set' id='", register);
            Assert.Contains("to='provisioning.example.org'><register xmlns='urn:xmpp:siot:1' key='" + thing.Agent.ClaimKeyText + "'>"
                + "<name>Futuretec Light Bulb 10X</name><name xml:lang='de'>Futuretec Gl\u00FChbirne 10X</name></register></iq>", register);
            Assert.AreEqual("unclaimed, registering", thing.Display.Status);
        }

        [TestMethod]
        public void ResultMarksTheThingRegisteredAcrossReboots()
        {
            var thing = new AgentHarness();
            thing.OnlineAndRegistered();

            Assert.AreEqual("unclaimed", thing.Display.Status);
            var rebooted = new AgentHarness(thing.Store);
            Assert.IsTrue(rebooted.Agent.Registered);
            Assert.AreEqual(string.Empty, rebooted.OnlineWithRoster(string.Empty), "no second registration");
        }

        [TestMethod]
        public void ResultFromAnotherSenderIsNotTheServicesAnswer()
        {
            var thing = new AgentHarness();
            var register = thing.OnlineWithRoster(string.Empty);

            thing.Deliver("<iq type='result' from='evil@example.org' id='" + ClientHarness.IdOf(register) + "'/>");

            Assert.IsFalse(thing.Agent.Registered);
        }

        [TestMethod]
        public void KeyConflictDrawsANewKeyAndRegistersAgain()
        {
            var thing = new AgentHarness();
            var register = thing.OnlineWithRoster(string.Empty);
            var oldKey = thing.Agent.ClaimKeyText;

            thing.Deliver("<iq type='error' from='provisioning.example.org' id='" + ClientHarness.IdOf(register)
                + "'><error type='cancel'><conflict xmlns='urn:ietf:params:xml:ns:xmpp-stanzas'/></error></iq>");
            thing.Advance(1);

            Assert.AreNotEqual(oldKey, thing.Agent.ClaimKeyText);
            Assert.Contains("key='" + thing.Agent.ClaimKeyText + "'", thing.Output());
        }

        [TestMethod]
        public void OtherErrorsAreRetriedWithBackoff()
        {
            var thing = new AgentHarness();
            var register = thing.OnlineWithRoster(string.Empty);

            thing.Deliver("<iq type='error' from='provisioning.example.org' id='" + ClientHarness.IdOf(register)
                + "'><error type='cancel'><service-unavailable xmlns='urn:ietf:params:xml:ns:xmpp-stanzas'/></error></iq>");
            thing.Advance(500);
            Assert.AreEqual(string.Empty, thing.Output(), "not at once");
            thing.Advance(2000);

            Assert.Contains("<register xmlns='urn:xmpp:siot:1'", thing.Output());
        }

        [TestMethod]
        public void TheServicesSubscriptionIsApprovedAtOnce()
        {
            var thing = new AgentHarness();
            thing.OnlineAndRegistered();

            thing.Deliver("<presence from='provisioning.example.org' to='thing@example.org' id='subscription-request-1' type='subscribe'/>");

            Assert.AreEqual("<presence to='provisioning.example.org' type='subscribed'/>", thing.Output());
        }

        [TestMethod]
        public void AStoreThatCannotBeReadStartsOverWithANewKey()
        {
            var store = new MemoryStateStore();
            store.SetSlot(0, new byte[] { 1, 2, 3 });

            var thing = new AgentHarness(store);

            Assert.IsNotNull(ClaimKey.Normalize(thing.Agent.ClaimKeyText));
            Assert.IsFalse(thing.Agent.Registered);
        }
    }
}
