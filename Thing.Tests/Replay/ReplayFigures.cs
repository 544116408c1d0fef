namespace SiotThing.Tests.Replay
{
    /// <summary>
    /// What a replay did and what the core's calls cost on this runtime: only the time inside the
    /// core's calls counts (the server's and the network's share of a real session is not in a
    /// replay). Times in ticks of 100 ns.
    /// </summary>
    public sealed class ReplayFigures
    {
        /// <summary>Steps replayed.</summary>
        public int Steps { get; internal set; }

        /// <summary>Boots (starts of the thing) replayed.</summary>
        public int Boots { get; internal set; }

        /// <summary>Sessions that started (logins and resumptions).</summary>
        public int Sessions { get; internal set; }

        /// <summary>Of <see cref="Sessions"/>, the resumptions.</summary>
        public int Resumptions { get; internal set; }

        /// <summary>Stanzas that reached the agent.</summary>
        public int Stanzas { get; internal set; }

        /// <summary>Stanzas that reached the agent while the client was online (not during a login).</summary>
        public int OnlineStanzas { get; internal set; }

        /// <summary>Bytes received.</summary>
        public long BytesIn { get; internal set; }

        /// <summary>Bytes written.</summary>
        public long BytesOut { get; internal set; }

        /// <summary>Time inside all the core's calls.</summary>
        public long CoreTicks { get; internal set; }

        /// <summary>Time inside <c>Receive</c> while online: the cost of the <see cref="OnlineStanzas"/>.</summary>
        public long OnlineReceiveTicks { get; internal set; }

        /// <summary>Time inside the core's calls from the first connection's <c>Connected</c> until its session started (with PBKDF2).</summary>
        public long FirstLoginTicks { get; internal set; }

        /// <summary>The same for every session after the first one, all together.</summary>
        public long LaterLoginTicks { get; internal set; }

        /// <summary>Time per stanza while online, in microseconds (0 without stanzas).</summary>
        public long MicrosecondsPerStanza
        {
            get { return OnlineStanzas == 0 ? 0 : OnlineReceiveTicks / 10 / OnlineStanzas; }
        }

        /// <summary>The figures in a few lines, for the test's output (docs/performance.md quotes them).</summary>
        /// <param name="name">The fixture's name.</param>
        /// <returns>The text.</returns>
        public string Describe(string name)
        {
            var later = Sessions > 1 ? LaterLoginTicks / 10 / (Sessions - 1) : 0;
            return name + ": " + Steps + " steps, " + Boots + " boots, " + Sessions + " sessions (" + Resumptions + " resumed), "
                + Stanzas + " stanzas, " + BytesIn + " bytes in, " + BytesOut + " bytes out\n"
                + name + ": core " + (CoreTicks / 10000) + " ms; first login " + (FirstLoginTicks / 10000) + " ms; later logins "
                + later + " us each; " + MicrosecondsPerStanza + " us per stanza online (" + OnlineStanzas + " stanzas)";
        }
    }
}
