using nanoFramework.TestFramework;
using SiotThing.Protocol.Agent;
using SiotThing.Protocol.Siot;
using SiotThing.Protocol.Storage;
using SiotThing.Protocol.Text;
using SiotThing.Protocol.Xml;

namespace SiotThing.Tests.Agent
{
    /// <summary>When the registration is due, what it says and how a missing answer is retried, without a client or an agent.</summary>
    [TestClass]
    public class RegistrationTests
    {
        [TestMethod]
        public void DueAtOnceAndNotWhileInFlight()
        {
            var registration = NewRegistration(new RecordingLog());
            registration.Restart(1000);

            Assert.IsTrue(registration.IsDue(1000));
            var tag = registration.NextTag();
            Assert.IsTrue(Registration.Owns(tag));
            registration.Sent();
            Assert.IsFalse(registration.IsDue(1000), "one in flight");

            registration.Stop();
            Assert.IsTrue(registration.IsDue(1000), "the session ended without an answer");
        }

        [TestMethod]
        public void EachRegistrationHasItsOwnTag()
        {
            var registration = NewRegistration(new RecordingLog());

            var first = registration.NextTag();
            var second = registration.NextTag();

            Assert.AreNotEqual(first, second);
            Assert.IsTrue(Registration.Owns(first));
            Assert.IsTrue(Registration.Owns(second));
            Assert.IsFalse(Registration.Owns(1));
        }

        [TestMethod]
        public void TheRequestCarriesTheKeyAndTheNames()
        {
            var state = UnclaimedState();
            var registration = new Registration(Configuration(), new ThingStateStore(new Storage.MemoryStateStore()), state, new DeterministicEntropy(3), new RecordingLog());
            var buffer = new byte[512];
            var w = new XmlWriter(buffer, 4);

            registration.WriteRequest(w);
            while (w.Depth > 0)
            {
                w.EndElement();
            }

            Assert.AreEqual(
                "<register xmlns='urn:xmpp:siot:1' key='" + state.ClaimKey + "'><name>Lamp</name><name xml:lang='de'>Lampe</name></register>",
                Utf8.Decode(buffer, 0, w.Length));
        }

        [TestMethod]
        public void NoAnswerIsRetriedLaterAndAnOldAnswerIsIgnored()
        {
            var log = new RecordingLog();
            var registration = NewRegistration(log);
            registration.Restart(0);
            var old = registration.NextTag();
            registration.Sent();
            registration.Stop();
            var current = registration.NextTag();
            registration.Sent();

            Assert.IsFalse(registration.Answered(old, null, 0));
            Assert.Contains("registration answer for an old key ignored", log.Text);
            Assert.IsFalse(registration.IsDue(0), "the current one is still in flight");

            Assert.IsFalse(registration.Answered(current, null, 0));
            Assert.Contains("registration failed (no answer), retry in ", log.Text);
            Assert.IsFalse(registration.IsDue(999), "not before the backoff's first delay");
            Assert.IsTrue(registration.IsDue(600000), "at the latest after the backoff's maximum");
        }

        private static Registration NewRegistration(RecordingLog log)
        {
            return new Registration(Configuration(), new ThingStateStore(new Storage.MemoryStateStore()), UnclaimedState(), new DeterministicEntropy(3), log);
        }

        private static ThingConfiguration Configuration()
        {
            return new ThingConfiguration("provisioning.example.org", new[] { string.Empty, "de" }, new[] { "Lamp", "Lampe" });
        }

        private static ThingState UnclaimedState()
        {
            var state = new ThingStateStore(new Storage.MemoryStateStore()).Load();
            state.FactoryReset(ClaimKey.Generate(new DeterministicEntropy(5)));
            return state;
        }
    }
}
