using BenchmarkDotNet.Configs;

namespace SiotThing.Benchmarks;

/// <summary>Adds the MB/s column to the throughput benchmarks (and only to them).</summary>
public sealed class ThroughputConfig : ManualConfig
{
    /// <summary>Creates the configuration.</summary>
    public ThroughputConfig()
    {
        AddColumn(new ThroughputColumn());
    }
}
