using System;
using System.Collections;
using System.IO;
using System.Net.Security;
using System.Net.Sockets;
using System.Security.Cryptography.X509Certificates;
using System.Threading;
using SiotThing.Protocol.Link;
using SiotThing.Protocol.Ports;
using SiotThing.Protocol.Xmpp;

namespace SiotThing.Firmware.Esp32
{
    /// <summary>
    /// Runs an <see cref="XmppClient"/> over TCP and TLS on the ESP32: dials (with a time limit),
    /// does the TLS handshake the client asks for (direct TLS, or after STARTTLS), moves bytes
    /// both ways and ticks the client's timers about every 250 ms, one connection per
    /// <see cref="RunOnce"/>; when to connect again is <see cref="LinkSupervisor"/>'s decision
    /// (through <see cref="WifiLink"/>). Every exception ends the connection through
    /// <see cref="XmppClient.ConnectionLost"/>; none escapes. The decisions live in the core:
    /// this class only does I/O.
    /// <para>
    /// Threads: <see cref="RunOnce"/>'s thread (the loop) owns the connection, writes, ticks, runs
    /// posted work and alone ends the stream; a reader thread per stream waits for data at most
    /// <see cref="ReaderWake"/> at a time, reads and feeds the client. Both touch the client only
    /// while holding one lock, so the client never sees two threads at once. When the client
    /// waits for STARTTLS's handshake the reader stops and the loop does the handshake on the raw
    /// socket, then starts a reader on the TLS stream. Buffers are allocated per connection,
    /// never per read.
    /// </para>
    /// <para>
    /// What the natives do (System.Net 1.11.54, nf-interpreter 8ca767c52, read from their
    /// sources), and what that asks of this class: all managed threads share one interpreter
    /// task, and a native call that blocks blocks them all. The TLS handshake is such a call on a
    /// blocking socket, waiting for the server without a limit (no socket timeout reaches it),
    /// so only TCP keepalive, set on every socket here (<see cref="TcpKeepalive"/>), ends it when
    /// the server or the network goes silent. <c>SslStream.Write</c> ignores the native count, and
    /// a write that mbedTLS failed returns 0 without an error: the stanza is gone silently, and
    /// the client notices when the server does not acknowledge it (XEP-0198) and resumes.
    /// Disposing an <c>SslStream</c> neither wakes a thread waiting in its Read nor keeps it from
    /// running into the freed TLS context: so the reader never waits long, and the stream is
    /// disposed only once the reader has stopped.
    /// </para>
    /// </summary>
    public sealed class Esp32XmppConnection
    {
        /// <summary>The longest the reader waits for data before it checks whether it should stop, in milliseconds.</summary>
        public const int ReaderWake = 1000;

        private const int TickInterval = 250;
        private const int ConnectTimeout = 15000;
        private const int SendTimeout = 30000;

        // A Read that finds only part of a TLS record waits for the rest this long before the
        // reader checks again (the record's rest normally follows at once).
        private const int ReadTimeout = 5000;

        // Writes stay at 1 KB: one TLS record then always fits the send buffer that the native
        // select found free before it (the native write loop would spin while it does not).
        private const int BufferSize = 1024;
        private const int MaxQueued = 8;

        private readonly string host;
        private readonly int port;
        private readonly bool directTls;
        private readonly X509Certificate authority;
        private readonly string tlsName;
        private readonly XmppClient client;
        private readonly ILog log;
        private readonly object gate = new object();
        private readonly ArrayList queue = new ArrayList();
        private readonly AutoResetEvent wake = new AutoResetEvent(false);
        private readonly byte[] writeBuffer = new byte[BufferSize];
        private Socket socket;
        private Stream stream;
        private StreamReaderLoop reader;
        private long lastOnline;

        /// <summary>Creates the connection; <see cref="RunOnce"/> runs it, one connection a call.</summary>
        /// <param name="host">The server's host name or address.</param>
        /// <param name="port">Its client port.</param>
        /// <param name="directTls">TLS from the first byte (XEP-0368) instead of STARTTLS.</param>
        /// <param name="authority">
        /// The CA the server's certificate must chain to; <c>null</c> uses the CA bundle stored on
        /// the device. The certificate is always verified: there is no "accept any certificate".
        /// </param>
        /// <param name="tlsName">The name the server's certificate must carry (the XMPP domain).</param>
        /// <param name="client">The client to run.</param>
        /// <param name="log">Where to write what happens.</param>
        public Esp32XmppConnection(string host, int port, bool directTls, X509Certificate authority, string tlsName, XmppClient client, ILog log)
        {
            this.host = host;
            this.port = port;
            this.directTls = directTls;
            this.authority = authority;
            this.tlsName = tlsName;
            this.client = client;
            this.log = log;
            lastOnline = Now;
        }

