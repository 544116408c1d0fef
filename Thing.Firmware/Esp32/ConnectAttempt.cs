using System;
using System.IO;
using System.Net;
using System.Net.Sockets;
using System.Threading;
using SiotThing.Protocol.Link;

namespace SiotThing.Firmware.Esp32
{
    /// <summary>
    /// Resolves a host and opens a TCP connection to it, the connect within a time limit.
    /// nanoFramework's Socket.Connect takes no timeout and, to an unreachable address, can wait
    /// for minutes; it waits without blocking other threads, so it runs on a helper thread, and
    /// when time is up the socket is closed, which ends the helper, and the caller gets an
    /// IOException. The name lookup cannot be bounded that way: on the ESP32 lwIP's
    /// getaddrinfo is one synchronous native call that blocks every managed thread (a timer of
    /// ours could not even run), until lwIP's resolver answers or gives up after its retries
    /// (a few seconds per DNS server). So it runs on the caller's thread, before the limit
    /// starts, and an address literal skips it.
    /// </summary>
    public sealed class ConnectAttempt
    {
        private readonly object sync = new object();
        private readonly AutoResetEvent done = new AutoResetEvent(false);
        private readonly IPAddress address;
        private readonly int port;
        private Socket socket;
        private Exception error;
        private bool abandoned;

        private ConnectAttempt(IPAddress address, int port)
        {
            this.address = address;
            this.port = port;
        }

        /// <summary>Connects, or throws.</summary>
        /// <param name="host">A host name or an IPv4 address.</param>
        /// <param name="port">The TCP port.</param>
        /// <param name="timeout">The time limit for the connect, in milliseconds (the name lookup is lwIP's to bound).</param>
        /// <param name="outcome">Gets <see cref="LinkStage.Dns"/> or <see cref="LinkStage.Tcp"/>: which step was running; and whether it timed out.</param>
        /// <returns>The connected socket.</returns>
        public static Socket Open(string host, int port, int timeout, ConnectionOutcome outcome)
        {
            outcome.Stage = LinkStage.Dns;
            var address = Resolve(host);
            outcome.Stage = LinkStage.Tcp;
            var attempt = new ConnectAttempt(address, port);
            new Thread(attempt.Run).Start();
            if (!attempt.done.WaitOne(timeout, false))
            {
                // The helper may stay in the native call until the closed socket wakes it; the supervisor counts these.
                outcome.TimedOut = true;
                attempt.Abandon();
                throw new IOException("connecting to " + host + " (" + address.ToString() + "):" + port + " took longer than " + (timeout / 1000) + " s");
            }

            if (attempt.error != null)
            {
                throw attempt.error;
            }

            return attempt.socket;
        }

        private void Run()
        {
            try
            {
                var candidate = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
                lock (sync)
                {
                    if (abandoned)
                    {
                        candidate.Close();
                        return;
                    }

                    socket = candidate;
                }

                candidate.Connect(new IPEndPoint(address, port));
            }
            catch (Exception e)
            {
                error = e;
                lock (sync)
                {
                    if (socket != null)
                    {
                        socket.Close();
                        socket = null;
                    }
                }
            }

            done.Set();
        }

        private void Abandon()
        {
            lock (sync)
            {
                abandoned = true;
                if (socket != null)
                {
                    // Ends a Connect that is still waiting; the helper thread then ends too.
                    socket.Close();
                    socket = null;
                }
            }
        }

        private static IPAddress Resolve(string host)
        {
            if (IsIPv4Literal(host))
            {
                return IPAddress.Parse(host);
            }

            var addresses = Dns.GetHostEntry(host).AddressList;
            for (var i = 0; i < addresses.Length; i++)
            {
                if (addresses[i] != null && addresses[i].AddressFamily == AddressFamily.InterNetwork)
                {
                    return addresses[i];
                }
            }

            throw new IOException("no IPv4 address for " + host);
        }

        private static bool IsIPv4Literal(string host)
        {
            var dots = 0;
            for (var i = 0; i < host.Length; i++)
            {
                var c = host[i];
                if (c == '.')
                {
                    dots++;
                }
                else if (c < '0' || c > '9')
                {
                    return false;
                }
            }

            return dots == 3;
        }
    }
}
