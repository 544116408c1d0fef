using System.Diagnostics;

namespace SiotThing.Benchmarks;

/// <summary>What one measured phase of <see cref="ServiceThroughput"/> counted.</summary>
/// <param name="Results">IQs answered with <c>type='result'</c>.</param>
/// <param name="Failures">IQs answered with an error, or not at all.</param>
/// <param name="Elapsed">From the first request to the last answer.</param>
/// <param name="Latencies">Every result's latency, in <see cref="Stopwatch"/> ticks, sorted.</param>
internal sealed record LoadResult(int Results, int Failures, TimeSpan Elapsed, long[] Latencies)
{
    /// <summary>Results per second.</summary>
    public double PerSecond => Results / Elapsed.TotalSeconds;

    /// <summary>The latency below which <paramref name="fraction"/> of the results were answered (nearest rank), in milliseconds.</summary>
    /// <param name="fraction">0.5 for the median, 0.95, ...</param>
    /// <returns>The latency, or 0 without results.</returns>
    public double Percentile(double fraction)
    {
        if (Latencies.Length == 0)
        {
            return 0;
        }

        var rank = (int)Math.Ceiling(fraction * Latencies.Length) - 1;
        return Latencies[Math.Clamp(rank, 0, Latencies.Length - 1)] * 1000.0 / Stopwatch.Frequency;
    }
}
