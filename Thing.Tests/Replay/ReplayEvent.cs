namespace SiotThing.Tests.Replay
{
    /// <summary>
    /// What the core did at a port during a step (docs/replay.md); the numbers are the format
    /// that Thing.Firmware/Host/Recording/SessionEvent.cs writes. Entropy, store reads and pin
    /// reads are given back to the core; the others are compared.
    /// </summary>
    public enum ReplayEvent : byte
    {
        /// <summary>Random bytes drawn (payload: the bytes).</summary>
        Entropy = 1,

        /// <summary>A flash slot read (payload: slot, contents or none).</summary>
        StoreRead = 2,

        /// <summary>A flash slot written (payload: slot, bytes).</summary>
        StoreWrite = 3,

        /// <summary>The display (payload: name, claim key or none, status).</summary>
        Display = 4,

        /// <summary>The input pin read (payload: the level).</summary>
        PinRead = 5,

        /// <summary>The output pin set (payload: the level).</summary>
        PinWrite = 6,

        /// <summary>The bytes ReadOutput gave (payload: the bytes).</summary>
        Output = 7,
    }
}
