using BenchmarkDotNet.Attributes;
using SiotThing.Protocol.Xmpp;

namespace SiotThing.Benchmarks;

/// <summary>
/// Bytes allocated (and time) per received stanza through <see cref="XmppClient"/>, online after
/// a scripted login, with a handler that only routes. The receive-only benchmarks use a client
/// with XEP-0198 enabled (as against Prosody), so inbound counting is included. Those that make
/// the client send (answering a roster push, an IQ round trip) use a client without it, so that
/// the server's acknowledgements, measured on their own below, do not mix in; that client also
/// has one IQ request of its own outstanding, never answered.
/// </summary>
[MemoryDiagnoser]
public class ClientStanzaBenchmarks
{
    private const int Rounds = ParserStanzaBenchmarks.Rounds;
    private const int MixRounds = ParserStanzaBenchmarks.MixRounds;

    private readonly byte[] chatMessages = StanzaSamples.Repeat(Rounds, StanzaSamples.ChatMessage);
    private readonly byte[] presences = StanzaSamples.Repeat(Rounds, StanzaSamples.Presence);
    private readonly byte[] iqResults = StanzaSamples.Repeat(Rounds, StanzaSamples.IqResult);
    private readonly byte[] rosterPushes = StanzaSamples.Repeat(Rounds, StanzaSamples.RosterPush);
    private readonly byte[] mix = StanzaSamples.Repeat(
        MixRounds, StanzaSamples.ChatMessage, StanzaSamples.Presence, StanzaSamples.IqResult, StanzaSamples.RosterPush);

    private readonly byte[] ackRequests = StanzaSamples.Repeat(Rounds, StanzaSamples.AckRequest);
    private readonly byte[] acks = StanzaSamples.Repeat(Rounds, StanzaSamples.Ack);
    private readonly byte[] output = new byte[16384];
    private readonly IqAnswerBuilder answerWithoutFrom = new IqAnswerBuilder(null);
    private readonly IqAnswerBuilder answerFromAccount = new IqAnswerBuilder(StanzaSamples.Account);

    private RoutingHandler managedHandler = null!;
    private XmppClient managed = null!;
    private RoutingHandler plainHandler = null!;
    private XmppClient plain = null!;

    /// <summary>Logs both clients in and checks that every batch takes the path it is meant to.</summary>
    [GlobalSetup]
    public void Setup()
    {
        managedHandler = new RoutingHandler(answerRosterPushes: false);
        managed = ScriptedLogin.Online(managedHandler, streamManagement: true);
        plainHandler = new RoutingHandler(answerRosterPushes: true);
        plain = ScriptedLogin.Online(plainHandler, streamManagement: false);

        // A request that is never answered (no Tick, so no timeout): the plain client always
        // waits for one, as a thing does while a query to its provisioning service is out.
        plain.BeginIq("get", "provisioning.example.org", 9, 30000, ScriptedLogin.Now);
        plain.EndStanza(ScriptedLogin.Now);
        plain.ReadOutput(output, 0, output.Length);

        Check(ChatMessage, StanzaRoute.ChatMessage, Rounds);
        Check(Presence, StanzaRoute.Presence, Rounds);
        Check(RosterPush, StanzaRoute.RosterPush, Rounds);
        Check(TypicalMix, StanzaRoute.ChatMessage, MixRounds);

        // An IQ result that answers nothing of ours reaches no handler; ours reach IqAnswered.
        var answers = plainHandler.IqAnswers;
        IqResult();
        IqResultWhileWaiting();
        if (plainHandler.IqAnswers != answers || plain.OutputLength != 0)
        {
            throw new InvalidOperationException("the client took an IQ result that is not its own");
        }

        IqRequestAndResult(fromAccount: false);
        IqRequestAndResult(fromAccount: true);
        if (plainHandler.IqAnswers != answers + 2)
        {
            throw new InvalidOperationException("the client did not match the answers to its IQ requests");
        }

        var pushes = plainHandler.Routed[(int)StanzaRoute.RosterPush];
        if (RosterPushAnswered() != Rounds * StanzaSamples.Utf8("<iq type='result' id='push-4f1c'/>").Length
            || plainHandler.Routed[(int)StanzaRoute.RosterPush] != pushes + Rounds)
        {
            throw new InvalidOperationException("the roster pushes were not answered as expected");
        }

        if (AckRequest() == 0)
        {
            throw new InvalidOperationException("the client did not answer <r/>");
        }

        Ack();
        if (managed.State != XmppClientState.Online || plain.State != XmppClientState.Online)
        {
            throw new InvalidOperationException($"a client went offline: {managedHandler.EndReason}{plainHandler.EndReason}");
        }
    }

