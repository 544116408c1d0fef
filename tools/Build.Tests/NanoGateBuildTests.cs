using System.Diagnostics;

namespace SiotThing.Build.Tests;

/// <summary>
/// The gate as the build runs it: a project that sets NanoCompile builds when its sources are fit
/// for nanoFramework, and fails with the gate's error when they use a generic type.
/// </summary>
public sealed class NanoGateBuildTests
{
    [Fact]
    public void BuildFailsWhenDeviceSourcesUseGenerics()
    {
        // Inside the repository, so that Directory.Build.props/targets apply as to any project here;
        // its build output stays in its own folder (see Build), so every run starts clean.
        var folder = Path.Combine(BuildEnvironment.RepositoryRoot, "artifacts", "gate-tests", Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(folder);
        try
        {
            File.WriteAllText(Path.Combine(folder, "GateProbe.csproj"), """
                <Project Sdk="Microsoft.NET.Sdk">
                  <PropertyGroup>
                    <NanoCompile>true</NanoCompile>
                    <ImplicitUsings>disable</ImplicitUsings>
                  </PropertyGroup>
                </Project>
                """);
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
