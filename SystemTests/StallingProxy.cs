using System.Net;
using System.Net.Sockets;

namespace SiotThing.SystemTests;

/// <summary>
/// A TCP proxy on 127.0.0.1 in front of a server: it passes bytes both ways, or, while stalling,
/// accepts a connection, swallows what the client sends and answers nothing, then closes it after
/// a while, as a server stuck before its TLS handshake does until its own timeout (ejabberd's
/// negotiation_timeout). Dropping its connections makes a client connect anew.
/// </summary>
public sealed class StallingProxy : IAsyncDisposable
{
    private readonly TcpListener listener = new(IPAddress.Loopback, 0);
    private readonly int target;
    private readonly CancellationTokenSource stop = new();
    private readonly List<TcpClient> open = [];
    private readonly Task accepting;
    private TimeSpan? stallFor;

    /// <summary>Listens in front of 127.0.0.1:<paramref name="targetPort"/>.</summary>
    /// <param name="targetPort">The server's port.</param>
    public StallingProxy(int targetPort)
    {
        target = targetPort;
        listener.Start();
        accepting = Task.Run(Accept);
    }

    /// <summary>The proxy's port.</summary>
    public int Port => ((IPEndPoint)listener.LocalEndpoint).Port;

    /// <summary>Connections that met a stall.</summary>
    public int Stalled { get; private set; }

    /// <summary>From now on, new connections get nothing and are closed after <paramref name="closeAfter"/>.</summary>
    /// <param name="closeAfter">How long a stalled connection is held.</param>
    public void Stall(TimeSpan closeAfter) => stallFor = closeAfter;

    /// <summary>From now on, new connections reach the server.</summary>
    public void Forward() => stallFor = null;

    /// <summary>Closes every connection now (the client sees the server go away).</summary>
    public void DropAll()
    {
        lock (open)
        {
            foreach (var client in open)
            {
                client.Dispose();
            }

            open.Clear();
        }
    }

    /// <summary>Stops listening and closes everything.</summary>
    public async ValueTask DisposeAsync()
    {
        stop.Cancel();
        listener.Stop();
        DropAll();
        try
        {
            await accepting;
        }
        catch (Exception e) when (e is OperationCanceledException or SocketException or ObjectDisposedException)
        {
            // Ended with the listener.
        }
    }

    private async Task Accept()
    {
        while (!stop.IsCancellationRequested)
        {
            var client = await listener.AcceptTcpClientAsync(stop.Token);
            lock (open)
            {
                open.Add(client);
            }

            _ = stallFor is { } hold ? Task.Run(() => Swallow(client, hold)) : Task.Run(() => Pass(client));
        }
    }

    private async Task Swallow(TcpClient client, TimeSpan hold)
    {
        Stalled++;
        var buffer = new byte[4096];
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(stop.Token);
        timeout.CancelAfter(hold);
        try
        {
            while (await client.GetStream().ReadAsync(buffer, timeout.Token) > 0)
            {
            }
        }
        catch (Exception e) when (e is OperationCanceledException or IOException or ObjectDisposedException)
        {
            // Held long enough, or the client left.
        }

        client.Dispose();
    }

    private async Task Pass(TcpClient client)
    {
        using var server = new TcpClient();
        try
        {
            await server.ConnectAsync(IPAddress.Loopback, target, stop.Token);
            lock (open)
            {
                open.Add(server);
            }

            var up = client.GetStream().CopyToAsync(server.GetStream(), stop.Token);
            var down = server.GetStream().CopyToAsync(client.GetStream(), stop.Token);
            await Task.WhenAny(up, down);
        }
        catch (Exception e) when (e is OperationCanceledException or IOException or SocketException or ObjectDisposedException)
        {
            // One side went away.
        }

        client.Dispose();
    }
}
