namespace SiotThing.Benchmarks;

/// <summary>What <see cref="ServiceThroughput"/> measured on one <see cref="ThroughputSetup"/>.</summary>
/// <param name="Setup">The configuration's name.</param>
/// <param name="Queries">The is-friend phase.</param>
/// <param name="Claims">The claims phase.</param>
internal sealed record ThroughputRow(string Setup, LoadResult Queries, LoadResult Claims);
