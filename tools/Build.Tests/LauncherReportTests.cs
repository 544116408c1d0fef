using SiotThing.NanoRun;

namespace SiotThing.Build.Tests;

/// <summary>Reading what the nanoCLR and the TestFramework's launcher print.</summary>
public sealed class LauncherReportTests
{
    [Fact]
    public void ResultsAreReadAfterReadyWithTheirMessagesAndOutput()
    {
        var report = LauncherReport.Parse([
            "Assembly: NFUnitTest (1.0.0.0)  (1132 RAM - 848 ROM - 420 METADATA)",
            "Test passed,Not.A.Result.0,1",
            "Ready.",
            "setting up",
            "Test passed,Probe.C.Setup.0,10",
            "printed, with a comma",
            "Test failed,Probe.C.Fails.0,Assert.AreEqual failed. Expected:<1>. Actual:<2>. one, two",
            "Test skipped,Probe.C.Rows.1,not here",
            "Done.",
            "Exiting.",
        ]);

        Assert.True(report.Ready);
        Assert.True(report.Done);
        Assert.Equal(["Probe.C.Setup.0", "Probe.C.Fails.0", "Probe.C.Rows.1"], report.Results.Select(r => r.Id));
        Assert.Equal([DeviceTestOutcome.Passed, DeviceTestOutcome.Failed, DeviceTestOutcome.Skipped], report.Results.Select(r => r.Outcome));
        Assert.Equal("Assert.AreEqual failed. Expected:<1>. Actual:<2>. one, two", report.Results[1].Message);
        Assert.Equal(["setting up"], report.Results[0].Output);
        Assert.Equal(["printed, with a comma"], report.Results[1].Output);
        Assert.Equal([10L, -1L, -1L], report.Results.Select(r => r.Ticks));
    }

    [Fact]
    public void ARunThatDiedIsNeitherDoneNorMissesWhatItReported()
    {
        var report = LauncherReport.Parse(["Ready.", "Test passed,Probe.C.First.0,5", "partial out"]);

        Assert.True(report.Ready);
        Assert.False(report.Done);
        Assert.Single(report.Results);
    }

    [Fact]
    public void ALoadFailureIsNotReady()
    {
        var report = LauncherReport.Parse(["Resolve: unknown type: nanoFramework.TestFramework.ShimOnly", "Error: a3000000", "Exiting."]);

        Assert.False(report.Ready);
        Assert.Empty(report.Results);
    }
}
