using BenchmarkDotNet.Running;

namespace SiotThing.Benchmarks;

/// <summary>
/// Runs the benchmarks through BenchmarkDotNet's switcher, so every option of its command line
/// works (<c>--filter</c>, <c>--job</c>, <c>--list flat</c>, ...). One option is added:
/// <c>--quick</c> stands for <c>--job short</c> (3 warm-up and 3 measured iterations, one process
/// per benchmark) and, without a <c>--filter</c>, for <c>--filter *</c>: the whole suite in a few
/// minutes on two cores, with error bars wide enough that only large differences mean anything.
/// <c>--footprint</c> alone prints the heap a thing holds in steady state instead (<see cref="Footprint"/>),
/// and <c>--service-throughput</c> alone the provisioning service's throughput through a real
/// Prosody (<see cref="ServiceThroughput"/>).
/// </summary>
public static class Program
{
    /// <summary>Runs what the arguments select.</summary>
    /// <param name="args">BenchmarkDotNet's arguments, and <c>--quick</c>; or <c>--footprint</c> or <c>--service-throughput</c> alone.</param>
    /// <returns>0 when every selected benchmark ran, 1 otherwise.</returns>
    public static int Main(string[] args)
    {
        if (args is ["--footprint"])
        {
            Footprint.Run();
            return 0;
        }

        if (args is ["--service-throughput"])
        {
            ServiceThroughput.RunAsync().GetAwaiter().GetResult();
            return 0;
        }

        var arguments = new List<string>(args);
        if (arguments.Remove("--quick"))
        {
            arguments.Add("--job");
            arguments.Add("short");
            if (!arguments.Contains("--filter") && !arguments.Contains("-f"))
            {
                arguments.Add("--filter");
                arguments.Add("*");
            }
        }

        var summaries = BenchmarkSwitcher.FromAssembly(typeof(Program).Assembly).Run(arguments.ToArray());

        // A benchmark that throws (a scripted login that no longer reaches online, say) leaves a
        // report without results: that is a failure to see, not a table with holes.
        var failed = summaries.Any(s => s.HasCriticalValidationErrors || s.Reports.Any(r => !r.Success));
        return failed ? 1 : 0;
    }
}
