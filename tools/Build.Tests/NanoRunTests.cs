using System.Diagnostics;
using Microsoft.CodeAnalysis;
using SiotThing.NanoGate;
using SiotThing.NanoRun;

namespace SiotThing.Build.Tests;

/// <summary>
/// The runner against a real nanoCLR (skipped where none was built, README "Unit tests in a real
/// nanoCLR"): a test project whose tests pass, fail, crash and hang the interpreter is reported
/// test by test, and every test after a crash or a hang still runs.
/// </summary>
public sealed class NanoRunTests
{
    private const string Probe = """
        using nanoFramework.TestFramework;
        [assembly: System.Reflection.AssemblyVersion("1.0.0.0")]
        namespace Probe
        {
            [TestClass]
            public class Runner
            {
                [TestMethod] public void First() { Assert.IsTrue(true); }
                // A fresh string slot compared: the interpreter dies (see StringArrays).
                [TestMethod] public void Crashes() { var slots = new string[2]; Assert.IsFalse(slots[0] == "x"); }
                [TestMethod] public void Hangs() { var i = 0; while (i >= 0) { i = (i + 1) % 1000; } }
                [TestMethod] public void Fails() { Assert.AreEqual(1, 2, "one, two"); }
                [TestMethod] public void Skips() { Assert.SkipTest("not here"); }
                [TestMethod]
                [DataRow(1)]
                [DataRow(2)]
                [DataRow(3)]
                public void Rows(int n) { if (n == 2) { var s = new string[1]; Assert.IsTrue(s[0] == "y"); } }
                [TestMethod] public void Last() { Assert.IsTrue(true); }
            }
        }
        """;

    // The TestFramework API the probe uses, under the package's name and version, as the shim has
    // it: the runner loads the real TestFramework in its place.
    private const string Framework = """
        [assembly: System.Reflection.AssemblyVersion("3.0.77.0")]
        namespace nanoFramework.TestFramework
        {
            public class TestClassAttribute : System.Attribute { }
            public class TestMethodAttribute : System.Attribute { }
            [System.AttributeUsage(System.AttributeTargets.Method, AllowMultiple = true)]
            public class DataRowAttribute : System.Attribute { public DataRowAttribute(params object[] methodParameters) { } }
            public static class Assert
            {
                public static void IsTrue(bool condition, string message = "") { }
                public static void IsFalse(bool condition, string message = "") { }
                public static void AreEqual(int expected, int actual, string message = "") { }
                public static void SkipTest(string message = "") { }
            }
        }
        """;

    [SkippableFact]
    public void CrashesAndHangsAreNamedAndTheRestStillRuns()
    {
        var tools = NanoTools.Locate(null, null, null);
        Skip.IfNot(File.Exists(tools.NanoClr) && !tools.Missing().Any(), $"no nanoCLR with its tools at {tools.NanoClr}");

        var artifacts = Path.Combine(Path.GetTempPath(), "nanorun-" + Guid.NewGuid().ToString("N"));
        try
        {
            var framework = NanoSnippet.Compile(Framework, "nanoFramework.TestFramework");
            var tests = NanoSnippet.Compile(Probe, "NFUnitTest",
                [NanoSnippet.NanoMscorlib, MetadataReference.CreateFromImage(framework)]);
            var project = Directory.CreateDirectory(Path.Combine(artifacts, "obj", "Probe", "debug", "nano", "Probe.Tests")).FullName;
            File.WriteAllBytes(Path.Combine(project, "NFUnitTest.dll"), tests);

            var (exitCode, output) = Run("--artifacts", artifacts, "--timeout", "20");

            Assert.Equal(1, exitCode);
            Assert.Contains("Probe.Tests: 4 passed, 4 failed, 1 skipped", output);
            Assert.Contains("  crashed: Probe.Runner.Crashes: the nanoCLR died while it ran (exit 139, SIGSEGV)", output);
            Assert.Contains("  hung: Probe.Runner.Hangs: the nanoCLR was still running it after 20 s", output);
            Assert.Contains("  failed: Probe.Runner.Fails: Assert.AreEqual failed. Expected:<1>. Actual:<2>. one, two", output);
            Assert.Contains("  skipped: Probe.Runner.Skips: not here", output);
            Assert.Contains("  crashed: Probe.Runner.Rows[1]: the nanoCLR died while it ran", output);
            Assert.DoesNotContain("Rows[2]", output);
            Assert.Contains("nanoCLR device tests: 4 passed, 4 failed, 1 skipped" + Environment.NewLine
                + $"compared with the .NET run: no list of its device cases at {artifacts}/device-test-cases.txt (dotnet test writes it)", output);
        }
        finally
        {
            if (Directory.Exists(artifacts))
            {
                Directory.Delete(artifacts, recursive: true);
            }
        }
    }