        /// <summary>Milliseconds since boot: the monotonic clock the client runs on (the wall clock jumps when SNTP sets it).</summary>
        public long Now
        {
            get { return Environment.TickCount64; }
        }

        /// <summary>How long the client has not been online, in milliseconds (0 while online).</summary>
        public long OfflineMilliseconds
        {
            get
            {
                lock (gate)
                {
                    return client.State == XmppClientState.Online ? 0 : Now - lastOnline;
                }
            }
        }

        /// <summary>Called on the loop after each tick of the client, e.g. the agent's timers.</summary>
        public ClientAction OnTick { get; set; }

        /// <summary>Asked at every tick whether the connection should go on (the Wi-Fi link's state).</summary>
        public LinkCheck KeepGoing { get; set; }

        /// <summary>
        /// Runs <paramref name="action"/> on the connection's thread with the client and the
        /// current time, online or not (at the latest within one tick). The same action posted
        /// again before it ran runs once; at most 8 wait.
        /// </summary>
        /// <param name="action">What to do with the client.</param>
        public void Post(ClientAction action)
        {
            lock (queue)
            {
                if (queue.Count < MaxQueued && !queue.Contains(action))
                {
                    queue.Add(action);
                }
            }

            wake.Set();
        }

        /// <summary>Waits up to <paramref name="milliseconds"/> while running posted work (the button's factory reset, a sensor's change), online or not.</summary>
        /// <param name="milliseconds">How long to wait.</param>
        public void Idle(int milliseconds)
        {
            var until = Now + milliseconds;
            for (var left = milliseconds; left > 0; left = (int)(until - Now))
            {
                wake.WaitOne(left < TickInterval ? left : TickInterval, false);
                lock (gate)
                {
                    try
                    {
                        RunQueued(Now);
                    }
                    catch (Exception e)
                    {
                        // Offline, this runs on the supervisor's thread: a failure (a flash write
                        // during a factory reset) must not end it.
                        log.Write("posted work failed: " + Describe(e));
                    }
                }
            }
        }

        /// <summary>One connection, to its end.</summary>
        /// <returns>How far it got, whether a step timed out, and how long it was online.</returns>
        public ConnectionOutcome RunOnce()
        {
            var outcome = new ConnectionOutcome();
            long onlineSince = -1;
            var connected = false;
            string failure = null;
            try
            {
                socket = ConnectAttempt.Open(host, port, ConnectTimeout, outcome);
                Configure(socket);
                outcome.Stage = directTls ? LinkStage.Tls : LinkStage.Xmpp;
                stream = directTls ? (Stream)StartTls() : new NetworkStream(socket, false);
                outcome.Stage = LinkStage.Xmpp;
                lock (gate)
                {
                    client.Connected(Now, directTls);
                    connected = true;
                    Flush();
                }

                log.Write("connected to " + host + ":" + port + (directTls ? " (direct TLS)" : string.Empty));
                StartReader();
                while (true)
                {
                    wake.WaitOne(TickInterval, false);
                    var upgrade = false;
                    lock (gate)
                    {
                        var now = Now;
                        if (client.State == XmppClientState.AwaitingTls)
                        {
                            // The reader stops by itself after the <proceed/>; then the socket is ours.
                            upgrade = reader.Done;
                            if (upgrade && reader.Error != null)
                            {
                                client.ConnectionLost(now, reader.Error);
                                break;
                            }
                        }
                        else if (reader.Done)
                        {
                            client.ConnectionLost(now, reader.Error ?? "the connection ended");
                            break;
                        }
                        else
                        {
                            RunQueued(now);
                            client.Tick(now);
                            var onTick = OnTick;
                            if (onTick != null)
                            {
                                onTick(client, now);
                            }

                            var isOnline = client.State == XmppClientState.Online;
                            if (isOnline)
                            {
                                if (onlineSince < 0)
                                {
                                    onlineSince = now;
                                    outcome.Stage = LinkStage.Session;
                                }

                                lastOnline = now;
                            }

                            var keepGoing = KeepGoing;
                            if (keepGoing != null && !keepGoing(now, isOnline))
                            {
                                client.ConnectionLost(now, "the network link is gone");
                                break;
                            }

                            Flush();
                            if (client.State == XmppClientState.Closing)
                            {
                                client.ConnectionLost(now, "closed");
                                break;
                            }

                            if (client.State == XmppClientState.Disconnected)
                            {
                                break;
                            }
                        }
                    }

                    if (upgrade)
                    {
                        // Outside the lock: the handshake takes seconds, and posted work may queue meanwhile.
                        outcome.Stage = LinkStage.Tls;
                        stream = StartTls();
                        outcome.Stage = LinkStage.Xmpp;
                        lock (gate)
                        {
                            client.TlsEstablished(Now);
                            Flush();
                        }

                        StartReader();
                    }
                }
            }
            catch (Exception e)
            {
                // Before Connected the client takes no reason (it had no connection), so it is kept here.
                failure = connected ? null : Describe(e);
                lock (gate)
                {
                    client.ConnectionLost(Now, Describe(e));
                }
            }
            finally
            {
                if (!Close())
                {
                    outcome.TimedOut = true;
                }
            }

            log.Write("connection ended: " + (failure ?? client.LastError));
            outcome.OnlineMilliseconds = onlineSince < 0 ? 0 : Now - onlineSince;
            return outcome;
        }

