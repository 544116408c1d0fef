using nanoFramework.TestFramework;

namespace SiotThing.Tests.Host
{
    /// <summary>
    /// A nanoFramework test class that exercises the host runner; it lives in the Host namespace so
    /// that the real discovery leaves it out (it fails on purpose).
    /// </summary>
    [TestClass]
    public class SampleTests
    {
        [Setup]
        public void Setup() => OutputHelper.WriteLine("setup");

        [Cleanup]
        public void Cleanup() => OutputHelper.WriteLine("cleanup");

        [TestMethod]
        public void Passes() => Assert.IsTrue(true);

        [TestMethod]
        public void FailsWithMessage()
        {
            OutputHelper.WriteLine("failing");
            Assert.AreEqual(1, 2, "the sample's message");
        }

        [TestMethod]
        public void Skips() => Assert.SkipTest("no hardware here");

        [TestMethod]
        [DataRow("a", 1)]
        [DataRow("b", 2)]
        public void Rows(string name, int number) => OutputHelper.WriteLine("row " + name + " " + number);
    }
}