    [Fact]
    public void WithoutANanoClrTheRunIsSkippedInOneLine()
    {
        var start = RunnerStart("--artifacts", "/nonexistent");
        start.Environment["SIOT_NANOCLR"] = "/nonexistent/nanoclr";
        var (exitCode, output) = Run(start);

        Assert.Equal(0, exitCode);
        Assert.Equal("nanoCLR device tests skipped: no nanoCLR at /nonexistent/nanoclr (nf-interpreter's POSIX build makes it as build/bin/nanoFramework.nanoCLR.test: set SIOT_NANOCLR to that file or link it there; README, \"Unit tests in a real nanoCLR\")", output.Trim());
    }

    [Fact]
    public void TheReadmeNamesTheFileThatIsTheNanoClrAndHowToPointTheRunnerAtIt()
    {
        var readme = File.ReadAllText(Path.Combine(BuildEnvironment.RepositoryRoot, "README.md"));
        var start = readme.IndexOf("### Unit tests in a real nanoCLR", StringComparison.Ordinal);
        Assert.True(start >= 0, "README.md has no section \"Unit tests in a real nanoCLR\"");
        var end = readme.IndexOf("\n## ", start, StringComparison.Ordinal);
        var section = readme[start..(end < 0 ? readme.Length : end)];

        Assert.Contains("`bin/nanoFramework.nanoCLR.test`", section);
        Assert.Contains("`lib/nanoFramework.nanoCLR.so`", section);
        Assert.Contains("point `SIOT_NANOCLR` at the\nprogram", section);
    }

