using nanoFramework.TestFramework;
using SiotThing.Protocol.Text;
using SiotThing.Tests.Replay;
using SiotThing.Tests.Replay.Fixtures;

namespace SiotThing.Tests.ProsodyReplay
{
    /// <summary>A replay that differs from its recording stops at the first difference and says where.</summary>
    [TestClass]
    public class ReplayMismatchTests
    {
        /// <summary>A byte of the thing's first stream header changed: the replay names that step and byte.</summary>
        [TestMethod]
        public void AChangedOutputByteIsNamedWithItsStep()
        {
            // Only the thing's own stream header says to='example.org' (the server's says from=).
            var altered = new AlteredFixture(new ProsodyStory(), "to='", (byte)'E');
            Assert.IsTrue(altered.Step > 0, "the marker is in the recording");
            var message = Mismatch(altered);

            Assert.IsTrue(Utf16.IndexOf(message, "step " + altered.Step + " (read output", 0) > 0, message);
            Assert.IsTrue(Utf16.IndexOf(message, "the output differs at byte ", 0) > 0, message);
            Assert.IsTrue(Utf16.IndexOf(message, "[E]", 0) > 0, message);
        }

        private static string Mismatch(ReplayFixture fixture)
        {
            try
            {
                new SessionReplay(fixture).Run();
            }
            catch (ReplayMismatchException e)
            {
                return e.Message;
            }

            Assert.IsTrue(false, "the replay of a changed fixture passed");
            return null;
        }
    }
}
