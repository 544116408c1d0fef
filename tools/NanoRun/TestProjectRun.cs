using System.Diagnostics;

namespace SiotThing.NanoRun;

/// <summary>
/// Runs one unit-test project (one NFUnitTest assembly) in the nanoCLR until every test has a
/// result. When the interpreter dies or hangs, the test it was running is the first one of the
/// launcher's order that had not reported: that one is marked crashed or hung, and the run starts
/// again with it and every test already reported disabled (<see cref="TestDisabler"/>).
/// </summary>
/// <param name="name">The project's name, for the report.</param>
/// <param name="assembly">Its NFUnitTest.dll.</param>
/// <param name="folder">Where this project's .pe files and rewritten assemblies go.</param>
/// <param name="nanoClr">The nanoCLR executable.</param>
/// <param name="converter">Converts assemblies to .pe.</param>
/// <param name="loaded">The .pe files loaded with every test assembly (mscorlib, the TestFramework, the launcher, the code under test).</param>
/// <param name="limit">How long one nanoCLR run may take.</param>
public sealed class TestProjectRun(string name, string assembly, string folder, string nanoClr, PeConverter converter, IReadOnlyList<string> loaded, TimeSpan limit)
{
    /// <summary>The project's name.</summary>
    public string Name => name;

    /// <summary>The figures of its .pe as first converted.</summary>
    public PeFile? Pe { get; private set; }

    /// <summary>How many times the nanoCLR was started.</summary>
    public int Runs { get; private set; }

    /// <summary>The time spent in the nanoCLR.</summary>
    public TimeSpan Elapsed { get; private set; }

    /// <summary>Runs the project; returns every test's result in the launcher's order.</summary>
    /// <exception cref="NanoRunException">An assembly did not convert or load.</exception>
    public IReadOnlyList<DeviceTestResult> Run()
    {
        var pe = Path.Combine(folder, "NFUnitTest.pe");
        converter.Convert(assembly, pe);
        Pe = PeFile.Read(pe);
        var catalog = DeviceTestCatalog.Read(assembly, Path.ChangeExtension(pe, ".pdbx"));
        var byId = catalog.InLauncherOrder.ToDictionary(t => t.LauncherId);
        var results = new Dictionary<DeviceTest, DeviceTestResult>();
        var disabled = new List<DeviceTest>();
        var unknown = new List<DeviceTestResult>();
        while (true)
        {
            if (disabled.Count > 0)
            {
                var rewritten = Path.Combine(folder, "run" + (Runs + 1), "NFUnitTest.dll");
                TestDisabler.Write(assembly, rewritten, disabled);
                pe = Path.ChangeExtension(rewritten, ".pe");
                converter.Convert(rewritten, pe);
            }

            var clock = Stopwatch.StartNew();
            ProcessResult result;
            try
            {
                result = ChildProcess.Run(nanoClr, loaded.Append(pe), folder, limit);
            }
            catch (System.ComponentModel.Win32Exception e)
            {
                throw new NanoRunException($"the nanoCLR {nanoClr} cannot be started: {e.Message}");
            }

            Elapsed += clock.Elapsed;
            Runs++;
            var report = LauncherReport.Parse(result.Output);
            if (NanoClrCheck.LoaderFailure(nanoClr, result.ExitCode, result.Output) is { } refused)
            {
                throw new NanoRunException(refused);
            }

            if (!report.Ready)
            {
                throw new NanoRunException($"{name}: the nanoCLR did not start the tests (exit {result.ExitCode?.ToString() ?? "timed out"}):{Environment.NewLine}{result.Tail()}");
            }

            var reported = new HashSet<DeviceTest>();
            foreach (var (id, outcome, message, output, ticks) in report.Results)
            {
                if (!byId.TryGetValue(id, out var test))
                {
                    unknown.Add(new DeviceTestResult(new DeviceTest(id, id, DeviceTestKind.Test, 0, -1), DeviceTestOutcome.Failed,
                        "the launcher reported a test the runner does not know (is the catalog's order wrong?)", output));
                    continue;
                }

                reported.Add(test);
                // A setup or cleanup runs again in every run; its first result stands.
                results.TryAdd(test, new DeviceTestResult(test, outcome, message, output, ticks));
            }

            if (report.Done)
            {
                break;
            }

            var running = catalog.InLauncherOrder.FirstOrDefault(t => !reported.Contains(t) && !disabled.Contains(t));
            if (running == null)
            {
                throw new NanoRunException($"{name}: the nanoCLR ended without \"Done.\" after the last test (exit {result.ExitCode?.ToString() ?? "timed out"}):{Environment.NewLine}{result.Tail()}");
            }

            var what = result.TimedOut
                ? $"the nanoCLR was still running it after {limit.TotalSeconds:F0} s"
                : $"the nanoCLR died while it ran (exit {result.ExitCode}{Signal(result.ExitCode!.Value)})";
            results[running] = new DeviceTestResult(running, result.TimedOut ? DeviceTestOutcome.Hung : DeviceTestOutcome.Crashed, what, []);
            disabled.AddRange(reported.Where(t => t.Kind == DeviceTestKind.Test && !disabled.Contains(t)));
            disabled.Add(running);
        }

        var skippedClass = new HashSet<string>(results.Values
            .Where(r => r.Test.Kind == DeviceTestKind.Setup && r.Outcome == DeviceTestOutcome.Skipped)
            .Select(r => ClassOf(r.Test)));
        return catalog.InLauncherOrder
            .Select(t => results.TryGetValue(t, out var r) ? r
                : skippedClass.Contains(ClassOf(t)) ? new DeviceTestResult(t, DeviceTestOutcome.Skipped, "its class's setup was skipped", [])
                : new DeviceTestResult(t, DeviceTestOutcome.NotRun, "the launcher did not run it", []))
            .Concat(unknown)
            .ToList();
    }

    private static string ClassOf(DeviceTest test) => test.LauncherId[..test.LauncherId.LastIndexOf('.', test.LauncherId.LastIndexOf('.') - 1)];

    private static string Signal(int exitCode) => exitCode switch
    {
        139 => ", SIGSEGV",
        134 => ", SIGABRT",
        136 => ", SIGFPE",
        137 => ", SIGKILL",
        < 0 => $", signal {-exitCode}",
        _ => string.Empty,
    };
}
