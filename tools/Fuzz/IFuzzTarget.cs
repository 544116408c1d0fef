namespace SiotThing.Fuzz;

/// <summary>One fuzz target: code that reads untrusted bytes and must never throw, hang or grow without bound.</summary>
public interface IFuzzTarget
{
    /// <summary>The target's name: its corpus folder and the argument of <c>Fuzz run</c>.</summary>
    string Name { get; }

    /// <summary>Feeds <paramref name="input"/> to the code under test; any exception is a finding.</summary>
    void Run(byte[] input);
}
