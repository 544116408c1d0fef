using System;
using System.IO;
using System.Net;
using System.Net.Sockets;
using System.Threading;
using SiotThing.Protocol.Link;

namespace SiotThing.Firmware.Esp32
{
    /// <summary>
    /// Resolves a host and opens a TCP connection to it within a time limit. nanoFramework's
    /// Socket.Connect and Dns.GetHostEntry take no timeout, and a connect to an unreachable
    /// address can hang for minutes, so both run on a helper thread; when time is up the
    /// socket is closed, which ends the helper, and the caller gets an IOException.
    /// </summary>
    public sealed class ConnectAttempt
    {
        private readonly object sync = new object();
        private readonly AutoResetEvent done = new AutoResetEvent(false);
        private readonly string host;
        private readonly int port;
        private readonly ConnectionOutcome outcome;
        private Socket socket;
        private Exception error;
        private bool abandoned;

        private ConnectAttempt(string host, int port, ConnectionOutcome outcome)
        {
            this.host = host;
            this.port = port;
            this.outcome = outcome;
        }

        /// <summary>Connects, or throws.</summary>
        /// <param name="host">A host name or an IPv4 address.</param>
        /// <param name="port">The TCP port.</param>
        /// <param name="timeout">The time limit for the name lookup and the connect together, in milliseconds.</param>
        /// <param name="outcome">Gets <see cref="LinkStage.Dns"/> or <see cref="LinkStage.Tcp"/>: which step was running; and whether it timed out.</param>
        /// <returns>The connected socket.</returns>
        public static Socket Open(string host, int port, int timeout, ConnectionOutcome outcome)
        {
            outcome.Stage = LinkStage.Dns;
            var attempt = new ConnectAttempt(host, port, outcome);
            new Thread(attempt.Run).Start();
            if (!attempt.done.WaitOne(timeout, false))
            {
                // The helper thread stays blocked in the native call; the supervisor counts these.
                outcome.TimedOut = true;
                attempt.Abandon();
                throw new IOException("connecting to " + host + ":" + port + " took longer than " + (timeout / 1000) + " s");
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
                var address = Resolve(host);
                outcome.Stage = LinkStage.Tcp;
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
    }
}
