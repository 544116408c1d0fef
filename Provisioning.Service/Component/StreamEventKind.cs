namespace SiotThing.Provisioning.Component;

/// <summary>What happened on the component stream, as the processing loop learns it (<see cref="StreamEvent"/>).</summary>
internal enum StreamEventKind
{
    /// <summary>The server accepted the component: a new session began.</summary>
    Online,

    /// <summary>The connection ended.</summary>
    Offline,

    /// <summary>An outbox probe came back: the server took everything sent before it.</summary>
    Confirmed,
}
