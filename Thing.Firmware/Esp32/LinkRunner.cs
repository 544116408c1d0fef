using System;
using System.Threading;
using nanoFramework.Runtime.Native;
using SiotThing.Protocol.Link;
using SiotThing.Protocol.Ports;

namespace SiotThing.Firmware.Esp32
{
    /// <summary>
    /// Follows <see cref="LinkSupervisor"/>, which makes every decision: this class only does what
    /// <see cref="LinkSupervisor.Next"/> says with the <see cref="NetworkLink"/> and the
    /// <see cref="Esp32XmppConnection"/>, and reports what they answered.
    /// </summary>
    public sealed class LinkRunner
    {
        // How often the link's state is read while waiting.
        private const int PollInterval = 1000;

        // How long a reading of the link's state is reused: each reading builds every interface
        // object and reads its configuration from flash, and the connection asks at every tick.
        private const int StateReuse = 2000;

        private readonly NetworkLink link;
        private readonly LinkSupervisor supervisor;
        private readonly ILog log;
        private readonly Ssd1306Display display;
        private Esp32XmppConnection connection;
        private bool reportedOnline;
        private string lastProblem;
        private int repeats;
        private bool linkWasUp;
        private long linkReadAt = -StateReuse;

        /// <summary>Takes the link; the supervisor starts at boot.</summary>
        /// <param name="link">Wi-Fi or Ethernet.</param>
        /// <param name="entropy">Randomness for the backoffs' jitter.</param>
        /// <param name="display">Where to say what the link does.</param>
        /// <param name="log">Where to report.</param>
        public LinkRunner(NetworkLink link, IEntropySource entropy, Ssd1306Display display, ILog log)
        {
            this.link = link;
            this.display = display;
            this.log = log;
            supervisor = new LinkSupervisor(Now, entropy);
        }

        private static long Now
        {
            get { return Environment.TickCount64; }
        }

        /// <summary>Follows the supervisor until the link is up the first time (the agent's entropy needs the radio on).</summary>
        public void JoinFirst()
        {
            display.ShowMessage(link.Name, "connecting...");
            while (!supervisor.LinkUp)
            {
                Step();
            }
        }

        /// <summary>Follows the supervisor for ever, running <paramref name="xmpp"/>'s connections when it says so. Never returns.</summary>
        /// <param name="xmpp">The XMPP connection.</param>
        public void Run(Esp32XmppConnection xmpp)
        {
            connection = xmpp;
            xmpp.KeepGoing = new LinkCheck(CheckSession);
            while (true)
            {
                Step();
            }
        }

        private void Step()
        {
            var action = supervisor.Next(Now);
            if (action == LinkAction.Wait)
            {
                var left = supervisor.WakeAt - Now;
                var wait = left < PollInterval ? (int)(left > 0 ? left : 1) : PollInterval;
                if (connection != null)
                {
                    connection.Idle(wait);
                }
                else
                {
                    Thread.Sleep(wait);
                }

                supervisor.LinkReport(Now, LinkIsUp(Now));
            }
            else if (action == LinkAction.JoinLink)
            {
                Join();
            }
            else if (action == LinkAction.ConnectXmpp)
            {
                reportedOnline = false;
                var outcome = connection.RunOnce();
                supervisor.ConnectionEnded(Now, outcome.Stage, outcome.TimedOut, outcome.OnlineMilliseconds);
                supervisor.LinkReport(Now, LinkIsUp(Now));
            }
            else
            {
                log.Write("restarting: " + supervisor.RebootReason);
                display.ShowMessage(link.Name, "restarting...");
                Thread.Sleep(2000);

                // It only asks for the restart (the engine resets after its current pass).
                Power.RebootDevice();
                Thread.Sleep(Timeout.Infinite);
            }
        }

        private void Join()
        {
            if (link.Join())
            {
                log.Write(link.Name + ": up, clock " + DateTime.UtcNow.ToString() + " UTC");
                lastProblem = null;
                supervisor.LinkJoined(Now);
                return;
            }

            // The same problem every 20 s for hours would fill the console: said once, then counted.
            var problem = link.LastProblem;
            if (problem == lastProblem)
            {
                repeats++;
                if (repeats % 30 == 0)
                {
                    log.Write(link.Name + ": still failing (" + repeats + " more times): " + problem);
                }
            }
            else
            {
                lastProblem = problem;
                repeats = 0;
                log.Write(link.Name + ": " + problem);
                if (connection == null)
                {
                    // Before the first join only: afterwards the display is the agent's (the key).
                    display.ShowMessage(link.Name, problem);
                }
            }

            supervisor.LinkJoinFailed(Now, link.LastFailure);
        }

        private bool LinkIsUp(long now)
        {
            if (now - linkReadAt >= StateReuse)
            {
                linkWasUp = link.IsUp();
                linkReadAt = now;
            }

            return linkWasUp;
        }

        private bool CheckSession(long now, bool online)
        {
            if (online && !reportedOnline)
            {
                reportedOnline = true;
                supervisor.XmppOnline(now);

                // Once a session, with TLS up: what the heap has left (a collection, no compaction).
                log.Write("online over " + link.Name + "; managed heap free " + nanoFramework.Runtime.Native.GC.Run(false) + " B");
            }

            supervisor.LinkReport(now, LinkIsUp(now));
            return supervisor.KeepSession(now);
        }
    }
}
