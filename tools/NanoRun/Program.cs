using System.CommandLine;
using System.Reflection.Metadata;
using System.Reflection.PortableExecutable;
using SiotThing.NanoGate;
using SiotThing.NanoRun;

// Runs every device unit-test project of a build in a real nanoCLR (README, "Unit tests in a real
// nanoCLR"). Without a nanoCLR it says so in one line and exits 0: the run is skipped, not failed.
var artifactsOption = new Option<DirectoryInfo>("--artifacts") { Description = "the build's artifacts folder (UseArtifactsOutput)", DefaultValueFactory = _ => new DirectoryInfo("artifacts") };
var configurationOption = new Option<string>("--configuration", "-c") { Description = "the build configuration whose assemblies to run", DefaultValueFactory = _ => "Debug" };
var nanoClrOption = new Option<string?>("--nanoclr") { Description = "the nanoCLR executable (default: $SIOT_NANOCLR, else nanoclr in $SIOT_NANO_HOME or ~/.cache/siot-nanoclr)" };
var processorOption = new Option<string?>("--metadata-processor") { Description = "nanoFramework's metadata processor (default: $SIOT_NANO_MDP, else metadata-processor/nanoFramework.Tools.MetadataProcessor.CLI.dll there)" };
var frameworkOption = new Option<string?>("--testframework") { Description = "folder with the real nanoFramework.TestFramework.dll and nanoFramework.UnitTestLauncher.exe (default: $SIOT_NANO_TESTFRAMEWORK, else testframework/ there)" };
var timeoutOption = new Option<int>("--timeout") { Description = "seconds one nanoCLR run of a test project may take before it counts as hung", DefaultValueFactory = _ => 300 };
var projectOption = new Option<string[]>("--project") { Description = "run only these test projects (e.g. Thing.Tests.Xml)" };
var verboseOption = new Option<bool>("--verbose") { Description = "list passed tests too" };
var loadOption = new Option<string[]>("--load") { Description = "more .pe files loaded with every test project (e.g. nanoFramework.Runtime.Native.pe, which Thing.Tests.Agent's heap measurement needs and NuGet does not serve here)" };
var figuresOption = new Option<string?>("--figures") { Description = "also write the run's figures (.pe tables beside the gate's estimates, times, totals, what the tests printed) with the commit to this Markdown file, e.g. docs/figures/nanoclr.md" };
var timingsOption = new Option<bool>("--timings") { Description = "list passed tests with the launcher's elapsed time and the lines they printed (measurements, e.g. docs/performance.md's PBKDF2 figures; never asserted)" };
var root = new RootCommand("Runs the device unit tests in a real nanoCLR with the real TestFramework launcher")
{
    artifactsOption, configurationOption, nanoClrOption, processorOption, frameworkOption, timeoutOption, projectOption, loadOption, verboseOption, timingsOption, figuresOption,
};
root.SetAction(result =>
{
    var tools = NanoTools.Locate(result.GetValue(nanoClrOption), result.GetValue(processorOption), result.GetValue(frameworkOption));
    if (!File.Exists(tools.NanoClr))
    {
        Console.WriteLine($"nanoCLR device tests skipped: no nanoCLR at {tools.NanoClr} (nf-interpreter's POSIX build makes it as build/bin/nanoFramework.nanoCLR.test: set SIOT_NANOCLR to that file or link it there; README, \"Unit tests in a real nanoCLR\")");
        return 0;
    }

    var missing = tools.Missing().ToList();
    if (missing.Count > 0)
    {
        Console.Error.WriteLine($"nanoCLR device tests: a nanoCLR is at {tools.NanoClr} but this is missing: {string.Join("; ", missing)}");
        return 1;
    }

    if (NanoClrCheck.Problem(tools.NanoClr) is { } problem)
    {
        Console.Error.WriteLine($"nanoCLR device tests: {problem}");
        return 1;
    }

    try
    {
        return Run(tools, result.GetValue(artifactsOption)!, result.GetValue(configurationOption)!, TimeSpan.FromSeconds(result.GetValue(timeoutOption)),
            result.GetValue(projectOption) ?? [], result.GetValue(loadOption) ?? [], result.GetValue(verboseOption), result.GetValue(timingsOption),
            result.GetValue(figuresOption) is { } figures ? (figures, new FiguresReport(tools.NanoClr, string.Join(" ", args))) : null);
    }
    catch (NanoRunException e)
    {
        Console.Error.WriteLine($"nanoCLR device tests: {e.Message}");
        return 1;
    }
});
return root.Parse(args).Invoke();

