using nanoFramework.TestFramework;
using SiotThing.Protocol.Agent;

namespace SiotThing.Tests.Agent
{
    /// <summary>When the device's own changes are pushed to friends, without a client or an agent.</summary>
    [TestClass]
    public class PresencePacingTests
    {
        [TestMethod]
        public void AChangeGoesAtOnceAndOnce()
        {
            var pacing = new PresencePacing();
            Assert.IsFalse(pacing.TakeDue(0), "nothing changed");

            pacing.Changed();

            Assert.IsTrue(pacing.TakeDue(0));
            Assert.IsFalse(pacing.TakeDue(10000), "already sent");
        }

        [TestMethod]
        public void ChangesWithinFiveSecondsGoTogetherWhenTheyAreOver()
        {
            var pacing = new PresencePacing();
            pacing.Changed();
            pacing.TakeDue(1000);

            pacing.Changed();
            pacing.Changed();

            Assert.IsFalse(pacing.TakeDue(5999));
            Assert.IsTrue(pacing.TakeDue(6000));
            Assert.IsFalse(pacing.TakeDue(20000));
        }
    }
}
