namespace SiotThing.Protocol.Devices
{
    /// <summary>
    /// Decides from the outcome of writes to a display panel whether it is there. On the ESP32 an
    /// I2C device that does not answer raises nothing: the write returns a failed transfer result,
    /// and the SSD13xx driver ignores it. So the adapter makes a write of its own whose result it
    /// reads (a no-operation command before it makes the driver, and after each frame) and reports
    /// the outcome to <see cref="Record"/>; what that means is decided here, where both runtimes
    /// test it, and the adapter stays a thin layer over the bus. Not thread-safe: the adapter calls
    /// it under its own lock.
    /// </summary>
    public sealed class DisplayPresence
    {
        /// <summary>
        /// How many probes in a row must fail at start before the panel counts as missing: a panel
        /// powered up with the board may not answer during its first milliseconds, so the adapter
        /// probes again (after a pause of its choosing) while the state is <see cref="DisplayPanelState.Probing"/>.
        /// </summary>
        public const int StartProbes = 3;

        /// <summary>
        /// How many frames in a row must fail before a present panel counts as missing: one
        /// disturbed transfer (a long wire, the relay switching) must not hide the key.
        /// </summary>
        public const int FailedFramesToLose = 3;

        /// <summary>
        /// How often, in milliseconds, the adapter repeats the claim key on the serial console while
        /// the panel is missing and the thing is unclaimed: a serial monitor opened after the boot
        /// shows the key within a minute.
        /// </summary>
        public const int KeyReminderInterval = 60 * 1000;

        private DisplayPanelState state;
        private int failures;

        /// <summary>Starts probing when a display is configured; otherwise the state stays <see cref="DisplayPanelState.None"/>.</summary>
        /// <param name="configured">Whether the configuration names a display (an I2C address).</param>
        public DisplayPresence(bool configured)
        {
            state = configured ? DisplayPanelState.Probing : DisplayPanelState.None;
        }

        /// <summary>What is known about the panel.</summary>
        public DisplayPanelState State
        {
            get { return state; }
        }

        /// <summary>Whether a configured panel does not answer: the serial console and the status LED say so.</summary>
        public bool Missing
        {
            get { return state == DisplayPanelState.Missing; }
        }

        /// <summary>
        /// Whether the adapter should probe before it draws: at start, and while the panel is
        /// missing (a panel plugged in or rewired later is found at the next screen change).
        /// </summary>
        public bool ShouldProbe
        {
            get { return state == DisplayPanelState.Probing || state == DisplayPanelState.Missing; }
        }

        /// <summary>
        /// Whether the claim key reaches a person through the serial console alone: a display is
        /// configured but missing, or none is configured, while the key must be shown.
        /// </summary>
        /// <param name="claimKey">The key being shown, or null when the thing is claimed.</param>
        /// <returns>true when the console must carry the key.</returns>
        public bool KeyOnConsoleOnly(string claimKey)
        {
            return claimKey != null && state != DisplayPanelState.Present && state != DisplayPanelState.Probing;
        }

        /// <summary>Takes the outcome of a probe or of a frame's writes.</summary>
        /// <param name="answered">Whether the panel acknowledged the whole write.</param>
        /// <returns>true when <see cref="State"/> changed (the adapter says so once, on the log).</returns>
        public bool Record(bool answered)
        {
            if (state == DisplayPanelState.None)
            {
                // Nothing configured, nothing to decide: a stray report changes nothing.
                return false;
            }

            if (answered)
            {
                failures = 0;
                return Become(DisplayPanelState.Present);
            }

            if (state == DisplayPanelState.Missing)
            {
                return false;
            }

            failures++;
            var limit = state == DisplayPanelState.Probing ? StartProbes : FailedFramesToLose;
            return failures >= limit && Become(DisplayPanelState.Missing);
        }

        private bool Become(DisplayPanelState next)
        {
            if (state == next)
            {
                return false;
            }

            state = next;
            failures = 0;
            return true;
        }
    }
}