static int Run(NanoTools tools, DirectoryInfo artifacts, string configuration, TimeSpan limit, string[] only, string[] load, bool verbose, bool timings,
    (string Path, FiguresReport Report)? figures)
{
    var started = System.Diagnostics.Stopwatch.StartNew();
    // The build's nanoFramework assemblies (build/NanoFramework.targets): obj/<project>/<configuration>/nano/.
    var nanoFolders = Directory.Exists(Path.Combine(artifacts.FullName, "obj"))
        ? Directory.GetDirectories(Path.Combine(artifacts.FullName, "obj"))
            .Select(p => Path.Combine(p, configuration.ToLowerInvariant(), "nano")).Where(Directory.Exists).ToList()
        : [];
    var libraries = nanoFolders.SelectMany(f => Directory.GetFiles(f, "*.dll"))
        .Where(f => Path.GetFileName(f) is not ("NFUnitTest.dll" or NanoTools.TestFrameworkAssembly)).Order().ToList();
    var testProjects = nanoFolders.SelectMany(Directory.GetDirectories)
        .Where(d => File.Exists(Path.Combine(d, "NFUnitTest.dll")))
        .Where(d => only.Length == 0 || only.Contains(Path.GetFileName(d)))
        .Order().ToList();
    if (testProjects.Count == 0)
    {
        throw new NanoRunException($"no device test assemblies under {artifacts.FullName}/obj/*/{configuration.ToLowerInvariant()}/nano/: build first (dotnet build SiotThing.slnx)");
    }

    var mscorlib = CoreLibrary(Path.Combine(testProjects[0], "NFUnitTest.dll"));
    var framework = Path.Combine(tools.TestFramework, NanoTools.TestFrameworkAssembly);
    var launcher = Path.Combine(tools.TestFramework, NanoTools.LauncherAssembly);
    var converter = new PeConverter(tools.MetadataProcessor, [mscorlib, framework, .. libraries]);
    var work = Path.Combine(artifacts.FullName, "nanoclr", configuration.ToLowerInvariant());
    Directory.CreateDirectory(work);
    Console.WriteLine($"nanoCLR device tests: {tools.NanoClr}, metadata processor {tools.MetadataProcessor}, TestFramework {tools.TestFramework}");

    var loaded = new List<string> { Path.ChangeExtension(mscorlib, ".pe") };
    foreach (var assembly in new[] { framework, launcher }.Concat(libraries))
    {
        var pe = Path.Combine(work, Path.GetFileNameWithoutExtension(assembly) + ".pe");
        converter.Convert(assembly, pe);
        loaded.Add(pe);
        if (libraries.Contains(assembly))
        {
            var peFile = PeFile.Read(pe);
            Console.WriteLine($"  {Path.GetFileName(pe)}: {Figures(peFile, assembly)}");
            figures?.Report.AddAssembly(Path.GetFileNameWithoutExtension(assembly), peFile, Estimate(assembly));
        }
    }

    foreach (var pe in load)
    {
        if (!File.Exists(pe))
        {
            throw new NanoRunException($"--load {pe}: no such file");
        }

        loaded.Add(Path.GetFullPath(pe));
        Console.WriteLine($"  {Path.GetFileName(pe)}: loaded as given");
    }

    int passed = 0, failed = 0, skipped = 0;
    var ran = new List<string>();
    foreach (var project in testProjects)
    {
        var run = new TestProjectRun(Path.GetFileName(project), Path.Combine(project, "NFUnitTest.dll"), Path.Combine(work, Path.GetFileName(project)),
            tools.NanoClr, converter, loaded, limit);
        var results = run.Run().Where(r => r.Test.Kind == DeviceTestKind.Test || r.IsFailure).ToList();
        var projectFailed = results.Count(r => r.IsFailure);
        var projectSkipped = results.Count(r => r.Outcome == DeviceTestOutcome.Skipped);
        var projectPassed = results.Count - projectFailed - projectSkipped;
        Console.WriteLine($"{run.Name}: {projectPassed} passed, {projectFailed} failed, {projectSkipped} skipped in {run.Elapsed.TotalSeconds:F1} s"
            + $" ({run.Runs} nanoCLR run{(run.Runs == 1 ? string.Empty : "s")}; NFUnitTest.pe: {Figures(run.Pe!, Path.Combine(project, "NFUnitTest.dll"))})");
        foreach (var r in results.Where(r => verbose || timings || r.Outcome != DeviceTestOutcome.Passed))
        {
            var elapsed = timings && r.Ticks >= 0 ? $" ({r.Ticks / 10000.0:F1} ms)" : string.Empty;
            Console.WriteLine($"  {r.Outcome.ToString().ToLowerInvariant()}: {r.Test.Name}{elapsed}{(r.Message.Length > 0 ? ": " + r.Message : string.Empty)}");
            if (timings && r.Outcome == DeviceTestOutcome.Passed)
            {
                foreach (var line in r.Output)
                {
                    Console.WriteLine($"    | {line}");
                }
            }

            if (r.IsFailure)
            {
                foreach (var line in r.Output.TakeLast(10))
                {
                    Console.WriteLine($"    | {line}");
                }
            }
        }

        figures?.Report.AddAssembly(run.Name, run.Pe!, Estimate(Path.Combine(project, "NFUnitTest.dll")));
        figures?.Report.AddProject(run.Name, projectPassed, projectFailed, projectSkipped, run.Elapsed, results);
        ran.AddRange(results.Where(r => r.Test.Kind == DeviceTestKind.Test).Select(r => r.Test.Name));
        passed += projectPassed;
        failed += projectFailed;
        skipped += projectSkipped;
    }

    var totals = $"nanoCLR device tests: {passed} passed, {failed} failed, {skipped} skipped";
    var comparison = DeviceCaseComparison.Describe(Path.Combine(artifacts.FullName, DeviceCaseComparison.FileName), ran, only.Length > 0);
    Console.WriteLine(totals);
    Console.WriteLine(comparison);
    if (figures is var (path, report))
    {
        report.Write(path, totals, comparison, started.Elapsed);
        Console.WriteLine($"figures written to {path}");
    }

    return failed == 0 ? 0 : 1;
}

