using System.Diagnostics;
using System.Net.Security;
using System.Net.Sockets;
using System.Security.Authentication;
using System.Security.Cryptography.X509Certificates;
using System.Threading.Channels;
using SiotThing.Firmware.Host.Recording;
using SiotThing.Protocol.Xmpp;

namespace SiotThing.Firmware.Host;

/// <summary>
/// Runs an <see cref="XmppClient"/> over TCP and TLS on .NET: dials, does the TLS handshakes the
/// client asks for, moves bytes both ways, ticks the client's timers, and reconnects after
/// <see cref="ReconnectPolicy"/>'s delay whenever the connection ends, until it is stopped.
/// The client is not thread-safe: everything that touches it runs on this loop, and other
/// threads hand work in with <see cref="Post"/>.
/// </summary>
public sealed class HostXmppConnection
{
    private const string Dropped = "dropped (drop at the console)";
    private static readonly TimeSpan TickInterval = TimeSpan.FromMilliseconds(250);
    private static readonly TimeSpan ConnectTimeout = TimeSpan.FromSeconds(10);

    private readonly XmppEndpoint endpoint;
    private readonly XmppClient client;
    private readonly ReconnectPolicy policy;
    private readonly Action<string> log;
    private readonly Channel<Action<XmppClient, long>> work = Channel.CreateUnbounded<Action<XmppClient, long>>();
    private readonly Stopwatch clock = Stopwatch.StartNew();
    private readonly byte[] receiveBuffer = new byte[4096];
    private readonly byte[] sendBuffer = new byte[4096];
    private volatile Socket? currentSocket;
    private string? lastEndReason;
    private string? certificateProblem;

    // The current connection was dropped on purpose (AbortConnection): its end says so, not the
    // socket's exception text.
    private volatile bool dropped;

    /// <summary>Creates the connection; <see cref="RunAsync"/> starts it.</summary>
    /// <param name="endpoint">The server.</param>
    /// <param name="client">The client to run.</param>
    /// <param name="policy">Paces reconnects.</param>
    /// <param name="log">Where to write what happens (one line each).</param>
    public HostXmppConnection(XmppEndpoint endpoint, XmppClient client, ReconnectPolicy policy, Action<string> log)
    {
        this.endpoint = endpoint;
        this.client = client;
        this.policy = policy;
        this.log = log;
    }

    /// <summary>Milliseconds since this connection object was made: the monotonic clock the client runs on.</summary>
    public long Now => clock.ElapsedMilliseconds;

    /// <summary>How many connections were established (TCP up).</summary>
    public int Connections { get; private set; }

    /// <summary>
    /// Round trips of the last connection from TCP connect to online: the TCP handshake, each TLS
    /// handshake (1 for TLS 1.3, 2 for TLS 1.2), and each time the client sent something and had to
    /// wait for the server's answer before going on.
    /// </summary>
    public int RoundTripsToOnline { get; private set; }

    /// <summary>
    /// Drops the current TCP connection without closing the XMPP stream, as a lost Wi-Fi link
    /// would; the loop notices and reconnects (resuming the stream when the server allows it).
    /// </summary>
    public void AbortConnection()
    {
        if (currentSocket is { } socket)
        {
            dropped = true;
            socket.Close(0);
        }
    }

    /// <summary>Called on the loop after each tick of the client (about every 250 ms), e.g. the agent's timers.</summary>
    public Action<XmppClient, long>? OnTick { get; init; }

    /// <summary>
    /// Records each call into the client (and <see cref="OnTick"/>) as a step, when set
    /// (docs/replay.md); the time each call gets is read once, so the recording holds what the
    /// core saw.
    /// </summary>
    public SessionRecorder? Recorder { get; init; }

    /// <summary>Runs <paramref name="action"/> on the connection's loop, with the current time.</summary>
    /// <param name="action">What to do with the client.</param>
    public void Post(Action<XmppClient, long> action) => work.Writer.TryWrite(action);

