using System.Globalization;
using System.Security.Cryptography;
using Microsoft.Extensions.Logging;
using SiotThing.Protocol.Xmpp;
using SiotThing.Provisioning.Storage;
using SiotThing.Provisioning.Xmpp;

namespace SiotThing.Provisioning.Component;

/// <summary>
/// Sends what the store's outbox owes to the recipients this instance holds (the store's leases),
/// each recipient's in the order it was owed, and marks it sent once the server took it. What this
/// instance's own operations owe is handed over by the store as they commit
/// (<see cref="IProvisioningStore.TakeNewlyOwed"/>) and sent without reading it back; the outbox is
/// read at every new session, every tick (other instances' messages to recipients held here, and
/// the recipients taken from a dead instance), and whenever a handed-over message cannot go at
/// once (its recipient's previous message was not sent in this session, or too many are in
/// flight). A read skips what this session sent and has not marked yet. A component stream
/// has no acknowledgements (no XEP-0198), so "took it" is proved by a probe: an XMPP ping to the
/// service's own JID; the server handles a component's stanzas in order, so when it routes the
/// ping back, it has routed (delivered or stored offline) everything sent before it. One probe is
/// in flight at a time and covers every message sent before it; what is sent meanwhile waits for
/// the next, so under load one probe covers many messages. The marks of confirmed messages are
/// written together, about once a second (<see cref="TickAsync"/>): a message whose mark was not
/// written yet when the process died is sent again, a duplicate the recipients tolerate (it has
/// the same id). Until it is marked a message stays owed, and every new session sends every owed
/// message again: delivery is at least once. Used by the processing loop only, so it needs no lock.
/// </summary>
internal sealed class OutboxSender(IProvisioningStore store, Notifications notifications, StanzaWriter writer, TimeProvider time, ILogger logger)
{
    /// <summary>How many owed messages may be sent and not yet confirmed; beyond, the sender waits for the server (the stream's output stays bounded).</summary>
    public const int MaxInFlight = 100;

    /// <summary>How long a probe may stay unanswered before the sender stops waiting for it and sends what it covered again (still owed, they would otherwise wait for the next session).</summary>
    public static readonly TimeSpan ProbeTimeout = TimeSpan.FromSeconds(30);

    /// <summary>How often <see cref="TickAsync"/> is due: marks written, leases renewed and taken (well within the store's 15 s lease).</summary>
    public static readonly TimeSpan TickInterval = TimeSpan.FromSeconds(1);

    // Confirmed marks are written at the next tick, or at once when this many wait (one statement holds at most SqlProvisioningStore.MaxMarkedAtOnce).
    private const int MarkBatch = SqlProvisioningStore.MaxMarkedAtOnce - MaxInFlight;

    private const string ProbePrefix = "siot-outbox-probe-";