        private void Configure(Socket connected)
        {
            connected.SendTimeout = SendTimeout;
            connected.ReceiveTimeout = ReadTimeout;
            connected.SetSocketOption(SocketOptionLevel.Tcp, SocketOptionName.NoDelay, true);
            try
            {
                // The only bound on a handshake whose server went silent (see the class's remarks).
                // Socket-level KeepAlive is lwIP's SO_KEEPALIVE; the TCP-level numbers reach lwIP
                // unchanged (TCP_KEEPIDLE, TCP_KEEPINTVL, TCP_KEEPCNT).
                connected.SetSocketOption(SocketOptionLevel.Socket, SocketOptionName.KeepAlive, true);
                connected.SetSocketOption(SocketOptionLevel.Tcp, (SocketOptionName)TcpKeepalive.IdleOption, TcpKeepalive.IdleSeconds);
                connected.SetSocketOption(SocketOptionLevel.Tcp, (SocketOptionName)TcpKeepalive.IntervalOption, TcpKeepalive.IntervalSeconds);
                connected.SetSocketOption(SocketOptionLevel.Tcp, (SocketOptionName)TcpKeepalive.ProbesOption, TcpKeepalive.Probes);
            }
            catch (SocketException e)
            {
                log.Write("TCP keepalive could not be set (" + Describe(e) + "): a server that goes silent during the TLS handshake holds the thing until it closes the connection");
            }
        }

        private SslStream StartTls()
        {
            // One native call that no managed timeout reaches: TCP keepalive (Configure) ends it
            // when the server or the network goes silent; every managed thread waits meanwhile.
            var tls = new SslStream(socket);
            tls.SslVerification = SslVerification.CertificateRequired;
            try
            {
                tls.AuthenticateAsClient(tlsName, null, authority, SslProtocols.Tls12);
            }
            catch (Exception e)
            {
                // nanoFramework reports a failed handshake without saying why (a refused certificate
                // and a server that closed the connection look alike): name the checks, with the
                // board's clock, the usual culprit.
                throw new IOException(
                    "TLS with " + host + ":" + port + " failed (" + Describe(e) + "): the server ended the handshake, or its certificate was refused; it must be for "
                    + tlsName + " (the domain of xmpp.jid), issued by "
                    + (authority == null ? "a CA of the board's stored bundle (or set xmpp.ca_certificate)" : "the CA of xmpp.ca_certificate in thing.conf (deploy/flash --ca writes it to I:\\)")
                    + ", and valid at the board's time " + DateTime.UtcNow.ToString() + " UTC");
            }

            return tls;
        }

        private void StartReader()
        {
            reader = new StreamReaderLoop(this, socket, stream);
            reader.Worker = new Thread(reader.Run);
            reader.Worker.Start();
        }

        // Runs under the gate.
        private void RunQueued(long now)
        {
            while (true)
            {
                ClientAction action;
                lock (queue)
                {
                    if (queue.Count == 0)
                    {
                        return;
                    }

                    action = (ClientAction)queue[0];
                    queue.RemoveAt(0);
                }

                action(client, now);
            }
        }

        // Runs under the gate; a failed write that the library reports throws and ends the
        // connection (a failed TLS write it does not report: see the class's remarks).
        private void Flush()
        {
            var sent = false;
            while (client.OutputLength > 0)
            {
                var count = client.ReadOutput(writeBuffer, 0, writeBuffer.Length);
                stream.Write(writeBuffer, 0, count);
                sent = true;
            }

            if (sent)
            {
                stream.Flush();
            }
        }

