namespace SiotThing.Provisioning.Component;

/// <summary>An event of the component stream, handed from the connection's loop to the processing loop, in the order it happened.</summary>
/// <param name="Kind">What happened.</param>
/// <param name="Session">The session it belongs to (counted from 1 by <see cref="StreamEventKind.Online"/>); for a confirmation, the session the probe was sent in.</param>
/// <param name="Probe">For <see cref="StreamEventKind.Confirmed"/>, the number of the probe that came back.</param>
internal sealed record StreamEvent(StreamEventKind Kind, int Session, long Probe = 0);
