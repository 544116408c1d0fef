using SiotThing.Protocol.Ports;

namespace SiotThing.Protocol.Xmpp
{
    /// <summary>
    /// How long to wait before the next connection attempt: exponential backoff with jitter, so
    /// that a thing recovers by itself for months and a fleet of things does not hit a restarted
    /// server all at once. The delay for attempt n is drawn uniformly from [d/2, d] with
    /// d = min(max, initial * 2^n) ("equal jitter": never zero, never more than the cap).
    /// The adapter only sleeps and dials; the decision lives here.
    /// </summary>
    public sealed class ReconnectPolicy
    {
        /// <summary>
        /// How long a session must have stayed online, in milliseconds, for
        /// <see cref="SessionEnded"/> to start the backoff over: 60 s. A session that ends sooner
        /// counts as a failed attempt, so that nothing a server or a peer sends that ends every
        /// session at once can make the thing reconnect in a tight loop.
        /// </summary>
        public const int StableSession = 60000;

        private readonly int initialDelay;
        private readonly int maximumDelay;
        private readonly IEntropySource entropy;
        private readonly byte[] random = new byte[2];

        /// <summary>Creates a policy.</summary>
        /// <param name="initialDelay">The delay ceiling of the first retry, in milliseconds (at least 1).</param>
        /// <param name="maximumDelay">The highest delay ever returned, in milliseconds (at least <paramref name="initialDelay"/>).</param>
        /// <param name="entropy">Randomness for the jitter.</param>
        public ReconnectPolicy(int initialDelay, int maximumDelay, IEntropySource entropy)
        {
            if (initialDelay < 1 || maximumDelay < initialDelay)
            {
                throw new System.ArgumentOutOfRangeException("initialDelay", "need 1 <= initialDelay <= maximumDelay");
            }

            this.initialDelay = initialDelay;
            this.maximumDelay = maximumDelay;
            this.entropy = entropy;
        }

        /// <summary>How many attempts have failed since the last <see cref="Reset"/>.</summary>
        public int FailedAttempts { get; private set; }

        /// <summary>Records a failed attempt and returns how long to wait before the next one.</summary>
        /// <returns>The delay in milliseconds.</returns>
        public int NextDelay()
        {
            // Doubling stops at the cap, so neither the loop nor the int can run away.
            var ceiling = initialDelay;
            for (var i = 0; i < FailedAttempts && ceiling < maximumDelay; i++)
            {
                ceiling = ceiling > maximumDelay / 2 ? maximumDelay : ceiling * 2;
            }

            FailedAttempts++;
            entropy.Fill(random, 0, random.Length);
            var fraction = (random[0] << 8) | random[1];
            var floor = ceiling / 2;
            return floor + (int)((long)(ceiling - floor) * fraction / 0xFFFF);
        }

        /// <summary>Starts over: the next delay is the first one's again.</summary>
        public void Reset()
        {
            FailedAttempts = 0;
        }

        /// <summary>
        /// Records how long the connection that just ended was online (0 when it never was); only
        /// one that lasted <see cref="StableSession"/> or longer starts the backoff over. Call it
        /// before <see cref="NextDelay"/>.
        /// </summary>
        /// <param name="onlineMilliseconds">From the session going online to the connection's end.</param>
        public void SessionEnded(long onlineMilliseconds)
        {
            if (onlineMilliseconds >= StableSession)
            {
                FailedAttempts = 0;
            }
        }
    }
}
