namespace SiotThing.NanoRun;

/// <summary>One thing the launcher runs and reports on a line of its own.</summary>
/// <param name="LauncherId">How the launcher names it: <c>Namespace.Class.Method.i</c>, i the attribute's index.</param>
/// <param name="Name">How the host's xunit run names it: <c>Namespace.Class.Method</c>, with <c>[row]</c> for a data row.</param>
/// <param name="Kind">Setup, test or cleanup.</param>
/// <param name="MethodToken">The method's metadata token in the test assembly.</param>
/// <param name="AttributeIndex">The index of its attribute among the method's custom attributes, in metadata order.</param>
public sealed record DeviceTest(string LauncherId, string Name, DeviceTestKind Kind, int MethodToken, int AttributeIndex);
