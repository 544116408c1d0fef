using System.Net.Sockets;
using System.Security.Cryptography;
using System.Text;
using System.Text.RegularExpressions;

namespace SiotThing.TestServers.Tests;

/// <summary>
/// A bare external component (XEP-0114) on a raw TCP stream: enough to log in with the handshake
/// and see which stanzas the server routes to this one connection.
/// </summary>
internal sealed partial class RawComponent : IAsyncDisposable
{
    private readonly TcpClient tcp;
    private readonly NetworkStream stream;
    private readonly StringBuilder received = new();
    private Task? reading;

    private RawComponent(TcpClient tcp)
    {
        this.tcp = tcp;
        stream = tcp.GetStream();
    }

    /// <summary>Connects to <paramref name="port"/> on 127.0.0.1 as <paramref name="domain"/> and completes the handshake.</summary>
    public static async Task<RawComponent> ConnectAsync(int port, string domain, string secret)
    {
        var tcp = new TcpClient();
        await tcp.ConnectAsync("127.0.0.1", port);
        var component = new RawComponent(tcp);
        await component.SendAsync($"<stream:stream xmlns='jabber:component:accept' xmlns:stream='http://etherx.jabber.org/streams' to='{domain}'>");
        var header = await component.ReadUntilAsync(text => StreamId().IsMatch(text), TimeSpan.FromSeconds(10));
        var id = StreamId().Match(header).Groups[1].Value;
        var digest = Convert.ToHexString(SHA1.HashData(Encoding.UTF8.GetBytes(id + secret))).ToLowerInvariant();
        await component.SendAsync($"<handshake>{digest}</handshake>");
        await component.ReadUntilAsync(text => text.Contains("<handshake/>", StringComparison.Ordinal) || text.Contains("</handshake>", StringComparison.Ordinal), TimeSpan.FromSeconds(10));
        component.received.Clear();
        // One reader for the connection's life: a read cancelled by a timeout would lose what it had.
        component.reading = component.ReadForeverAsync();
        return component;
    }

    /// <summary>Writes raw XML.</summary>
    public async Task SendAsync(string xml)
    {
        await stream.WriteAsync(Encoding.UTF8.GetBytes(xml));
        await stream.FlushAsync();
    }

    /// <summary>Waits up to <paramref name="patience"/> until what arrived contains <paramref name="text"/>.</summary>
    /// <returns>Whether it arrived.</returns>
    public async Task<bool> ReceivesAsync(string text, TimeSpan patience)
    {
        var deadline = DateTime.UtcNow + patience;
        while (!Received.Contains(text, StringComparison.Ordinal))
        {
            if (DateTime.UtcNow > deadline)
            {
                return false;
            }

            await Task.Delay(20);
        }

        return true;
    }

    /// <summary>Everything received since the handshake.</summary>
    public string Received
    {
        get
        {
            lock (received)
            {
                return received.ToString();
            }
        }
    }

    /// <summary>Drops the TCP connection at once, as a killed process would.</summary>
    public async ValueTask DisposeAsync()
    {
        tcp.Dispose();
        if (reading != null)
        {
            await reading;
        }
    }

    [GeneratedRegex("id=['\"]([^'\"]+)['\"]")]
    private static partial Regex StreamId();

    private async Task ReadForeverAsync()
    {
        var buffer = new byte[4096];
        try
        {
            int count;
            while ((count = await stream.ReadAsync(buffer)) > 0)
            {
                lock (received)
                {
                    received.Append(Encoding.UTF8.GetString(buffer, 0, count));
                }
            }
        }
        catch (Exception e) when (e is IOException or ObjectDisposedException)
        {
            // The connection was dropped, by the test or the server: what arrived stays readable.
        }
    }

    private async Task<string> ReadUntilAsync(Func<string, bool> done, TimeSpan patience)
    {
        using var timeout = new CancellationTokenSource(patience);
        var buffer = new byte[4096];
        while (!done(received.ToString()))
        {
            var count = await stream.ReadAsync(buffer, timeout.Token);
            if (count == 0)
            {
                throw new EndOfStreamException("the server closed the component stream; got: " + received);
            }

            received.Append(Encoding.UTF8.GetString(buffer, 0, count));
        }

        return received.ToString();
    }
}
