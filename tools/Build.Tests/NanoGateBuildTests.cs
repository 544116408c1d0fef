using System.Diagnostics;

namespace SiotThing.Build.Tests;

/// <summary>
/// The gate as the build runs it: a project that sets NanoCompile builds when its sources are fit
/// for nanoFramework, and fails with the gate's error when they are not (generics, string arrays,
/// more than a .pe holds).
/// </summary>
public sealed class NanoGateBuildTests
{
    [Fact]
    public void BuildFailsWhenDeviceSourcesUseGenerics()
    {
        var folder = ProbeFolder();
        try
        {
            var source = Path.Combine(folder, "Probe.cs");

            File.WriteAllText(source, "public class Probe { public System.Action Callback; }");
            var fit = Build(folder);
            Assert.True(fit.ExitCode == 0, fit.Output);
            Assert.Contains("GateProbe.dll is fit for nanoFramework", fit.Output);

            File.WriteAllText(source, "public class Probe { public System.Action<int> Callback; }");
            var unfit = Build(folder);
            Assert.True(unfit.ExitCode != 0, unfit.Output);
            Assert.Contains("error NANO002: nanoFramework: GateProbe.dll field 'Probe.Callback' uses generic type 'System.Action`1<Int32>'", unfit.Output);
        }
        finally
        {
            Directory.Delete(folder, recursive: true);
        }
    }

    [Fact]
    public void BuildFailsWhenTheAssemblyWouldNotConvertOrWouldCrashTheInterpreter()
    {
        var folder = ProbeFolder();
        try
        {
            // 600 distinct literals of 100 characters: more string table than a .pe can address
            // (NANO006); and a string array left unassigned (NANO005).
            var literals = string.Concat(Enumerable.Range(0, 600).Select(i => $"\"{i:D4}{new string('x', 96)}\", "));
            File.WriteAllText(Path.Combine(folder, "Probe.cs"),
                "public class Probe { public static string[] All() { return new[] { " + literals + "}; } public string[] Slots = new string[4]; }");

            var unfit = Build(folder);
            Assert.True(unfit.ExitCode != 0, unfit.Output);
            Assert.Contains("error NANO006: nanoFramework: GateProbe.dll the string table takes about 60,", unfit.Output);
            Assert.Contains("error NANO005: nanoFramework: GateProbe.dll method 'Probe..ctor' creates a string[]", unfit.Output);
        }
        finally
        {
            Directory.Delete(folder, recursive: true);
        }
    }

    /// <summary>
    /// A project that sets NanoCompile, inside the repository, so that Directory.Build.props/targets
    /// apply as to any project here; its build output stays in its own folder (see Build), so every
    /// run starts clean.
    /// </summary>
    private static string ProbeFolder()
    {
        var folder = Path.Combine(BuildEnvironment.RepositoryRoot, "artifacts", "gate-tests", Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(folder);
        File.WriteAllText(Path.Combine(folder, "GateProbe.csproj"), """
            <Project Sdk="Microsoft.NET.Sdk">
              <PropertyGroup>
                <NanoCompile>true</NanoCompile>
                <ImplicitUsings>disable</ImplicitUsings>
              </PropertyGroup>
            </Project>
            """);
        return folder;
    }

    private static (int ExitCode, string Output) Build(string folder)
    {
        var start = new ProcessStartInfo("dotnet", ["build", "-nologo", "-nodeReuse:false", "-p:UseSharedCompilation=false", "-v:minimal",
            "-p:ArtifactsPath=" + Path.Combine(folder, "artifacts")])
        {
            WorkingDirectory = folder,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        using var process = Process.Start(start)!;
        var error = process.StandardError.ReadToEndAsync();
        var output = process.StandardOutput.ReadToEnd();
        process.WaitForExit();
        return (process.ExitCode, output + error.Result);
    }
}
