using System.Collections.Concurrent;
using System.Diagnostics;
using System.Security.Cryptography.X509Certificates;
using SiotThing.Firmware.Host;
using SiotThing.Protocol.Xml;
using SiotThing.Protocol.Xmpp;
using SiotThing.TestServers;

namespace SiotThing.Benchmarks;

/// <summary>
/// One account of <see cref="ServiceThroughput"/>: the project's <see cref="XmppClient"/> over
/// <see cref="HostXmppConnection"/> (STARTTLS on loopback), as a thing or an owner uses it, sending
/// IQs and timing their answers. Nothing else is done with what it receives: the service's
/// subscription requests and messages are left unanswered, as they do not change what is measured.
/// </summary>
internal sealed class BenchClient : IXmppClientHandler, IAsyncDisposable
{
    private readonly CancellationTokenSource stop = new();
    private readonly Task running;
    private readonly TaskCompletionSource online = new(TaskCreationOptions.RunContinuationsAsynchronously);

    // Read and written on the connection's loop only (Post's actions and the handler's calls run there).
    private readonly Dictionary<int, (TaskCompletionSource<IqOutcome> Answer, long Sent)> outstanding = [];
    private int nextTag;

    /// <summary>Connects <paramref name="account"/> to a server's client port on 127.0.0.1.</summary>
    /// <param name="clientPort">The client port (STARTTLS).</param>
    /// <param name="authority">The CA that signed the server's certificate.</param>
    /// <param name="account">The account, registered on it.</param>
    /// <param name="maxInFlight">How many IQs may wait for answers at once.</param>
    public BenchClient(int clientPort, X509Certificate2 authority, XmppAccount account, int maxInFlight)
    {
        var settings = new XmppClientSettings(account.Jid, account.Password)
        {
            Resource = "bench",
            // Room for every IQ in flight and the client's own ping; the other defaults are a thing's.
            MaxPendingIqs = maxInFlight + 1,
        };
        var entropy = new SystemEntropy();
        Client = new XmppClient(settings, this, entropy, new XmlLimits());
        Connection = new HostXmppConnection(
            new XmppEndpoint("127.0.0.1", clientPort, false, authority, account.Host),
            Client,
            new ReconnectPolicy(100, 1000, entropy),
            _ => { });
        running = Connection.RunAsync(stop.Token);
    }

    /// <summary>The client.</summary>
    public XmppClient Client { get; }

    /// <summary>Its connection.</summary>
    public HostXmppConnection Connection { get; }

    /// <summary>Completes when the client is online.</summary>
    public Task Online => online.Task;

    /// <summary>Sends an IQ whose single child <paramref name="payload"/> writes, and completes with its outcome.</summary>
    /// <param name="type"><c>get</c> or <c>set</c>.</param>
    /// <param name="to">The addressee.</param>
    /// <param name="payload">Writes the child element, namespace declaration included.</param>
    /// <returns>The outcome, when the answer arrived or the client gave up waiting.</returns>
    public Task<IqOutcome> IqAsync(string type, string to, Action<XmlWriter> payload)
    {
        var answer = new TaskCompletionSource<IqOutcome>(TaskCreationOptions.RunContinuationsAsynchronously);
        Connection.Post((client, now) =>
        {
            var tag = ++nextTag;
            outstanding[tag] = (answer, Stopwatch.GetTimestamp());
            var writer = client.BeginIq(type, to, tag, 15000, now);
            payload(writer);
            client.EndStanza(now);
        });
        return answer.Task;
    }

    /// <inheritdoc/>
    public void SessionStarted(XmppClient client, bool resumed) => online.TrySetResult();

    /// <inheritdoc/>
    public bool StanzaReceived(XmppClient client, XmlStanza stanza) => false;

    /// <inheritdoc/>
    public void StanzaSkipped(XmppClient client, XmlStanza stanza, string reason)
    {
    }

    /// <inheritdoc/>
    public void StanzaRefused(XmppClient client, string reason)
    {
    }

    /// <inheritdoc/>
    public void IqAnswered(XmppClient client, int tag, XmlStanza response)
    {
        if (outstanding.Remove(tag, out var request))
        {
            // A null response is the client's timeout.
            var result = response != null && response.AttributeEquals(response.Root, "type", "result");
            request.Answer.TrySetResult(new IqOutcome(result, Stopwatch.GetTimestamp() - request.Sent));
        }
    }

    /// <inheritdoc/>
    public void SessionEnded(XmppClient client, string reason)
    {
        // A lost session loses its IQs' answers: count them as failures rather than wait forever.
        foreach (var request in outstanding.Values)
        {
            request.Answer.TrySetResult(new IqOutcome(false, Stopwatch.GetTimestamp() - request.Sent));
        }

        outstanding.Clear();
    }

    /// <summary>Closes the stream and waits for the connection to end.</summary>
    /// <returns>A task that ends when the connection is closed.</returns>
    public async ValueTask DisposeAsync()
    {
        await stop.CancelAsync();
        await running;
        stop.Dispose();
    }
}
