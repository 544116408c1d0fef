using System.Threading.Channels;
using Microsoft.Extensions.Logging;
using SiotThing.Protocol.Xml;
using SiotThing.Provisioning.Commands;
using SiotThing.Provisioning.Storage;
using SiotThing.Provisioning.Xmpp;

namespace SiotThing.Provisioning.Component;

/// <summary>
/// The provisioning service on a component stream: received stanzas are copied into a bounded
/// queue on the connection's loop, and one processing loop (<see cref="RunAsync"/>) answers them
/// in order, with the store, and hands what to send to the connection. Where the store commits in
/// batches (SQLite), the stanzas waiting together are answered with one commit, and their answers
/// go after it. One loop keeps the order
/// of a requester's stanzas and of the messages each causes; the queue keeps reading the stream
/// while the store works. When the queue is full, an IQ is answered at once with
/// <c>resource-constraint</c> (type wait) and other stanzas are dropped. The same loop sends the
/// messages the store's outbox owes (<see cref="OutboxSender"/>): after each request's answer, and
/// from the oldest at every new session; the stream's events reach it in their own queue, which
/// goes first, and the sender's tick (marks, leases) runs every second, also under load.
/// </summary>
public sealed class ProvisioningComponent : IComponentHandler
{
    private readonly Channel<ReceivedElement> queue = Channel.CreateBounded<ReceivedElement>(
        new BoundedChannelOptions(ServiceLimits.MaxQueuedStanzas) { SingleReader = true, SingleWriter = true, FullMode = BoundedChannelFullMode.Wait });

    private readonly Channel<StreamEvent> events = Channel.CreateUnbounded<StreamEvent>(new UnboundedChannelOptions { SingleReader = true, SingleWriter = true });
    private readonly IProvisioningStore store;
    private readonly StanzaWriter writer;
    private readonly OutboxSender outbox;
    private int sessions;
    private readonly StanzaWriter loopWriter;
    private readonly StanzaRouter router;
    private readonly ILogger logger;
    private readonly TimeProvider time;

    /// <summary>Creates the service for the component <paramref name="domain"/> on <paramref name="store"/>.</summary>
    /// <param name="store">The open store.</param>
    /// <param name="sessionKey">The key that signs ad-hoc command sessions, shared by every instance on the store (<see cref="CreateAsync"/> reads it).</param>
    /// <param name="domain">The component's JID.</param>
    /// <param name="time">The clock (claims, pending requests and sessions are dated with it).</param>
    /// <param name="logger">Where failures and requests are logged.</param>
    private ProvisioningComponent(IProvisioningStore store, byte[] sessionKey, string domain, TimeProvider time, ILogger logger)
    {
        this.store = store;
        this.logger = logger;
        this.time = time;
        writer = new StanzaWriter(domain);
        // The connection's loop writes its overload answers with its own writer: a writer serves one thread.
        loopWriter = new StanzaWriter(domain);
        var notifications = new Notifications(writer);
        outbox = new OutboxSender(store, notifications, writer, time, logger);
        var operations = new OwnerOperations(store, time);
        IAdHocCommand[] commandList =
        [
            new ClaimCommand(operations),
            new ThingsCommand(operations),
            new PendingCommand(operations),
            new FriendsCommand(operations),
            new DisownCommand(operations),
        ];
        var commands = new AdHocCommands(commandList, new CommandSessions(sessionKey, time), writer);
        router = new StanzaRouter(
            new SiotRequests(store, operations, notifications, writer, time),
            commands,
            new Disco(commands, writer),
            store,
            notifications,
            writer,
            logger);
    }

    /// <summary>Creates the service for the component <paramref name="domain"/> on <paramref name="store"/>, with the store's shared session key.</summary>
    /// <param name="store">The open store.</param>
    /// <param name="domain">The component's JID.</param>
    /// <param name="time">The clock (claims, pending requests and sessions are dated with it).</param>
    /// <param name="logger">Where failures and requests are logged.</param>
    /// <param name="cancellationToken">Cancels reading the key.</param>
    /// <returns>The service.</returns>
    public static async Task<ProvisioningComponent> CreateAsync(IProvisioningStore store, string domain, TimeProvider time, ILogger logger, CancellationToken cancellationToken) =>
        new(store, await store.SharedKeyAsync(CommandSessions.KeyName, cancellationToken), domain, time, logger);

    /// <inheritdoc/>
    public void Online(ComponentStream stream)
    {
        // Answers queued while the server was away go out from the connection's loop now; the
        // processing loop sends what the outbox owes.
        logger.LogDebug("Component {Domain} online with {Queued} requests waiting", stream.Domain, queue.Reader.Count);
        events.Writer.TryWrite(new StreamEvent(StreamEventKind.Online, ++sessions));
    }

