using BenchmarkDotNet.Attributes;
using SiotThing.Protocol.Xml;

namespace SiotThing.Benchmarks;

/// <summary>
/// Bytes allocated (and time) per received stanza in <see cref="XmlStreamParser"/> alone, once
/// the stream is open, each stanza routed by <see cref="StanzaRouter"/>. The parser allocates
/// everything in its constructor, so the expected allocation is 0 bytes for every stanza;
/// anything else is a regression that a device pays for with garbage collections.
/// </summary>
[MemoryDiagnoser]
public class ParserStanzaBenchmarks
{
    /// <summary>Stanzas of one kind fed per invocation: enough that the loop's own cost fades.</summary>
    public const int Rounds = 16;

    /// <summary>Rounds of the four typical stanzas fed per invocation of the mix.</summary>
    public const int MixRounds = 4;

    private readonly byte[] chatMessages = StanzaSamples.Repeat(Rounds, StanzaSamples.ChatMessage);
    private readonly byte[] presences = StanzaSamples.Repeat(Rounds, StanzaSamples.Presence);
    private readonly byte[] iqResults = StanzaSamples.Repeat(Rounds, StanzaSamples.IqResult);
    private readonly byte[] rosterPushes = StanzaSamples.Repeat(Rounds, StanzaSamples.RosterPush);
    private readonly byte[] mix = StanzaSamples.Repeat(
        MixRounds, StanzaSamples.ChatMessage, StanzaSamples.Presence, StanzaSamples.IqResult, StanzaSamples.RosterPush);

    private XmlStreamParser parser = null!;

    /// <summary>Opens the stream and checks that every batch routes as intended.</summary>
    [GlobalSetup]
    public void Setup()
    {
        parser = new XmlStreamParser();
        var header = StanzaSamples.StreamHeader;
        var consumed = parser.Feed(header, 0, header.Length);
        if (parser.Event != XmlEvent.StreamOpened || consumed != header.Length)
        {
            throw new InvalidOperationException($"the stream header gave {parser.Event}: {parser.ErrorText}");
        }

        // Each batch must reach its own route, or the benchmark measures the wrong path.
        Check(chatMessages, (int)StanzaRoute.ChatMessage * Rounds);
        Check(presences, (int)StanzaRoute.Presence * Rounds);
        Check(iqResults, (int)StanzaRoute.IqResult * Rounds);
        Check(rosterPushes, (int)StanzaRoute.RosterPush * Rounds);
        Check(mix, (1 + 2 + 3 + 4) * MixRounds);
    }

    /// <summary>A chat message with a body and a chat state.</summary>
    /// <returns>The sum of the routes, so that nothing is optimized away.</returns>
    [Benchmark(OperationsPerInvoke = Rounds)]
    public int ChatMessage() => Feed(chatMessages);

    /// <summary>An available presence with entity capabilities.</summary>
    /// <returns>The sum of the routes.</returns>
    [Benchmark(OperationsPerInvoke = Rounds)]
    public int Presence() => Feed(presences);

    /// <summary>An empty IQ result.</summary>
    /// <returns>The sum of the routes.</returns>
    [Benchmark(OperationsPerInvoke = Rounds)]
    public int IqResult() => Feed(iqResults);

    /// <summary>A roster push with one item.</summary>
    /// <returns>The sum of the routes.</returns>
    [Benchmark(OperationsPerInvoke = Rounds)]
    public int RosterPush() => Feed(rosterPushes);

    /// <summary>The four in turn: the figure per typical stanza.</summary>
    /// <returns>The sum of the routes.</returns>
    [Benchmark(OperationsPerInvoke = 4 * MixRounds)]
    public int TypicalMix() => Feed(mix);

    private int Feed(byte[] batch)
    {
        var routes = 0;
        var offset = 0;
        while (offset < batch.Length)
        {
            offset += parser.Feed(batch, offset, batch.Length - offset);
            if (parser.Event == XmlEvent.Stanza)
            {
                routes += (int)StanzaRouter.Route(parser.Stanza, StanzaSamples.Account);
            }
            else if (parser.Event != XmlEvent.None)
            {
                throw new InvalidOperationException($"the parser stopped with {parser.Event}: {parser.ErrorText}");
            }
        }

        return routes;
    }

    private void Check(byte[] batch, int expected)
    {
        var routes = Feed(batch);
        if (routes != expected)
        {
            throw new InvalidOperationException($"a batch routed to {routes}, not {expected}");
        }
    }
}
