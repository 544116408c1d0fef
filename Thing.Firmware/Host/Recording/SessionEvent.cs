namespace SiotThing.Firmware.Host.Recording;

/// <summary>
/// What happens at the core's ports during a step, in order: what the core drew (entropy, the
/// flash's contents, a sensor's level) is replayed to it; what it did (bytes written, flash
/// writes, the display, the relay) is compared. The numbers are the format (docs/replay.md),
/// shared with Thing.Tests/Replay/ReplayEvent.cs.
/// </summary>
public enum SessionEvent : byte
{
    /// <summary>The core drew random bytes (payload: the bytes).</summary>
    Entropy = 1,

    /// <summary>The core read a flash slot (payload: the slot, its contents or none).</summary>
    StoreRead = 2,

    /// <summary>The core wrote a flash slot (payload: the slot, the bytes).</summary>
    StoreWrite = 3,

    /// <summary>The core showed something (payload: name, claim key or none, status).</summary>
    Display = 4,

    /// <summary>The core read the input pin (payload: the level).</summary>
    PinRead = 5,

    /// <summary>The core set the output pin (payload: the level).</summary>
    PinWrite = 6,

    /// <summary>The bytes <c>ReadOutput</c> gave the host (payload: the bytes).</summary>
    Output = 7,
}
