using System.Security.Cryptography.X509Certificates;

namespace SiotThing.Benchmarks;

/// <summary>One configuration <see cref="ServiceThroughput"/> measures: where clients and instances connect, and the store.</summary>
/// <param name="Name">How the results table names it.</param>
/// <param name="ClientPorts">Client ports (STARTTLS) on 127.0.0.1; clients are spread over them in turn.</param>
/// <param name="Authority">The CA that signed the servers' certificates.</param>
/// <param name="ComponentPorts">One component port a <c>serve</c> instance, in the order they start.</param>
/// <param name="ComponentDomain">The component's domain.</param>
/// <param name="ComponentSecret">The component's secret.</param>
/// <param name="Store">The store's option and value on <c>serve</c>'s command line (<c>--database FILE</c> or <c>--postgres CONNECTION</c>).</param>
internal sealed record ThroughputSetup(
    string Name,
    IReadOnlyList<int> ClientPorts,
    X509Certificate2 Authority,
    IReadOnlyList<int> ComponentPorts,
    string ComponentDomain,
    string ComponentSecret,
    string[] Store);
