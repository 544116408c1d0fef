using SiotThing.Protocol.Storage;

namespace SiotThing.Provisioning.Component;

/// <summary>
/// What a thing is guaranteed to read (docs/protocol-notes.md, "What a thing can read"), and so
/// the most the service sends one: the ESP32 build reads stanzas of 8 KiB (its parser's
/// <c>MaxStanzaBytes</c>), 128 elements and 256 attributes each, and stores an owner of 100 UTF-8
/// bytes. A thing beyond them would skip the message, and the owner's decision would never arrive.
/// </summary>
public static class ThingLimits
{
    /// <summary>The largest stanza every thing reads, in bytes on the wire (the ESP32's buffer).</summary>
    public const int MaxStanzaBytes = 8192;

    /// <summary>
    /// The largest message the service writes to a thing: 2 KiB below <see cref="MaxStanzaBytes"/>,
    /// room for what the server adds on the way (a delay stamp for an offline message, a stanza id).
    /// </summary>
    public const int MaxMessageBytes = 6144;

    /// <summary>
    /// The most items in one <c>friendship-states</c> message: with the message, its payload and
    /// the server's additions well within the thing's 128 elements and 256 attributes.
    /// </summary>
    public const int MaxItemsPerMessage = 64;

    /// <summary>
    /// The longest JID named in a message to a thing, in UTF-8 bytes: a bare JID as RFC 7622 bounds
    /// it (two parts of 1023 bytes and the '@'), so that one item always fits a message.
    /// </summary>
    public const int MaxJidBytes = 2047;

    /// <summary>The longest owner the thing stores, in UTF-8 bytes (<see cref="ThingState.MaxJidLength"/>).</summary>
    public const int MaxOwnerJidBytes = ThingState.MaxJidLength;
}