    /// <inheritdoc/>
    public void StanzaReceived(ComponentStream stream, XmlStanza stanza)
    {
        var copy = ReceivedElement.Copy(stanza, stanza.Root);
        if (OutboxSender.IsProbe(copy, stream.Domain))
        {
            // A ping of ours or of another instance of the service, routed back by the server:
            // every get is answered here. Ours confirms, whether its get came to this connection
            // or its result did (from the instance the get reached); a second confirmation of one
            // probe is ignored by the sender.
            var type = copy.Attribute("type");
            if (type == "get")
            {
                stream.Send(loopWriter.Result(copy, null), stream.Now);
            }

            if ((type == "get" || type == "result") && outbox.IsOwnProbe(copy, out var probeSession, out var probe))
            {
                events.Writer.TryWrite(new StreamEvent(StreamEventKind.Confirmed, probeSession, probe));
            }

            return;
        }

        if (queue.Writer.TryWrite(copy))
        {
            return;
        }

        logger.LogWarning("Request queue full ({Capacity}): {Name} from {From} refused", ServiceLimits.MaxQueuedStanzas, copy.Name, copy.Attribute("from"));
        if (copy.Name == "iq" && loopWriter.Error(copy, StanzaError.ResourceConstraint("the service is busy: try again shortly")) is { } busy)
        {
            stream.Send(busy, stream.Now);
        }
    }

    /// <inheritdoc/>
    public void Ended(ComponentStream stream, string reason)
    {
        // The connection reconnects; requests in the queue are answered and their answers sent after that.
        logger.LogDebug("Component {Domain} offline ({Reason}) with {Queued} requests waiting", stream.Domain, reason, queue.Reader.Count);
        events.Writer.TryWrite(new StreamEvent(StreamEventKind.Offline, sessions));
    }

    /// <summary>Answers the queued stanzas, in order, until <paramref name="cancellationToken"/> fires.</summary>
    /// <param name="connection">Where answers and notifications go.</param>
    /// <param name="cancellationToken">Stops the loop.</param>
    /// <returns>A task that ends when the loop stops.</returns>
    public async Task RunAsync(ComponentConnection connection, CancellationToken cancellationToken)
    {
        try
        {
            while (true)
            {
                cancellationToken.ThrowIfCancellationRequested();
                if (outbox.TickDue)
                {
                    // Also under load: the outbox's leases must be renewed and its marks written.
                    await outbox.TickAsync(connection.Send, cancellationToken);
                    continue;
                }

                if (events.Reader.TryRead(out var streamEvent))
                {
                    await outbox.HandleAsync(streamEvent, connection.Send, cancellationToken);
                    continue;
                }

                if (queue.Reader.TryRead(out var stanza))
                {
                    foreach (var reply in await HandleWaitingAsync(stanza, cancellationToken))
                    {
                        connection.Send(reply);
                    }

                    // After the answers: a thing that repeats its registration gets the result before its owner.
                    await outbox.SendNewAsync(connection.Send, cancellationToken);
                    continue;
                }

                var waitForEvent = events.Reader.WaitToReadAsync(cancellationToken).AsTask();
                var waitForStanza = queue.Reader.WaitToReadAsync(cancellationToken).AsTask();
                if (outbox.UntilTick is { } wait)
                {
                    await Task.WhenAny(waitForEvent, waitForStanza, Task.Delay(wait, time, cancellationToken));
                }
                else
                {
                    await Task.WhenAny(waitForEvent, waitForStanza);
                }
            }
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            // Stopping: what is still queued is not answered; the requesters' IQs time out.
        }
    }

    /// <summary>
    /// Answers <paramref name="first"/> and, where the store commits in batches, what else waits in
    /// the queue (up to <see cref="ServiceLimits.MaxBatchedStanzas"/>), with one commit for all:
    /// under load the disk's sync is shared instead of waited for by each request. No answer goes
    /// before its commit; if the commit fails, each IQ of the batch is answered with an error.
    /// </summary>
    private async Task<List<byte[]>> HandleWaitingAsync(ReceivedElement first, CancellationToken cancellationToken)
    {
        await using var batch = store.BeginBatch();
        var handled = new List<(ReceivedElement Stanza, List<byte[]> Replies)> { (first, await HandleAsync(first, cancellationToken)) };
        while (batch != null && handled.Count < ServiceLimits.MaxBatchedStanzas && queue.Reader.TryRead(out var next))
        {
            handled.Add((next, await HandleAsync(next, cancellationToken)));
        }

        if (batch != null)
        {
            try
            {
                await batch.CommitAsync(cancellationToken);
            }
            catch (Exception e) when (e is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
            {
                // Nothing of the batch happened: its answers would be untrue.
                logger.LogError(e, "Failed to commit the answers to {Count} requests; answering each with an error", handled.Count);
                return [.. handled.Select(h => CouldNotNow(h.Stanza)).OfType<byte[]>()];
            }
        }

        return [.. handled.SelectMany(h => h.Replies)];
    }

    // The answer to a request the service could not carry out now: an IQ gets an error, anything else nothing.
    private byte[]? CouldNotNow(ReceivedElement stanza) =>
        stanza.Name == "iq" ? writer.Error(stanza, new StanzaError("wait", "internal-server-error", "the service could not do this now: try again later")) : null;

    private async Task<List<byte[]>> HandleAsync(ReceivedElement stanza, CancellationToken cancellationToken)
    {
        try
        {
            logger.LogDebug("{Name} {Type} from {From}", stanza.Name, stanza.Attribute("type"), stanza.Attribute("from"));
            return await router.HandleAsync(stanza, cancellationToken);
        }
        catch (Exception e) when (e is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
        {
            // The database is down, or a bug: the requester gets an answer, the service goes on.
            logger.LogError(e, "Failed to handle {Name} {Type} from {From}", stanza.Name, stanza.Attribute("type"), stanza.Attribute("from"));
            return CouldNotNow(stanza) is { } error ? [error] : [];
        }
    }
}