    /// <summary>A chat message, routed by the handler.</summary>
    /// <returns>The client's output length (0), so that nothing is optimized away.</returns>
    [Benchmark(OperationsPerInvoke = Rounds)]
    public int ChatMessage() => Receive(managed, chatMessages);

    /// <summary>An available presence, routed by the handler.</summary>
    /// <returns>The client's output length (0).</returns>
    [Benchmark(OperationsPerInvoke = Rounds)]
    public int Presence() => Receive(managed, presences);

    /// <summary>An IQ result that answers no request of the client's, while none is outstanding (the client drops it).</summary>
    /// <returns>The client's output length (0).</returns>
    [Benchmark(OperationsPerInvoke = Rounds)]
    public int IqResult() => Receive(managed, iqResults);

    /// <summary>
    /// The same IQ result arriving while the client waits for an answer to a request of its own
    /// (with another id): the client must look at the result's id and sender.
    /// </summary>
    /// <returns>The client's output length (0).</returns>
    [Benchmark(OperationsPerInvoke = Rounds)]
    public int IqResultWhileWaiting() => Receive(plain, iqResults);

    /// <summary>A roster push, routed by the handler, which claims it without answering.</summary>
    /// <returns>The client's output length (0).</returns>
    [Benchmark(OperationsPerInvoke = Rounds)]
    public int RosterPush() => Receive(managed, rosterPushes);

    /// <summary>The four typical stanzas in turn: the figure per typical stanza.</summary>
    /// <returns>The client's output length (0).</returns>
    [Benchmark(OperationsPerInvoke = 4 * MixRounds)]
    public int TypicalMix() => Receive(managed, mix);

    /// <summary>A roster push that the handler answers with an empty result (<see cref="XmppClient.SendIqResult"/>), the answer taken by the transport.</summary>
    /// <returns>The bytes the client sent.</returns>
    [Benchmark(OperationsPerInvoke = Rounds)]
    public int RosterPushAnswered()
    {
        Receive(plain, rosterPushes);
        return plain.ReadOutput(output, 0, output.Length);
    }

    /// <summary>
    /// One IQ request of the client's own (a roster get) and the server's empty result to it,
    /// without <c>from</c> or from the account's bare JID (RFC 6120 §10.3.3 allows both).
    /// </summary>
    /// <param name="fromAccount">Whether the answer carries <c>from</c> with the bare JID.</param>
    /// <returns>The answer's length.</returns>
    [Benchmark]
    [Arguments(false)]
    [Arguments(true)]
    public int IqRequestAndResult(bool fromAccount)
    {
        var w = plain.BeginIq("get", null, 7, 30000, ScriptedLogin.Now);
        w.StartElement("query");
        w.Attribute("xmlns", XmppNamespaces.Roster);
        plain.EndStanza(ScriptedLogin.Now);
        var sent = plain.ReadOutput(output, 0, output.Length);

        var builder = fromAccount ? answerFromAccount : answerWithoutFrom;
        var length = builder.Build(output, sent);
        plain.Receive(builder.Answer, 0, length, ScriptedLogin.Now);
        return length;
    }

    /// <summary>The server's acknowledgement request (XEP-0198 <c>&lt;r/&gt;</c>), which the client answers with <c>&lt;a h='...'/&gt;</c>.</summary>
    /// <returns>The bytes the client sent.</returns>
    [Benchmark(OperationsPerInvoke = Rounds)]
    public int AckRequest()
    {
        Receive(managed, ackRequests);
        return managed.ReadOutput(output, 0, output.Length);
    }

    /// <summary>The server's acknowledgement (XEP-0198 <c>&lt;a h='...'/&gt;</c>).</summary>
    /// <returns>The client's output length (0).</returns>
    [Benchmark(OperationsPerInvoke = Rounds)]
    public int Ack() => Receive(managed, acks);

    private static int Receive(XmppClient client, byte[] batch)
    {
        client.Receive(batch, 0, batch.Length, ScriptedLogin.Now);
        return client.OutputLength;
    }

    private void Check(Func<int> benchmark, StanzaRoute route, int expected)
    {
        var before = managedHandler.Routed[(int)route];
        benchmark();
        if (managedHandler.Routed[(int)route] - before != expected || managed.OutputLength != 0)
        {
            throw new InvalidOperationException($"a batch routed {managedHandler.Routed[(int)route] - before} stanzas to {route}, not {expected}");
        }
    }
}
