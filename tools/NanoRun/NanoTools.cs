namespace SiotThing.NanoRun;

/// <summary>
/// Where the nanoFramework tools are: each by its option or environment variable, or else in one
/// folder (<c>SIOT_NANO_HOME</c>, by default <c>~/.cache/siot-nanoclr</c>) laid out as
/// <c>nanoclr</c>, <c>metadata-processor/nanoFramework.Tools.MetadataProcessor.CLI.dll</c> and
/// <c>testframework/</c> (nanoFramework.TestFramework.dll and nanoFramework.UnitTestLauncher.exe).
/// </summary>
/// <param name="NanoClr">The nanoCLR executable (nf-interpreter's POSIX host target).</param>
/// <param name="MetadataProcessor">The metadata processor's command-line program (a .dll runs with dotnet).</param>
/// <param name="TestFramework">The folder with the real TestFramework and its launcher, as built for nanoFramework.</param>
public sealed record NanoTools(string NanoClr, string MetadataProcessor, string TestFramework)
{
    /// <summary>The environment variable of the tools' folder.</summary>
    public const string HomeVariable = "SIOT_NANO_HOME";

    /// <summary>The TestFramework library's file name.</summary>
    public const string TestFrameworkAssembly = "nanoFramework.TestFramework.dll";

    /// <summary>The launcher's file name.</summary>
    public const string LauncherAssembly = "nanoFramework.UnitTestLauncher.exe";

    /// <summary>The default tools folder, outside any repository.</summary>
    public static string DefaultHome =>
        Environment.GetEnvironmentVariable(HomeVariable) is { Length: > 0 } home
            ? home
            : Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.UserProfile), ".cache", "siot-nanoclr");

    /// <summary>Picks each tool from its option, else its environment variable, else the default folder.</summary>
    public static NanoTools Locate(string? nanoClr, string? metadataProcessor, string? testFramework) => new(
        nanoClr ?? Variable("SIOT_NANOCLR") ?? Path.Combine(DefaultHome, "nanoclr"),
        metadataProcessor ?? Variable("SIOT_NANO_MDP") ?? Path.Combine(DefaultHome, "metadata-processor", "nanoFramework.Tools.MetadataProcessor.CLI.dll"),
        testFramework ?? Variable("SIOT_NANO_TESTFRAMEWORK") ?? Path.Combine(DefaultHome, "testframework"));

    /// <summary>What is missing of the metadata processor and the TestFramework; empty when all is there.</summary>
    public IEnumerable<string> Missing()
    {
        if (!File.Exists(MetadataProcessor))
        {
            yield return $"the metadata processor ({MetadataProcessor}; SIOT_NANO_MDP)";
        }

        foreach (var file in new[] { TestFrameworkAssembly, LauncherAssembly })
        {
            if (!File.Exists(Path.Combine(TestFramework, file)))
            {
                yield return $"{file} in {TestFramework} (SIOT_NANO_TESTFRAMEWORK)";
            }
        }
    }

    private static string? Variable(string name) => Environment.GetEnvironmentVariable(name) is { Length: > 0 } value ? value : null;
}
