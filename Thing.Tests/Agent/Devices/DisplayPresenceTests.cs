using nanoFramework.TestFramework;
using SiotThing.Protocol.Devices;

namespace SiotThing.Tests.Devices
{
    /// <summary>
    /// The display's fallback as the ESP32 adapter drives it: each probe or frame reports whether
    /// the I2C write was acknowledged (a panel that is not there answers every write with
    /// SlaveAddressNotAcknowledged and raises nothing).
    /// </summary>
    [TestClass]
    public class DisplayPresenceTests
    {
        [TestMethod]
        public void APanelThatNeverAnswersIsMissingAfterTheStartProbesAndTheKeyGoesToTheConsole()
        {
            var presence = new DisplayPresence(true);
            Assert.IsTrue(presence.ShouldProbe);
            Assert.IsFalse(presence.KeyOnConsoleOnly("ABCD-EFGH"));
            for (var i = 1; i < DisplayPresence.StartProbes; i++)
            {
                Assert.IsFalse(presence.Record(false));
                Assert.AreEqual((int)DisplayPanelState.Probing, (int)presence.State);
            }

            Assert.IsTrue(presence.Record(false));
            Assert.AreEqual((int)DisplayPanelState.Missing, (int)presence.State);
            Assert.IsTrue(presence.Missing);
            Assert.IsTrue(presence.KeyOnConsoleOnly("ABCD-EFGH"));
            Assert.IsFalse(presence.KeyOnConsoleOnly(null));

            // Still missing: said once, not at every frame.
            Assert.IsFalse(presence.Record(false));
            Assert.IsTrue(presence.Missing);
            Assert.IsTrue(presence.ShouldProbe);
        }

        [TestMethod]
        public void APanelThatAnswersLateInTheStartProbesIsPresent()
        {
            var presence = new DisplayPresence(true);
            presence.Record(false);
            Assert.IsTrue(presence.Record(true));
            Assert.AreEqual((int)DisplayPanelState.Present, (int)presence.State);
            Assert.IsFalse(presence.ShouldProbe);
            Assert.IsFalse(presence.Missing);
            Assert.IsFalse(presence.KeyOnConsoleOnly("ABCD-EFGH"));
        }

        [TestMethod]
        public void OneDisturbedFrameKeepsThePanelButFailedFramesInARowLoseIt()
        {
            var presence = new DisplayPresence(true);
            presence.Record(true);
            for (var i = 1; i < DisplayPresence.FailedFramesToLose; i++)
            {
                Assert.IsFalse(presence.Record(false));
            }

            // A good frame starts the count again.
            Assert.IsFalse(presence.Record(true));
            for (var i = 1; i < DisplayPresence.FailedFramesToLose; i++)
            {
                Assert.IsFalse(presence.Record(false));
                Assert.AreEqual((int)DisplayPanelState.Present, (int)presence.State);
            }

            Assert.IsTrue(presence.Record(false));
            Assert.IsTrue(presence.Missing);
            Assert.IsTrue(presence.KeyOnConsoleOnly("ABCD-EFGH"));
        }

        [TestMethod]
        public void AMissingPanelThatAnswersAProbeIsBackAndCountsItsFailuresAfresh()
        {
            var presence = new DisplayPresence(true);
            for (var i = 0; i < DisplayPresence.StartProbes; i++)
            {
                presence.Record(false);
            }

            Assert.IsTrue(presence.Missing);
            Assert.IsTrue(presence.Record(true));
            Assert.AreEqual((int)DisplayPanelState.Present, (int)presence.State);
            Assert.IsFalse(presence.Record(false));
            Assert.IsFalse(presence.Missing);
        }

        [TestMethod]
        public void WithoutAConfiguredDisplayNothingIsMissingAndTheConsoleCarriesTheKey()
        {
            var presence = new DisplayPresence(false);
            Assert.AreEqual((int)DisplayPanelState.None, (int)presence.State);
            Assert.IsFalse(presence.ShouldProbe);
            Assert.IsFalse(presence.Record(false));
            Assert.IsFalse(presence.Record(true));
            Assert.IsFalse(presence.Missing);
            Assert.IsTrue(presence.KeyOnConsoleOnly("ABCD-EFGH"));
            Assert.IsFalse(presence.KeyOnConsoleOnly(null));
        }
    }
}
