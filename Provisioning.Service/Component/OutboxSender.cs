using System.Globalization;
using Microsoft.Extensions.Logging;
using SiotThing.Protocol.Xmpp;
using SiotThing.Provisioning.Storage;
using SiotThing.Provisioning.Xmpp;

namespace SiotThing.Provisioning.Component;

/// <summary>
/// Sends what the store's outbox owes, in id order (the commit order), and marks it sent once the
/// server took it. A component stream has no acknowledgements (no XEP-0198), so "took it" is
/// proved by a probe: after a batch of messages the service sends an XMPP ping to its own JID;
/// the server handles a component's stanzas in order, so when it routes the ping back, it has
/// routed (delivered or stored offline) everything sent before it. Until then a message stays
/// unsent, and every new session (a reconnect, a restart) sends every unsent message again:
/// delivery is at least once, and a message whose probe was lost with the connection comes twice
/// (with the same id). Used by the processing loop only, so it needs no lock.
/// </summary>
internal sealed class OutboxSender(IProvisioningStore store, Notifications notifications, StanzaWriter writer, TimeProvider time, ILogger logger)
{
    /// <summary>How many owed messages may be sent and not yet confirmed; beyond, the sender waits for the server (the stream's output stays bounded).</summary>
    public const int MaxInFlight = 100;

    /// <summary>How long a probe may stay unanswered before the sender stops waiting for it (the messages stay owed and go again in the next session).</summary>
    public static readonly TimeSpan ProbeTimeout = TimeSpan.FromSeconds(30);

    private const string ProbePrefix = "siot-outbox-probe-";

    // The probes in flight, oldest first: the newest id before each, how many messages it covers, when it went.
    private readonly Queue<(long UpTo, int Count, DateTimeOffset SentAt)> probes = new();
    private int session;
    private bool online;
    private long lastSent;
    private int inFlight;
    private bool retryDue;

    /// <summary>Whether there is work for <see cref="TickAsync"/>: a probe to wait for or a failed attempt to repeat.</summary>
    public bool Waiting => online && (probes.Count > 0 || retryDue);

    /// <summary>Whether <paramref name="iq"/> is one of our probes come back, and if so for which session and id.</summary>
    /// <param name="iq">A received stanza.</param>
    /// <param name="domain">The component's JID (a probe comes from it: the server stamps nothing else for us).</param>
    /// <param name="probeSession">The session the probe was sent in.</param>
    /// <param name="upTo">The newest outbox id sent before it.</param>
    /// <returns>Whether it is a probe.</returns>
    public static bool IsProbe(ReceivedElement iq, string domain, out int probeSession, out long upTo)
    {
        probeSession = 0;
        upTo = 0;
        var id = iq.Attribute("id");
        if (iq.Name != "iq" || id == null || !id.StartsWith(ProbePrefix, StringComparison.Ordinal) || !Jid.BareEquals(iq.Attribute("from") ?? string.Empty, domain))
        {
            return false;
        }

        var parts = id[ProbePrefix.Length..].Split('-');
        return parts.Length == 2
            && int.TryParse(parts[0], NumberStyles.None, CultureInfo.InvariantCulture, out probeSession)
            && long.TryParse(parts[1], NumberStyles.None, CultureInfo.InvariantCulture, out upTo);
    }

    /// <summary>Handles a stream event: a new session sends everything still owed; a confirmation marks it sent.</summary>
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
                // Nothing of the last session is known to have arrived: start again from the oldest unsent.
                lastSent = 0;
                inFlight = 0;
                probes.Clear();
                await SendAsync(send, cancellationToken);
                break;
            case StreamEventKind.Offline:
                online = false;
                break;
            case StreamEventKind.Confirmed when streamEvent.Session == session && online:
                await ConfirmAsync(streamEvent.UpTo, send, cancellationToken);
                break;
            default:
                // A probe of an earlier session: what it covered was sent again in this one.
                break;
        }
    }

    /// <summary>Sends what was committed since the last call, when there is something new.</summary>
    /// <param name="send">Hands a stanza to the connection.</param>
    /// <param name="cancellationToken">Cancels the store operations.</param>
    /// <returns>A task that completes when it is handed over.</returns>
    public Task SendNewAsync(Action<byte[]> send, CancellationToken cancellationToken) =>
        store.NewestOwedMessage > lastSent || retryDue ? SendAsync(send, cancellationToken) : Task.CompletedTask;

    /// <summary>Lets time pass: repeats a failed attempt, and stops waiting for a probe that is not answered.</summary>
    /// <param name="send">Hands a stanza to the connection.</param>
    /// <param name="cancellationToken">Cancels the store operations.</param>
    /// <returns>A task that completes when done.</returns>
    public async Task TickAsync(Action<byte[]> send, CancellationToken cancellationToken)
    {
        if (online && probes.TryPeek(out var oldest) && time.GetUtcNow() - oldest.SentAt >= ProbeTimeout)
        {
            logger.LogWarning("The XMPP server did not route the outbox probe back within {Seconds} s; sending on (what it covered stays owed until a probe is answered)", (int)ProbeTimeout.TotalSeconds);
            probes.Clear();
            inFlight = 0;
            retryDue = true;
        }

        if (retryDue)
        {
            await SendAsync(send, cancellationToken);
        }
    }

    private async Task SendAsync(Action<byte[]> send, CancellationToken cancellationToken)
    {
        // While offline nothing goes: the next session sends everything owed from the oldest.
        if (!online)
        {
            return;
        }

        try
        {
            retryDue = false;
            while (inFlight < MaxInFlight)
            {
                var batch = await store.UnsentMessagesAsync(lastSent, MaxInFlight - inFlight, cancellationToken);
                if (batch.Count == 0)
                {
                    return;
                }

                foreach (var message in batch)
                {
                    foreach (var stanza in notifications.Render(message))
                    {
                        send(stanza);
                    }

                    lastSent = message.Id;
                }

                inFlight += batch.Count;
                probes.Enqueue((lastSent, batch.Count, time.GetUtcNow()));
                send(writer.Get(writer.Domain, ProbePrefix + session.ToString(CultureInfo.InvariantCulture) + "-" + lastSent.ToString(CultureInfo.InvariantCulture), w =>
                {
                    w.StartElement("ping");
                    w.Attribute("xmlns", XmppNamespaces.Ping);
                    w.EndElement();
                }));
            }
        }
        catch (Exception e) when (e is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
        {
            // The database is down: what is owed stays owed, and the next tick tries again.
            logger.LogError(e, "Failed to send the owed messages; trying again");
            retryDue = true;
        }
    }

    private async Task ConfirmAsync(long upTo, Action<byte[]> send, CancellationToken cancellationToken)
    {
        while (probes.TryPeek(out var probe) && probe.UpTo <= upTo)
        {
            probes.Dequeue();
            inFlight -= probe.Count;
        }

        try
        {
            var marked = await store.MarkSentAsync(upTo, time.GetUtcNow(), cancellationToken);
            logger.LogDebug("The server took the owed messages up to {UpTo} ({Marked} marked sent)", upTo, marked);
        }
        catch (Exception e) when (e is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
        {
            // Not marked: they go again in the next session, a duplicate the recipients tolerate.
            logger.LogError(e, "Failed to mark the owed messages up to {UpTo} sent", upTo);
        }

        await SendAsync(send, cancellationToken);
    }
}
