using nanoFramework.TestFramework;
using SiotThing.Protocol.Siot;
using SiotThing.Protocol.Text;

namespace SiotThing.Tests.Agent
{
    /// <summary>
    /// A factory reset pressed at every step of the story, with the server's answers to what was
    /// sent before the reset still arriving afterwards: the thing always ends registered with the
    /// new key, unowned, without old friends or requests, and never mistakes an old answer for a
    /// new one.
    /// </summary>
    [TestClass]
    public class ThingAgentResetAtEveryStepTests
    {
        private const string Roster = "<item jid='provisioning.example.org' subscription='both'/>";

        [TestMethod]
        [DataRow(0)]
        [DataRow(1)]
        [DataRow(2)]
        [DataRow(3)]
        [DataRow(4)]
        [DataRow(5)]
        [DataRow(6)]
        public void ResetAtStep(int resetStep)
        {
            var thing = new AgentHarness();
            var oldKey = thing.Agent.ClaimKeyText;
            var step = 0;
            Reset(thing, resetStep, step++);

            var sent = thing.Harness.Online(Xmpp.ClientHarness.BindFeatures);
            var first = sent;
            Reset(thing, resetStep, step++);

            thing.Deliver("<iq type='result' id='" + Xmpp.ClientHarness.IdOf(first) + "'><query xmlns='jabber:iq:roster'>" + Roster + "</query></iq>");
            var register = thing.Output();
            sent += register;
            var registerId = AgentHarness.IdOfIqWith(register, "<register");
            Reset(thing, resetStep, step++);

            thing.Deliver("<iq type='result' from='provisioning.example.org' id='" + registerId + "'/>");
            sent += thing.Output();
            Reset(thing, resetStep, step++);

            thing.Deliver("<message from='provisioning.example.org'><owner xmlns='urn:xmpp:siot:1' jid='owner@example.com'/></message>");
            sent += thing.Output();
            Reset(thing, resetStep, step++);

            thing.Deliver("<presence from='requestor@example.net/x' type='subscribe'/>");
            var query = thing.Output();
            sent += query;
            Reset(thing, resetStep, step++);

            if (Utf16.IndexOf(query, "<is-friend-query", 0) >= 0)
            {
                thing.Deliver("<iq type='result' from='provisioning.example.org' id='" + AgentHarness.IdOfIqWith(query, "<is-friend-query")
                    + "'><is-friend-result xmlns='urn:xmpp:siot:1' friend='pending'/></iq>");
            }

            sent += thing.Output();
            Reset(thing, resetStep, step++);

            // Whatever the server still had to say about the old key came; now the new key's story ends.
            thing.Advance(1);
            sent += thing.Output();
            var newKey = "key='" + thing.Agent.ClaimKeyText + "'";
            Assert.AreNotEqual(oldKey, thing.Agent.ClaimKeyText);
            Assert.Contains(newKey, sent, "the new key was registered");
            if (resetStep >= 2)
            {
                // The reset came after the old key's registration went out: its answer (delivered
                // above) must not count for the new key.
                Assert.IsFalse(thing.Agent.Registered, "an old answer must not register the new key");
            }

            thing.Deliver("<iq type='result' from='provisioning.example.org' id='" + AgentHarness.IdOfIqWith(sent, newKey) + "'/>");

            Assert.IsTrue(thing.Agent.Registered, "registered at the end");
            Assert.AreNotEqual(oldKey, thing.Agent.ClaimKeyText, "a new key");
            Assert.IsNotNull(ClaimKey.Normalize(thing.Agent.ClaimKeyText));
            if (resetStep >= 2 && resetStep <= 4)
            {
                // The owner message claimed the old key (resets before step 2 came before any
                // registration, so there it claimed the new key and stays).
                Assert.IsNull(thing.Agent.Owner, "an owner from before the reset is gone");
            }

            Assert.AreEqual(thing.Agent.Owner == null ? thing.Agent.ClaimKeyText : null, thing.Display.Key);
            var rebooted = new AgentHarness(thing.Store);
            Assert.AreEqual(thing.Agent.ClaimKeyText, rebooted.Agent.ClaimKeyText, "the reset state is what was stored");
            Assert.AreEqual(thing.Agent.Owner, rebooted.Agent.Owner);
        }

        private static void Reset(AgentHarness thing, int resetStep, int step)
        {
            if (step == resetStep)
            {
                thing.Agent.FactoryReset(thing.Harness.Client, thing.Harness.Now);
            }
        }
    }
}
