namespace SiotThing.Benchmarks;

/// <summary>How one IQ of <see cref="BenchClient.IqAsync"/> ended.</summary>
/// <param name="Result">Whether the answer was <c>type='result'</c> (an error, or no answer within the client's IQ timeout, is not).</param>
/// <param name="Latency">From handing the IQ to the client to its answer, in <see cref="System.Diagnostics.Stopwatch"/> ticks.</param>
internal readonly record struct IqOutcome(bool Result, long Latency);
