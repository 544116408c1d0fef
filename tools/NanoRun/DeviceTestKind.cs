namespace SiotThing.NanoRun;

/// <summary>What the launcher runs a method for.</summary>
public enum DeviceTestKind
{
    /// <summary>A [Setup] method, run once before the tests of its class.</summary>
    Setup,

    /// <summary>A [TestMethod] without rows, or one [DataRow] of a method.</summary>
    Test,

    /// <summary>A [Cleanup] method, run once after them.</summary>
    Cleanup,
}