    // This sender's own probes: several instances connect one component domain, and the server
    // may route one instance's probe to another (ejabberd prefers a connection on its own node,
    // else picks at random). Without a part of its own, an instance would take another's probe
    // with the same session and number for its own and mark messages no probe had covered.
    private readonly string ownProbePrefix = ProbePrefix + Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(6)) + "-";

    // Sent and not yet covered by a probe.
    private readonly List<long> unprobed = [];

    // Confirmed by a probe, mark not yet written.
    private readonly List<long> confirmed = [];

    // Every message of the three stages above (unprobed, the probe's, confirmed): sent in this
    // session and not marked, so that a read of the outbox, which still holds them, skips them.
    private readonly HashSet<long> handedOver = [];

    // What the store handed over, taken at each send (kept to spare an allocation per request).
    private readonly List<NewlyOwed> newlyOwed = [];
    private (long Number, List<long> Ids, DateTimeOffset SentAt)? probe;
    private long probes;
    private int session;
    private bool online;

    // Whether the outbox may hold messages for this instance that the store did not hand over.
    private bool readOutbox;
    private DateTimeOffset nextTick;

    /// <summary>Whether <see cref="TickAsync"/> is due now.</summary>
    public bool TickDue => online && time.GetUtcNow() >= nextTick;

    /// <summary>How long until <see cref="TickAsync"/> is due, or <c>null</c> while offline (nothing to do until the next session).</summary>
    public TimeSpan? UntilTick => online ? (nextTick - time.GetUtcNow()) switch { var wait when wait > TimeSpan.Zero => wait, _ => TimeSpan.Zero } : null;

    /// <summary>Whether <paramref name="iq"/> is an outbox probe of any service instance (a ping from the component's domain to itself).</summary>
    /// <param name="iq">A received stanza.</param>
    /// <param name="domain">The component's JID (a probe comes from it: the server stamps nothing else for us).</param>
    /// <returns>Whether it is a probe, this sender's or another instance's.</returns>
    public static bool IsProbe(ReceivedElement iq, string domain) =>
        iq.Name == "iq"
        && iq.Attribute("id") is { } id
        && id.StartsWith(ProbePrefix, StringComparison.Ordinal)
        && Jid.BareEquals(iq.Attribute("from") ?? string.Empty, domain);

    /// <summary>
    /// Whether the probe <paramref name="iq"/> is this sender's, and if so for which session and
    /// which probe. Its request routed to any instance, or that instance's answer, proves that the
    /// server routed everything this sender sent before it.
    /// </summary>
    /// <param name="iq">A probe (<see cref="IsProbe"/>).</param>
    /// <param name="probeSession">The session the probe was sent in.</param>
    /// <param name="number">The probe's number.</param>
    /// <returns>Whether it is this sender's.</returns>
    public bool IsOwnProbe(ReceivedElement iq, out int probeSession, out long number)
    {
        probeSession = 0;
        number = 0;
        var id = iq.Attribute("id");
        if (id == null || !id.StartsWith(ownProbePrefix, StringComparison.Ordinal))
        {
            return false;
        }

        var parts = id[ownProbePrefix.Length..].Split('-');
        return parts.Length == 2
            && int.TryParse(parts[0], NumberStyles.None, CultureInfo.InvariantCulture, out probeSession)
            && long.TryParse(parts[1], NumberStyles.None, CultureInfo.InvariantCulture, out number);
    }

    /// <summary>Handles a stream event: a new session sends everything still owed; a confirmation lets the covered messages be marked.</summary>
    /// <param name="streamEvent">The event.</param>
    /// <param name="send">Hands a stanza to the connection.</param>
    /// <param name="cancellationToken">Cancels the store operations.</param>
    /// <returns>A task that completes when the event is handled.</returns>
    public async Task HandleAsync(StreamEvent streamEvent, Action<byte[]> send, CancellationToken cancellationToken)
    {
        switch (streamEvent.Kind)
        {
            case StreamEventKind.Online:
                session = streamEvent.Session;
                online = true;
                // Nothing of the last session is known to have arrived unless confirmed: what was
                // not goes again, read from the outbox with everything else owed.
                // (What the store handed over meanwhile is in the outbox too: the first send skips it.)
                ForgetUnconfirmed();
                // The tick writes what the last session confirmed, takes what is not held, and sends.
                nextTick = time.GetUtcNow();
                await TickAsync(send, cancellationToken);
                break;
            case StreamEventKind.Offline:
                online = false;
                break;
            case StreamEventKind.Confirmed when streamEvent.Session == session && online && probe is { } covered && covered.Number == streamEvent.Probe:
                probe = null;
                confirmed.AddRange(covered.Ids);
                if (confirmed.Count >= MarkBatch)
                {
                    await MarkAsync(cancellationToken);
                }

                await SendNewAsync(send, cancellationToken);
                break;
            default:
                // A probe of an earlier session (what it covered was sent again in this one), or one
                // confirmed already (its get and its result both came to this instance).
                break;
        }
    }

    /// <summary>
    /// Lets time pass: writes the confirmed marks, renews this instance's leases and takes the
    /// recipients no live instance holds, stops waiting for a probe that is not answered, and sends
    /// what is owed. Due every <see cref="TickInterval"/> while online, also under load.
    /// </summary>
    /// <param name="send">Hands a stanza to the connection.</param>
    /// <param name="cancellationToken">Cancels the store operations.</param>
    /// <returns>A task that completes when done.</returns>
    public async Task TickAsync(Action<byte[]> send, CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow();
        nextTick = now + TickInterval;
        if (probe is { } waiting && now - waiting.SentAt >= ProbeTimeout)
        {
            logger.LogWarning("The XMPP server did not route the outbox probe back within {Seconds} s; sending what it covered again", (int)ProbeTimeout.TotalSeconds);
            ForgetUnconfirmed();
        }

        await MarkAsync(cancellationToken);
        try
        {
            if (await store.TakeOwedAsync(now, cancellationToken) is { } oldest)
            {
                logger.LogInformation("Took over the recipients of owed messages from {Oldest} on; sending them", oldest);
            }
        }
        catch (Exception e) when (e is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
        {
            // The database is down: the leases are renewed at the next tick (they outlive many).
            logger.LogError(e, "Failed to renew and take the outbox's leases; trying again");
        }

        // Other instances' messages to the recipients held here, and the recipients just taken.
        readOutbox = true;
        await SendNewAsync(send, cancellationToken);
    }

    /// <summary>Sends what was committed since the last call (handed over by the store; read from it only when that cannot go at once).</summary>
    /// <param name="send">Hands a stanza to the connection.</param>
    /// <param name="cancellationToken">Cancels the store operations.</param>
    /// <returns>A task that completes when it is handed over.</returns>
    public async Task SendNewAsync(Action<byte[]> send, CancellationToken cancellationToken)
    {
        // While offline nothing goes: the next session reads everything owed from the oldest.
        if (!online)
        {
            return;
        }

        try
        {
            if (!store.TakeNewlyOwed(newlyOwed))
            {
                readOutbox = true;
            }

            foreach (var owed in newlyOwed)
            {
                if (readOutbox || handedOver.Contains(owed.Message.Id))
                {
                    // The read below brings it (it is committed), or a read brought it already.
                    continue;
                }

                if (InFlight >= MaxInFlight || (owed.Previous != 0 && !handedOver.Contains(owed.Previous)))
                {
                    // Sent now, it could overtake its recipient's older messages: the outbox has them in order.
                    readOutbox = true;
                    continue;
                }

                Send(owed.Message, send);
            }

            newlyOwed.Clear();
            while (readOutbox && InFlight < MaxInFlight)
            {
                // What this session sent and has not marked is still in the outbox: read past it.
                var limit = handedOver.Count + MaxInFlight - InFlight;
                var batch = await store.UnsentMessagesAsync(limit, cancellationToken);
                readOutbox = batch.Count == limit;
                foreach (var message in batch)
                {
                    if (handedOver.Contains(message.Id))
                    {
                        continue;
                    }

                    if (InFlight >= MaxInFlight)
                    {
                        readOutbox = true;
                        break;
                    }

                    Send(message, send);
                }
            }
        }
        catch (Exception e) when (e is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
        {
            // The database is down: what is owed stays owed, and the next tick reads it again.
            logger.LogError(e, "Failed to send the owed messages; trying again");
            newlyOwed.Clear();
            readOutbox = true;
        }

        if (probe == null && unprobed.Count > 0)
        {
            probe = (++probes, [.. unprobed], time.GetUtcNow());
            unprobed.Clear();
            send(writer.Get(writer.Domain, ownProbePrefix + session.ToString(CultureInfo.InvariantCulture) + "-" + probes.ToString(CultureInfo.InvariantCulture), w =>
            {
                w.StartElement("ping");
                w.Attribute("xmlns", XmppNamespaces.Ping);
                w.EndElement();
            }));
        }
    }

    private async Task MarkAsync(CancellationToken cancellationToken)
    {
        if (confirmed.Count == 0)
        {
            return;
        }

        try
        {
            // In statements of at most MaxMarkedAtOnce: after failed attempts more may wait.
            while (confirmed.Count > 0)
            {
                var chunk = confirmed.Take(SqlProvisioningStore.MaxMarkedAtOnce).ToList();
                var marked = await store.MarkSentAsync(chunk, time.GetUtcNow(), cancellationToken);
                logger.LogDebug("The server took {Count} owed messages ({Marked} marked sent)", chunk.Count, marked);
                confirmed.RemoveRange(0, chunk.Count);
                handedOver.ExceptWith(chunk);
            }
        }
        catch (Exception e) when (e is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
        {
            // Not marked yet: kept for the next tick; if the process dies first they go again, a duplicate the recipients tolerate.
            logger.LogError(e, "Failed to mark {Count} owed messages sent", confirmed.Count);
        }
    }

    private int InFlight => unprobed.Count + (probe?.Ids.Count ?? 0);

    private void Send(OutboxMessage message, Action<byte[]> send)
    {
        foreach (var stanza in notifications.Render(message))
        {
            send(stanza);
        }

        unprobed.Add(message.Id);
        handedOver.Add(message.Id);
    }

    // What was sent and not confirmed is not known to have arrived: it is to be sent again.
    private void ForgetUnconfirmed()
    {
        handedOver.ExceptWith(unprobed);
        unprobed.Clear();
        if (probe is { } waiting)
        {
            handedOver.ExceptWith(waiting.Ids);
            probe = null;
        }

        readOutbox = true;
    }
}
