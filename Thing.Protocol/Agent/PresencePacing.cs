namespace SiotThing.Protocol.Agent
{
    /// <summary>
    /// The pacing of the presence pushes the device causes by itself (a sensor, a local switch): a
    /// sensor that flaps must not flood its friends, so at most one push per 5 s; a change within
    /// that time goes out when the interval is over, once, with the state of then.
    /// It decides only when a push goes; it does not decide what the presence says (the device's
    /// status), nor the push after a friend's command (<see cref="FriendCommands"/> sends that at
    /// once), and does not send.
    /// </summary>
    public sealed class PresencePacing
    {
        private const int MinimumInterval = 5000;

        private bool due;
        private long lastPush = long.MinValue / 2;

        /// <summary>The device changed: its friends are to see it.</summary>
        public void Changed()
        {
            due = true;
        }

        /// <summary>Whether a push goes now: one is due and 5 s passed since the last; if so, it counts as sent.</summary>
        /// <param name="now">The time in milliseconds.</param>
        /// <returns>Whether to send the presence now.</returns>
        public bool TakeDue(long now)
        {
            if (!due || now - lastPush < MinimumInterval)
            {
                return false;
            }

            due = false;
            lastPush = now;
            return true;
        }
    }
}
