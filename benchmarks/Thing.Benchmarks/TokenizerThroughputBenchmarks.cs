using BenchmarkDotNet.Attributes;
using SiotThing.Protocol.Xml;

namespace SiotThing.Benchmarks;

/// <summary>
/// How fast <see cref="XmlStreamParser"/> reads a realistic stream (<see cref="RealisticStream"/>),
/// fed as a TCP connection delivers it: in 1460-byte reads (one Ethernet segment's payload)
/// and in 64-byte reads (a stingy TLS record layer or a slow link), each stanza routed by
/// <see cref="StanzaRouter"/>. The MB/s column is the stream's length over the mean time.
/// </summary>
[MemoryDiagnoser]
[Config(typeof(ThroughputConfig))]
public class TokenizerThroughputBenchmarks
{
    private readonly byte[] stream = RealisticStream.Stanzas;
    private XmlStreamParser parser = null!;

    /// <summary>How many bytes each <see cref="XmlStreamParser.Feed"/> call gets at most.</summary>
    [Params(1460, 64)]
    public int ChunkSize { get; set; }

    /// <summary>Opens the stream and checks that the whole of it parses.</summary>
    [GlobalSetup]
    public void Setup()
    {
        Console.WriteLine("// realistic stream: " + RealisticStream.Description);
        parser = new XmlStreamParser();
        var header = StanzaSamples.StreamHeader;
        parser.Feed(header, 0, header.Length);
        if (parser.Event != XmlEvent.StreamOpened)
        {
            throw new InvalidOperationException($"the stream header gave {parser.Event}: {parser.ErrorText}");
        }

        var stanzas = Parse();
        if (stanzas != RealisticStream.StanzaCount)
        {
            throw new InvalidOperationException($"read {stanzas} stanzas of {RealisticStream.StanzaCount}");
        }
    }

    /// <summary>Reads all the stanzas of the stream, chunk by chunk.</summary>
    /// <returns>How many stanzas were read.</returns>
    [Benchmark]
    public int Parse()
    {
        var stanzas = 0;
        for (var chunk = 0; chunk < stream.Length; chunk += ChunkSize)
        {
            // Feed stops after each event, so one read may take several calls.
            var end = Math.Min(chunk + ChunkSize, stream.Length);
            var offset = chunk;
            while (offset < end)
            {
                offset += parser.Feed(stream, offset, end - offset);
                if (parser.Event == XmlEvent.Stanza)
                {
                    StanzaRouter.Route(parser.Stanza, StanzaSamples.Account);
                    stanzas++;
                }
                else if (parser.Event != XmlEvent.None)
                {
                    throw new InvalidOperationException($"the parser stopped with {parser.Event}: {parser.ErrorText}");
                }
            }
        }

        return stanzas;
    }
}
