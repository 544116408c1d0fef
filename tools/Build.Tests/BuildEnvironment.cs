using System.Reflection;

namespace SiotThing.Build.Tests;

/// <summary>Paths the build wrote into this test assembly.</summary>
internal static class BuildEnvironment
{
    public static string NanoMscorlib => Metadata("NanoMscorlib");

    public static string RepositoryRoot => Metadata("RepositoryRoot");

    private static string Metadata(string key) =>
        typeof(BuildEnvironment).Assembly.GetCustomAttributes<AssemblyMetadataAttribute>().Single(a => a.Key == key).Value
        ?? throw new InvalidOperationException($"no {key} in the test assembly's metadata");
}
