namespace SiotThing.NanoRun;

/// <summary>What became of one device test.</summary>
/// <param name="Test">The test.</param>
/// <param name="Outcome">How it ended.</param>
/// <param name="Message">The launcher's message (failed, skipped) or what the runner saw (crashed, hung).</param>
/// <param name="Output">What the test printed (OutputHelper) before its result.</param>
/// <param name="Ticks">For a passed test, the launcher's elapsed time in 100-ns ticks (-1 otherwise): measured, never asserted.</param>
public sealed record DeviceTestResult(DeviceTest Test, DeviceTestOutcome Outcome, string Message, IReadOnlyList<string> Output, long Ticks = -1)
{
    /// <summary>Whether it counts as a failure in the summary.</summary>
    public bool IsFailure => Outcome is not (DeviceTestOutcome.Passed or DeviceTestOutcome.Skipped);
}
