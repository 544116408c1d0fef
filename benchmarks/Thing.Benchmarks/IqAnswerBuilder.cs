namespace SiotThing.Benchmarks;

/// <summary>
/// Writes the server's empty result to the IQ request the client just sent, copying the
/// request's id from the client's output. It works in buffers it allocated once, so that the
/// round-trip benchmark counts only the client's allocations, not the scripted server's.
/// </summary>
public sealed class IqAnswerBuilder
{
    private static readonly byte[] IdStart = StanzaSamples.Utf8(" id='");

    private readonly byte[] prefix;
    private readonly byte[] suffix;
    private readonly byte[] answer = new byte[512];

    /// <summary>Creates a builder of results with or without a <c>from</c>.</summary>
    /// <param name="from">The <c>from</c> the server puts on its answer, or null for none.</param>
    public IqAnswerBuilder(string? from)
    {
        prefix = StanzaSamples.Utf8(from == null ? "<iq type='result' id='" : $"<iq type='result' from='{from}' id='");
        suffix = StanzaSamples.Utf8($"' to='{StanzaSamples.BoundJid}'/>");
    }

    /// <summary>The answer that <see cref="Build"/> wrote.</summary>
    public byte[] Answer
    {
        get { return answer; }
    }

    /// <summary>Writes the answer to the first request in <paramref name="output"/> into <see cref="Answer"/>.</summary>
    /// <param name="output">What the client sent.</param>
    /// <param name="length">How many bytes of it there are.</param>
    /// <returns>The answer's length.</returns>
    /// <exception cref="InvalidOperationException">The output has no id.</exception>
    public int Build(byte[] output, int length)
    {
        var id = output.AsSpan(0, length).IndexOf(IdStart);
        if (id < 0)
        {
            throw new InvalidOperationException("the client sent no IQ request");
        }

        id += IdStart.Length;
        var idLength = output.AsSpan(id, length - id).IndexOf((byte)'\'');
        var at = 0;
        prefix.CopyTo(answer, at);
        at += prefix.Length;
        Array.Copy(output, id, answer, at, idLength);
        at += idLength;
        suffix.CopyTo(answer, at);
        return at + suffix.Length;
    }
}
