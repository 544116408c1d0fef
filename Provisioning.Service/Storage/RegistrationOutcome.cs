namespace SiotThing.Provisioning.Storage;

/// <summary>What a registration did.</summary>
public enum RegistrationOutcome
{
    /// <summary>A new thing.</summary>
    Registered,

    /// <summary>The same thing with the same key again (a lost result): its names were updated, nothing else changed.</summary>
    Repeated,

    /// <summary>The same thing with a new key (a factory reset): its owner, friends and pending requests were dropped.</summary>
    Reset,

    /// <summary>Another thing registered this key; nothing changed (the thing draws a new key).</summary>
    KeyConflict,
}