    [Fact]
    [System.Runtime.Versioning.UnsupportedOSPlatform("windows")]
    public void ANanoClrThatCannotStartIsNamedInOneLine()
    {
        var folder = Directory.CreateTempSubdirectory("nanoclr-check-").FullName;
        try
        {
            var plain = Path.Combine(folder, "nanoclr");
            File.WriteAllText(plain, "#!/bin/sh\n");
            Assert.Equal($"the nanoCLR {plain} cannot be started: it has no run bit (chmod +x {plain})", NanoClrCheck.Problem(plain));

            // An ELF header for 32-bit ARM (e_machine 40), with the run bit.
            var arm = Path.Combine(folder, "nanoclr-arm");
            var header = new byte[64];
            new byte[] { 0x7F, (byte)'E', (byte)'L', (byte)'F', 1, 1, 1 }.CopyTo(header, 0);
            header[18] = 40;
            File.WriteAllBytes(arm, header);
            File.SetUnixFileMode(arm, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
            Assert.StartsWith($"the nanoCLR {arm} cannot be started: it is built for Arm, this machine is {System.Runtime.InteropServices.RuntimeInformation.OSArchitecture}", NanoClrCheck.Problem(arm));

            // A wrapper script is the kernel's to judge.
            File.SetUnixFileMode(plain, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
            Assert.Null(NanoClrCheck.Problem(plain));
            Assert.Equal($"the nanoCLR {folder}/none does not exist", NanoClrCheck.Problem(Path.Combine(folder, "none")));
        }
        finally
        {
            Directory.Delete(folder, true);
        }
    }

    [Fact]
    public void ALoaderThatCannotFindTheNanoClrsLibraryIsNamedInOneLine()
    {
        var output = new[] { "/x/nanoFramework.nanoCLR.test: error while loading shared libraries: nanoFramework.nanoCLR.so: cannot open shared object file: No such file or directory" };

        Assert.Equal(
            "the nanoCLR /x/nanoclr cannot be started: error while loading shared libraries: nanoFramework.nanoCLR.so: cannot open shared object file: No such file or directory"
            + " (it finds its library by the path it was built with: keep its build folder where it was built, or rebuild it)",
            NanoClrCheck.LoaderFailure("/x/nanoclr", 127, output));
        Assert.Null(NanoClrCheck.LoaderFailure("/x/nanoclr", 1, output));
        Assert.Null(NanoClrCheck.LoaderFailure("/x/nanoclr", 127, ["something else"]));
    }

    [Fact]
    public void TheCasesRunHereAreComparedWithTheDotnetRunsInOneLine()
    {
        var list = Path.GetTempFileName();
        try
        {
            File.WriteAllLines(list, ["A.B.One", "A.B.Two[0]", "A.B.Two[1]"]);

            Assert.Equal("compared with the .NET run: the same 3 device cases ran here",
                DeviceCaseComparison.Describe(list, ["A.B.Two[1]", "A.B.One", "A.B.Two[0]"], partial: false));
            Assert.Equal("compared with the .NET run (3 device cases; 2 here): 2 on .NET only (A.B.Two[0], A.B.Two[1]); 1 here only (A.B.Three)",
                DeviceCaseComparison.Describe(list, ["A.B.One", "A.B.Three"], partial: false));
            Assert.Equal("compared with the .NET run: 1 of the 1 cases run here are among its 3 device cases (only some projects were run)",
                DeviceCaseComparison.Describe(list, ["A.B.One"], partial: true));
        }
        finally
        {
            File.Delete(list);
        }
    }

    [Fact]
    public void TheFiguresFileHoldsTheCommitTheTablesTheTotalsAndWhatTheTestsPrinted()
    {
        PeFigures estimate;
        using (var stream = File.OpenRead(typeof(NanoRunTests).Assembly.Location))
        using (var reader = new System.Reflection.PortableExecutable.PEReader(stream))
        {
            estimate = PeFigures.Measure(reader);
        }

        var path = Path.Combine(Directory.CreateTempSubdirectory("figures-").FullName, "figures", "nanoclr.md");
        try
        {
            var report = new FiguresReport("/x/nanoclr", "--timings --figures docs/figures/nanoclr.md");
            report.AddAssembly("Thing.Protocol", new PeFile(75_704, 1_000, 2_000, 3_000), estimate);
            var test = new DeviceTest("A.B.Measures.0", "A.B.Measures", DeviceTestKind.Test, 0x06000001, 0);
            report.AddProject("Thing.Tests.Crypto", 160, 0, 1, TimeSpan.FromSeconds(35.25),
                [new DeviceTestResult(test, DeviceTestOutcome.Passed, string.Empty, ["per iteration: 425 us"], 17_400_000)]);
            report.Write(path, "nanoCLR device tests: 160 passed, 0 failed, 1 skipped", "compared with the .NET run: the same 161 device cases ran here", TimeSpan.FromSeconds(100));

            var text = File.ReadAllText(path);
            Assert.Matches(@"\n- measured at commit `([0-9a-f]{12}( \+ uncommitted changes)?|unknown \(no git\))`, \d{4}-\d\d-\d\d \d\d:\d\d UTC, ", text);
            Assert.Contains("- rerun: `dotnet run --project tools/NanoRun/NanoRun.csproj --no-build -- --timings --figures docs/figures/nanoclr.md`", text);
            Assert.Contains("- `nanoCLR device tests: 160 passed, 0 failed, 1 skipped`\n- compared with the .NET run: the same 161 device cases ran here\n", text);
            Assert.Contains($"| `Thing.Protocol` | 75,704 | {FiguresReport.Compared(1_000, estimate.StringTableBytes)} | {FiguresReport.Compared(2_000, estimate.ByteCodeBytes)} |", text);
            Assert.Contains("| `Thing.Tests.Crypto` | 160 | 0 | 1 | 35.2 s |", text);
            Assert.Contains("A.B.Measures (1740.0 ms in the launcher):\n    per iteration: 425 us\n", text);
            Assert.Equal("1,000 (1,095, +9.5 %)", FiguresReport.Compared(1_000, 1_095));
            Assert.Equal("2,000 (1,950, -2.5 %)", FiguresReport.Compared(2_000, 1_950));
        }
        finally
        {
            Directory.Delete(Path.GetDirectoryName(Path.GetDirectoryName(path))!, recursive: true);
        }
    }

    private static ProcessStartInfo RunnerStart(params string[] arguments)
    {
        var start = new ProcessStartInfo("dotnet", new[] { Path.Combine(AppContext.BaseDirectory, "NanoRun.dll") }.Concat(arguments))
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        return start;
    }

    private static (int ExitCode, string Output) Run(params string[] arguments) => Run(RunnerStart(arguments));

    private static (int ExitCode, string Output) Run(ProcessStartInfo start)
    {
        using var process = Process.Start(start)!;
        var error = process.StandardError.ReadToEndAsync();
        var output = process.StandardOutput.ReadToEnd();
        process.WaitForExit();
        return (process.ExitCode, output + error.Result);
    }
}
