namespace SiotThing.Benchmarks;

/// <summary>Where <see cref="StanzaRouter"/> sends a stanza.</summary>
public enum StanzaRoute
{
    /// <summary>Anything the benchmarks do not expect.</summary>
    Other,

    /// <summary>A chat message with a body.</summary>
    ChatMessage,

    /// <summary>An available presence.</summary>
    Presence,

    /// <summary>An IQ result.</summary>
    IqResult,

    /// <summary>A roster push from the account itself.</summary>
    RosterPush,
}
