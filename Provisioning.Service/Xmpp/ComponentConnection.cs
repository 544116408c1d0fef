using System.Diagnostics;
using System.Net.Sockets;
using System.Threading.Channels;
using Microsoft.Extensions.Logging;
using SiotThing.Protocol.Xmpp;

namespace SiotThing.Provisioning.Xmpp;

/// <summary>
/// Runs a <see cref="ComponentStream"/> over TCP on .NET: dials the server's component port, moves
/// bytes both ways, ticks the stream's timers, and reconnects after <see cref="ReconnectPolicy"/>'s
/// delay whenever the connection ends (a restarted server), until stopped. No TLS: the component
/// port is on loopback, next to the server. The stream is not thread-safe: everything that
/// touches it runs on this loop; other threads hand stanzas in with <see cref="Send"/>.
/// </summary>
public sealed class ComponentConnection
{
    private static readonly TimeSpan TickInterval = TimeSpan.FromMilliseconds(250);
    private static readonly TimeSpan ConnectTimeout = TimeSpan.FromSeconds(10);

    private readonly string host;
    private readonly int port;
    private readonly ComponentStream stream;
    private readonly ReconnectPolicy policy;
    private readonly ILogger logger;
    private readonly Channel<byte[]> outgoing = Channel.CreateUnbounded<byte[]>(new UnboundedChannelOptions { SingleReader = true });
    private readonly Stopwatch clock = Stopwatch.StartNew();
    private readonly byte[] receiveBuffer = new byte[16384];
    private readonly byte[] sendBuffer = new byte[16384];
    private string lastReason = string.Empty;

    /// <summary>Creates the connection; <see cref="RunAsync"/> starts it.</summary>
    /// <param name="host">The XMPP server's address (its component port listens on loopback).</param>
    /// <param name="port">The component port.</param>
    /// <param name="stream">The stream to run.</param>
    /// <param name="policy">Paces reconnects.</param>
    /// <param name="logger">Where connects, losses and reconnects are logged.</param>
    public ComponentConnection(string host, int port, ComponentStream stream, ReconnectPolicy policy, ILogger logger)
    {
        this.host = host;
        this.port = port;
        this.stream = stream;
        this.policy = policy;
        this.logger = logger;
    }

    /// <summary>How many connections were accepted by the server (handshake done).</summary>
    public int Sessions { get; private set; }

    /// <summary>
    /// Queues a stanza; it goes out on the loop while the stream is online, so stanzas queued
    /// while the server restarts go out after the reconnect. Thread-safe.
    /// </summary>
    /// <param name="stanza">The stanza's bytes.</param>
    public void Send(byte[] stanza) => outgoing.Writer.TryWrite(stanza);

    /// <summary>Connects, and reconnects after every loss, until <paramref name="cancellation"/> fires; then closes the stream cleanly.</summary>
    /// <param name="cancellation">Stops the connection.</param>
    /// <returns>A task that ends when the connection is stopped.</returns>
    /// <exception cref="ComponentRefusedException">The server refused the component's domain or secret.</exception>
    public async Task RunAsync(CancellationToken cancellation)
    {
        while (!cancellation.IsCancellationRequested)
        {
            var wentOnline = await RunOnceAsync(cancellation);
            if (stream.Refused)
            {
                throw new ComponentRefusedException(
                    $"the XMPP server at {host}:{port} refused the component {stream.Domain}: {stream.LastError}; "
                    + $"check the secret and that the server has an external component {stream.Domain} with that component_secret");
            }

            if (cancellation.IsCancellationRequested)
            {
                break;
            }

            if (wentOnline)
            {
                policy.Reset();
            }

            var delay = policy.NextDelay();
            logger.LogWarning("Connection to the XMPP server {Host}:{Port} ended ({Reason}); reconnecting in {Delay} ms", host, port, lastReason, delay);
            try
            {
                await Task.Delay(delay, cancellation);
            }
            catch (OperationCanceledException)
            {
                break;
            }
        }
    }

    private long Now => clock.ElapsedMilliseconds;

    private async Task<bool> RunOnceAsync(CancellationToken cancellation)
    {
        var wentOnline = false;
        using var tcp = new TcpClient { NoDelay = true };
        NetworkStream? network = null;
        try
        {
            using (var connectTimeout = CancellationTokenSource.CreateLinkedTokenSource(cancellation))
            {
                connectTimeout.CancelAfter(ConnectTimeout);
                await tcp.ConnectAsync(host, port, connectTimeout.Token);
            }

            network = tcp.GetStream();
            stream.Connected(Now);
            logger.LogDebug("Connected to {Host}:{Port}, opening the component stream for {Domain}", host, port, stream.Domain);
            Task<int>? read = null;
            while (true)
            {
                await FlushAsync(network);
                if (stream.State == ComponentStreamState.Online && !wentOnline)
                {
                    wentOnline = true;
                    Sessions++;
                    logger.LogInformation("Online as the component {Domain} at {Host}:{Port}", stream.Domain, host, port);
                }

                if (stream.State is ComponentStreamState.Closing or ComponentStreamState.Disconnected)
                {
                    break;
                }

                if (cancellation.IsCancellationRequested)
                {
                    stream.Disconnect(Now);
                    continue;
                }

                // Not cancelled by the caller's token: stopping goes through a clean </stream:stream>.
                read ??= network.ReadAsync(receiveBuffer, CancellationToken.None).AsTask();
                var tick = Task.Delay(TickInterval, cancellation);
                // Queued stanzas wake the loop only while they can go out; before the handshake they wait.
                var queued = stream.State == ComponentStreamState.Online ? outgoing.Reader.WaitToReadAsync(CancellationToken.None).AsTask() : tick;
                var done = await Task.WhenAny(read, queued, tick);
                if (done == read)
                {
                    var count = await read;
                    read = null;
                    if (count == 0)
                    {
                        stream.ConnectionLost(Now, "the server closed the connection");
                        break;
                    }

                    stream.Receive(receiveBuffer, 0, count, Now);
                }

                while (stream.State == ComponentStreamState.Online && outgoing.Reader.TryRead(out var stanza))
                {
                    stream.Send(stanza, Now);
                }

                stream.Tick(Now);
            }

            if (stream.State == ComponentStreamState.Closing)
            {
                await FlushAsync(network);
                stream.ConnectionLost(Now, "closed");
            }
        }
        catch (Exception e) when (e is IOException or SocketException or OperationCanceledException or ObjectDisposedException)
        {
            if (network == null)
            {
                // Not even connected: say so plainly, it is the usual mistake (server down, wrong port).
                lastReason = $"cannot reach the component port: {e.Message}";
                return false;
            }

            stream.ConnectionLost(Now, e.Message);
        }
        finally
        {
            if (network != null)
            {
                await network.DisposeAsync();
            }
        }

        lastReason = stream.LastError ?? "closed";
        return wentOnline;
    }

    private async Task FlushAsync(NetworkStream network)
    {
        var sent = false;
        while (stream.OutputLength > 0)
        {
            var count = stream.ReadOutput(sendBuffer, 0, sendBuffer.Length);
            await network.WriteAsync(sendBuffer.AsMemory(0, count));
            sent = true;
        }

        if (sent)
        {
            await network.FlushAsync();
        }
    }
}
