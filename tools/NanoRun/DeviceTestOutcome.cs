namespace SiotThing.NanoRun;

/// <summary>How one device test ended.</summary>
public enum DeviceTestOutcome
{
    /// <summary>The launcher reported it passed.</summary>
    Passed,

    /// <summary>The launcher reported it failed (an assertion or an exception), with the message.</summary>
    Failed,

    /// <summary>It threw SkipTestException (a test that cannot hold on nanoFramework, for example).</summary>
    Skipped,

    /// <summary>The nanoCLR died while it ran.</summary>
    Crashed,

    /// <summary>The nanoCLR was still running it at the time limit.</summary>
    Hung,

    /// <summary>The launcher never reached it, though the run ended normally.</summary>
    NotRun,
}
