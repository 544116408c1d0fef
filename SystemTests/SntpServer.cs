using System.Buffers.Binary;
using System.Net;
using System.Net.Sockets;

namespace SiotThing.SystemTests;

/// <summary>
/// The clock for an emulated thing: an SNTP server (RFC 4330) on 127.0.0.1:123, which QEMU's user
/// network shows the guest as 10.0.2.2:123, the server the emulator's firmware asks. It answers
/// every client request with the host's time. Port 123 needs root (or CAP_NET_BIND_SERVICE):
/// <see cref="TryStart"/> says why when it cannot have it.
/// </summary>
public sealed class SntpServer : IDisposable
{
    /// <summary>SNTP's port.</summary>
    public const int Port = 123;

    // Seconds from the NTP era's start (1900) to the Unix epoch.
    private const long EraOffset = 2208988800;

    private readonly UdpClient socket;
    private readonly CancellationTokenSource stop = new();
    private readonly Task serving;

    private SntpServer(UdpClient socket)
    {
        this.socket = socket;
        serving = Task.Run(Serve);
    }

    /// <summary>How many requests were answered.</summary>
    public int Answered { get; private set; }

    /// <summary>Starts the server, or says why it cannot.</summary>
    /// <param name="why">Why not (the port is taken, or needs root), or null.</param>
    /// <returns>The server, or null.</returns>
    public static SntpServer? TryStart(out string? why)
    {
        try
        {
            why = null;
            return new SntpServer(new UdpClient(new IPEndPoint(IPAddress.Loopback, Port)));
        }
        catch (SocketException e)
        {
            why = $"no SNTP server for the emulated thing on 127.0.0.1:{Port}: {e.Message}";
            return null;
        }
    }

    /// <summary>Stops answering.</summary>
    public void Dispose()
    {
        stop.Cancel();
        socket.Dispose();
        try
        {
            serving.Wait(TimeSpan.FromSeconds(5));
        }
        catch (AggregateException)
        {
            // The receive ended with the socket.
        }
    }

    private async Task Serve()
    {
        while (!stop.IsCancellationRequested)
        {
            UdpReceiveResult request;
            try
            {
                request = await socket.ReceiveAsync(stop.Token);
            }
            catch (Exception e) when (e is OperationCanceledException or ObjectDisposedException or SocketException)
            {
                return;
            }

            // Mode 3 (client) in the first byte's low bits; anything else is not a request.
            if (request.Buffer.Length < 48 || (request.Buffer[0] & 0x7) != 3)
            {
                continue;
            }

            var answer = new byte[48];
            answer[0] = (4 << 3) | 4; // version 4, mode 4 (server)
            answer[1] = 1; // stratum 1: a primary clock, as far as the guest knows
            answer[2] = request.Buffer[2];
            answer[3] = 0xEC; // precision 2^-20 s
            "LOCL"u8.CopyTo(answer.AsSpan(12));
            var now = Timestamp(DateTimeOffset.UtcNow);
            BinaryPrimitives.WriteUInt64BigEndian(answer.AsSpan(16), now); // reference
            request.Buffer.AsSpan(40, 8).CopyTo(answer.AsSpan(24)); // originate = the client's transmit
            BinaryPrimitives.WriteUInt64BigEndian(answer.AsSpan(32), now); // receive
            BinaryPrimitives.WriteUInt64BigEndian(answer.AsSpan(40), now); // transmit
            await socket.SendAsync(answer, request.RemoteEndPoint);
            Answered++;
        }
    }

    private static ulong Timestamp(DateTimeOffset time)
    {
        var ticks = time.UtcTicks - DateTimeOffset.UnixEpoch.UtcTicks;
        var seconds = (ulong)(ticks / TimeSpan.TicksPerSecond) + EraOffset;
        var fraction = (ulong)(ticks % TimeSpan.TicksPerSecond) * (1UL << 32) / TimeSpan.TicksPerSecond;
        return (seconds << 32) | fraction;
    }
}