// The gate's estimate of an assembly's .pe tables (tools/NanoGate).
static PeFigures Estimate(string assembly)
{
    using var stream = File.OpenRead(assembly);
    using var reader = new PEReader(stream);
    return PeFigures.Measure(reader);
}

// The .pe's real figures beside the gate's estimate from the .NET assembly (tools/NanoGate).
static string Figures(PeFile pe, string assembly)
{
    var estimate = Estimate(assembly);
    return $"{pe.Bytes:N0} bytes, string table {pe.StringTable:N0} (gate estimate {estimate.StringTableBytes:N0}) / {PeFigures.StringTableLimit:N0}, "
        + $"byte code {pe.ByteCode:N0} (estimate {estimate.ByteCodeBytes:N0}) / {PeFigures.ByteCodeLimit:N0}, "
        + $"signatures {pe.SignatureTable:N0} (estimate {estimate.SignatureTableBytes:N0}) / {PeFigures.SignatureTableLimit:N0}";
}

// nanoFramework's mscorlib as the CoreLibrary package ships it (lib/mscorlib.dll and its .pe), at
// the version the test assemblies were compiled against.
static string CoreLibrary(string testAssembly)
{
    using var stream = File.OpenRead(testAssembly);
    using var pe = new PEReader(stream);
    var reader = pe.GetMetadataReader();
    var version = reader.AssemblyReferences.Select(reader.GetAssemblyReference).Single(r => reader.GetString(r.Name) == "mscorlib").Version;
    var packages = Environment.GetEnvironmentVariable("NUGET_PACKAGES") is { Length: > 0 } root
        ? root
        : Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.UserProfile), ".nuget", "packages");
    var mscorlib = Path.Combine(packages, "nanoframework.corelibrary", $"{version.Major}.{version.Minor}.{version.Build}", "lib", "mscorlib.dll");
    if (!File.Exists(mscorlib) || !File.Exists(Path.ChangeExtension(mscorlib, ".pe")))
    {
        throw new NanoRunException($"nanoFramework's mscorlib {version} is not at {mscorlib}: restore the solution (dotnet restore SiotThing.slnx)");
    }

    return mscorlib;
}
