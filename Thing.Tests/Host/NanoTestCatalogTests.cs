using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using nanoFramework.TestFramework;
using Xunit;
using Assert = Xunit.Assert;

namespace SiotThing.Tests.Host
{
    /// <summary>The host runner itself: discovery, data rows, setup/cleanup, failures and skips.</summary>
    public sealed class NanoTestCatalogTests
    {
        /// <summary>The list's file name in the artifacts folder (tools/NanoRun reads it).</summary>
        public const string DeviceCasesFile = "device-test-cases.txt";

        [Fact]
        public void EveryMethodAndEveryDataRowIsItsOwnCase()
        {
            var ids = NanoTestCatalog.Discover(new[] { typeof(SampleTests) }).Select(c => c.Id).ToArray();

            Assert.Equal(
                new[]
                {
                    "SiotThing.Tests.Host.SampleTests.Passes",
                    "SiotThing.Tests.Host.SampleTests.FailsWithMessage",
                    "SiotThing.Tests.Host.SampleTests.Skips",
                    "SiotThing.Tests.Host.SampleTests.Rows[0]",
                    "SiotThing.Tests.Host.SampleTests.Rows[1]",
                },
                ids);
        }

        /// <summary>
        /// Lists this run's device cases, one id a line, in artifacts/device-test-cases.txt: tools/NanoRun
        /// compares the cases it ran in the nanoCLR with them, so that "every device test ran in the
        /// real runtime" is one line of its output.
        /// </summary>
        [Fact]
        public void TheDeviceCasesAreListedForTheNanoClrRunner()
        {
            var ids = NanoTestCatalog.Discover(typeof(NanoTestCatalogTests).Assembly).Select(c => c.Id).ToList();
            Assert.Equal(ids.Count, ids.Distinct(StringComparer.Ordinal).Count());

            // The build's artifacts folder (UseArtifactsOutput): artifacts/bin/Thing.Tests/<configuration>/.
            var artifacts = new DirectoryInfo(Path.Combine(AppContext.BaseDirectory, "..", "..", ".."));
            Assert.Equal("artifacts", artifacts.Name);
            File.WriteAllLines(Path.Combine(artifacts.FullName, DeviceCasesFile), ids.OrderBy(id => id, StringComparer.Ordinal));
        }

        [Fact]
        public void FixturesOfTheHostAreNotNanoFrameworkTests()
        {
            Assert.DoesNotContain(
                NanoTestCatalog.Discover(typeof(NanoTestCatalogTests).Assembly),
                c => c.TestClass == typeof(SampleTests));
        }

        [Fact]
        public void AFailedAssertKeepsItsMessageAndCleanupStillRuns()
        {
            var log = new StringWriter();

            var failure = Assert.Throws<AssertFailedException>(() => NanoTestCatalog.Run(Case("FailsWithMessage"), log));

            Assert.Contains("Assert.AreEqual failed. Expected:<1>. Actual:<2>. the sample's message", failure.Message);
            Assert.Equal("setup\nfailing\ncleanup\n", log.ToString().Replace("\r", string.Empty));
        }

        [Fact]
        public void DataRowsPassTheirArguments()
        {
            var log = new StringWriter();

            NanoTestCatalog.Run(Case("Rows[1]"), log);

            Assert.Contains("row b 2", log.ToString());
        }

        [Fact]
        public void SkipTestExceptionReachesTheRunner()
        {
            var skip = Assert.Throws<SkipTestException>(() => NanoTestCatalog.Run(Case("Skips"), TextWriter.Null));

            Assert.Equal("no hardware here", skip.Message);
        }

        private static NanoTestCase Case(string name) =>
            NanoTestCatalog.Discover(new[] { typeof(SampleTests) }).Single(c => c.Id == "SiotThing.Tests.Host.SampleTests." + name);
    }
}