        // Ends the stream: first the reader, then the stream, from this thread only. Returns false
        // when the reader did not stop in time; its stream is then left open rather than freed
        // under it (a panic in the native TLS code), and the supervisor counts a hung attempt.
        private bool Close()
        {
            var current = reader;
            reader = null;
            if (current != null)
            {
                current.Stop();
                if (!current.Worker.Join(ReadTimeout + (2 * ReaderWake)))
                {
                    log.Write("the reader did not stop within " + ((ReadTimeout + (2 * ReaderWake)) / 1000) + " s; its connection is left open");
                    stream = null;
                    socket = null;
                    return false;
                }
            }

            try
            {
                if (stream != null)
                {
                    // An SslStream closes its socket too (after a close_notify).
                    stream.Dispose();
                }
            }
            catch (Exception)
            {
                // Already broken: nothing more to release.
            }

            try
            {
                if (socket != null)
                {
                    socket.Close();
                }
            }
            catch (Exception)
            {
                // Closed with the stream.
            }

            stream = null;
            socket = null;
            return true;
        }

        private static string Describe(Exception e)
        {
            // A SocketException's message says nothing ("Exception was thrown: ..."); its code does.
            var socketError = e as SocketException;
            if (socketError != null)
            {
                return "SocketException " + socketError.ErrorCode;
            }

            var message = e.Message;
            return e.GetType().Name + (message == null || message.Length == 0 ? string.Empty : ": " + message);
        }

        /// <summary>
        /// Reads one stream until it ends, fails, is stopped, or the client asks for STARTTLS's
        /// handshake. It waits for data at most <see cref="ReaderWake"/> at a time (a Poll of the
        /// socket, or data mbedTLS holds decrypted already), so that a stop is seen within that.
        /// </summary>
        private sealed class StreamReaderLoop
        {
            private readonly Esp32XmppConnection owner;
            private readonly Socket socket;
            private readonly Stream source;
            private readonly SslStream tls;
            private readonly byte[] buffer = new byte[BufferSize];
            private bool stopped;

            public StreamReaderLoop(Esp32XmppConnection owner, Socket socket, Stream source)
            {
                this.owner = owner;
                this.socket = socket;
                this.source = source;
                tls = source as SslStream;
            }

            /// <summary>The thread that runs <see cref="Run"/>.</summary>
            public Thread Worker { get; set; }

            /// <summary>Whether the loop ended (read under the owner's gate).</summary>
            public bool Done { get; private set; }

            /// <summary>Why it ended, or <c>null</c> when it handed over for STARTTLS or was stopped.</summary>
            public string Error { get; private set; }

            public void Run()
            {
                string error = null;
                try
                {
                    while (!IsStopped())
                    {
                        if (!DataWaits())
                        {
                            continue;
                        }

                        int count;
                        try
                        {
                            count = source.Read(buffer, 0, buffer.Length);
                        }
                        catch (SocketException e)
                        {
                            if (e.ErrorCode == (int)SocketError.TimedOut)
                            {
                                // Part of a TLS record came and the rest not yet: look again.
                                continue;
                            }

                            throw;
                        }

                        if (count <= 0)
                        {
                            error = "the server closed the connection";
                            break;
                        }

                        var handOver = false;
                        lock (owner.gate)
                        {
                            if (stopped)
                            {
                                break;
                            }

                            owner.client.Receive(buffer, 0, count, owner.Now);

                            // After <proceed/> the next bytes on the socket are TLS: the loop's.
                            handOver = owner.client.State == XmppClientState.AwaitingTls;
                        }

                        owner.wake.Set();
                        if (handOver)
                        {
                            break;
                        }
                    }
                }
                catch (Exception e)
                {
                    error = Describe(e);
                }

                lock (owner.gate)
                {
                    Error = stopped ? null : error;
                    Done = true;
                }

                owner.wake.Set();
            }

            /// <summary>Makes the loop end within <see cref="ReaderWake"/> (or a Read's timeout), dropping whatever it reads from now on.</summary>
            public void Stop()
            {
                lock (owner.gate)
                {
                    stopped = true;
                }
            }

            private bool IsStopped()
            {
                lock (owner.gate)
                {
                    return stopped;
                }
            }

            private bool DataWaits()
            {
                // mbedTLS may hold a decrypted record's rest, which the socket no longer shows.
                return (tls != null && tls.DataAvailable) || socket.Poll(ReaderWake * 1000, SelectMode.SelectRead);
            }
        }
    }
}
