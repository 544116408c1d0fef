using nanoFramework.TestFramework;
using SiotThing.Tests.Replay;
using SiotThing.Tests.Replay.Fixtures;

namespace SiotThing.Tests.ProsodyReplay
{
    /// <summary>
    /// The thing's side of the system story recorded against Prosody (docs/replay.md), replayed
    /// into the core: every byte, flash write, display and pin change as recorded. Run in the
    /// nanoCLR it shows the device's interpreter does what .NET did; its figures are the
    /// interpreter's cost per stanza and per login (docs/performance.md).
    /// </summary>
    [TestClass]
    public class ProsodyStoryReplayTests
    {
        /// <summary>The whole story, both boots, replays byte for byte.</summary>
        [TestMethod]
        public void TheStoryGivesTheRecordedBytes()
        {
            var figures = new SessionReplay(new ProsodyStory()).Run();
            OutputHelper.WriteLine(figures.Describe("prosody"));

            // Both starts of the thing, a login each and the resumption after the server's restart.
            Assert.AreEqual(2, figures.Boots);
            Assert.IsTrue(figures.Sessions >= 3, "sessions: " + figures.Sessions);
            Assert.IsTrue(figures.Stanzas > 20, "stanzas: " + figures.Stanzas);
        }
    }
}
