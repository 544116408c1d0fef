using nanoFramework.TestFramework;
using SiotThing.Protocol.Agent;
using SiotThing.Protocol.Siot;
using SiotThing.Protocol.Storage;

namespace SiotThing.Tests.Agent
{
    /// <summary>What the display shows for each state, without a client or an agent.</summary>
    [TestClass]
    public class StatusDisplayTests
    {
        [TestMethod]
        public void UnclaimedAndOfflineShowsTheKey()
        {
            var state = UnclaimedState();
            var screen = new RecordingDisplay();

            new StatusDisplay(screen, "Lamp").Show(state, false);

            Assert.AreEqual("Lamp", screen.Name);
            Assert.AreEqual(state.ClaimKey, screen.Key);
            Assert.AreEqual("unclaimed, offline", screen.Status);
        }

        [TestMethod]
        public void UnclaimedOnlineSaysWhetherItIsRegistered()
        {
            var state = UnclaimedState();
            var screen = new RecordingDisplay();
            var view = new StatusDisplay(screen, "Lamp");

            view.Show(state, true);
            Assert.AreEqual("unclaimed, registering", screen.Status);
            Assert.AreEqual(state.ClaimKey, screen.Key);

            state.Registered = true;
            view.Show(state, true);
            Assert.AreEqual("unclaimed", screen.Status);
            Assert.AreEqual(state.ClaimKey, screen.Key);
        }

        [TestMethod]
        public void OwnedHidesTheKeyOnlineOrNot()
        {
            var state = UnclaimedState();
            state.Registered = true;
            state.Owner = "owner@example.org";
            var screen = new RecordingDisplay();
            var view = new StatusDisplay(screen, "Lamp");

            view.Show(state, true);
            Assert.IsNull(screen.Key);
            Assert.AreEqual("owned by owner@example.org", screen.Status);

            view.Show(state, false);
            Assert.IsNull(screen.Key);
            Assert.AreEqual("owned by owner@example.org", screen.Status);
        }

        private static ThingState UnclaimedState()
        {
            var state = new ThingStateStore(new Storage.MemoryStateStore()).Load();
            state.FactoryReset(ClaimKey.Generate(new DeterministicEntropy(7)));
            return state;
        }
    }
}