    /// <summary>Connects, and reconnects after every loss, until <paramref name="cancellation"/> fires; then closes cleanly.</summary>
    /// <param name="cancellation">Stops the connection.</param>
    /// <returns>A task that ends when the connection is stopped.</returns>
    public async Task RunAsync(CancellationToken cancellation)
    {
        while (!cancellation.IsCancellationRequested)
        {
            var online = await RunOnceAsync(cancellation);
            if (cancellation.IsCancellationRequested)
            {
                break;
            }

            policy.SessionEnded(online);
            var delay = policy.NextDelay();
            log($"reconnecting in {delay} ms ({lastEndReason})");
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

    /// <summary>One connection, to its end; returns how long it was online in milliseconds (0: never).</summary>
    private async Task<long> RunOnceAsync(CancellationToken cancellation)
    {
        long? onlineSince = null;
        string? failure = null;
        using var tcp = new TcpClient { NoDelay = true };
        Stream? stream = null;
        try
        {
            using (var connectTimeout = CancellationTokenSource.CreateLinkedTokenSource(cancellation))
            {
                connectTimeout.CancelAfter(ConnectTimeout);
                await tcp.ConnectAsync(endpoint.Host, endpoint.Port, connectTimeout.Token);
            }

            currentSocket = tcp.Client;
            Connections++;
            RoundTripsToOnline = 1;
            stream = tcp.GetStream();
            if (endpoint.DirectTls)
            {
                stream = await StartTlsAsync(stream, cancellation);
            }

            var connectedAt = Now;
            Recorder?.Begin(SessionStep.Connected, connectedAt).Flag(endpoint.DirectTls);
            client.Connected(connectedAt, endpoint.DirectTls);
            Recorder?.End();
            log($"connected to {endpoint.Host}:{endpoint.Port}{(endpoint.DirectTls ? " (direct TLS)" : string.Empty)}");
            Task<int>? read = null;
            var sentSinceAnswer = false;
            while (true)
            {
                sentSinceAnswer |= await FlushAsync(stream);
                if (onlineSince == null && client.State == XmppClientState.Online)
                {
                    onlineSince = Now;
                }

                if (client.State == XmppClientState.Closing || client.State == XmppClientState.Disconnected)
                {
                    break;
                }

                if (client.State == XmppClientState.AwaitingTls)
                {
                    stream = await StartTlsAsync(stream, cancellation);
                    var tlsAt = Now;
                    Recorder?.Begin(SessionStep.TlsEstablished, tlsAt);
                    client.TlsEstablished(tlsAt);
                    Recorder?.End();
                    sentSinceAnswer = false;
                    continue;
                }

                if (cancellation.IsCancellationRequested)
                {
                    var stoppedAt = Now;
                    Recorder?.Begin(SessionStep.Disconnect, stoppedAt);
                    client.Disconnect(stoppedAt);
                    Recorder?.End();
                    continue;
                }

                // Not cancelled by the caller's token: stopping goes through a clean </stream:stream>.
                read ??= stream.ReadAsync(receiveBuffer, CancellationToken.None).AsTask();
                var done = await Task.WhenAny(read, work.Reader.WaitToReadAsync().AsTask(), Task.Delay(TickInterval));
                if (done == read)
                {
                    var count = await read;
                    read = null;
                    if (count == 0)
                    {
                        LoseConnection(dropped ? Dropped : "the server closed the connection");
                        break;
                    }

                    if (sentSinceAnswer && client.State != XmppClientState.Online)
                    {
                        RoundTripsToOnline++;
                    }

                    sentSinceAnswer = false;
                    var receivedAt = Now;
                    Recorder?.Begin(SessionStep.Receive, receivedAt).Bytes(receiveBuffer.AsSpan(0, count));
                    client.Receive(receiveBuffer, 0, count, receivedAt);
                    Recorder?.End();
                }

                while (client.State == XmppClientState.Online && work.Reader.TryRead(out var action))
                {
                    action(client, Now);
                }

                var tickAt = Now;
                Recorder?.Begin(SessionStep.Tick, tickAt);
                client.Tick(tickAt);
                OnTick?.Invoke(client, tickAt);
                Recorder?.End();
            }

            if (client.State == XmppClientState.Closing)
            {
                await FlushAsync(stream);
                LoseConnection("closed");
            }
        }
        catch (Exception e) when (e is IOException or SocketException or AuthenticationException or OperationCanceledException or ObjectDisposedException)
        {
            // A connect that failed never reached the client, whose LastError is still the last session's.
            var reached = client.State != XmppClientState.Disconnected;
            var reason = e is AuthenticationException && certificateProblem != null ? certificateProblem
                : dropped ? Dropped
                : e.Message;
            LoseConnection(reason);
            failure = reached ? null : reason;
        }
        finally
        {
            currentSocket = null;
            dropped = false;
            if (stream != null)
            {
                await stream.DisposeAsync();
            }
        }

        lastEndReason = failure ?? client.LastError;
        if (lastEndReason != null && lastEndReason.StartsWith("authentication failed", StringComparison.Ordinal))
        {
            // The server's answer names only the SASL condition; what to change is the account.
            lastEndReason += " (check xmpp.jid and xmpp.password in thing.conf)";
        }

        log($"connection ended: {lastEndReason}");
        return onlineSince == null ? 0 : Now - onlineSince.Value;
    }

    private async Task<bool> FlushAsync(Stream stream)
    {
        var sent = false;
        while (client.OutputLength > 0)
        {
            Recorder?.Begin(SessionStep.ReadOutput, Now).Number(sendBuffer.Length);
            var count = client.ReadOutput(sendBuffer, 0, sendBuffer.Length);
            Recorder?.Event(SessionEvent.Output).Bytes(sendBuffer.AsSpan(0, count)).End();
            await stream.WriteAsync(sendBuffer.AsMemory(0, count));
            sent = true;
        }

        if (sent)
        {
            await stream.FlushAsync();
        }

        return sent;
    }

    private void LoseConnection(string reason)
    {
        var lostAt = Now;
        Recorder?.Begin(SessionStep.ConnectionLost, lostAt).Text(reason);
        client.ConnectionLost(lostAt, reason);
        Recorder?.End();
    }

    private async Task<Stream> StartTlsAsync(Stream plain, CancellationToken cancellation)
    {
        certificateProblem = null;
        var tls = new SslStream(plain, leaveInnerStreamOpen: false, ValidateServerCertificate);
        await tls.AuthenticateAsClientAsync(
            new SslClientAuthenticationOptions
            {
                TargetHost = endpoint.TlsName,
                EnabledSslProtocols = SslProtocols.Tls12 | SslProtocols.Tls13,
            },
            cancellation);
        RoundTripsToOnline += tls.SslProtocol == SslProtocols.Tls13 ? 1 : 2;
        return tls;
    }

    private bool ValidateServerCertificate(object sender, X509Certificate? certificate, X509Chain? chain, SslPolicyErrors errors)
    {
        // Kept for the catch below: the handshake's own exception only says the callback said no.
        certificateProblem = ServerCertificateCheck.Check(endpoint, certificate, chain, errors);
        return certificateProblem == null;
    }
}
