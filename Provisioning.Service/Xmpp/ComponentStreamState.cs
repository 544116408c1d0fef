namespace SiotThing.Provisioning.Xmpp;

/// <summary>Where a <see cref="ComponentStream"/> is.</summary>
public enum ComponentStreamState
{
    /// <summary>No connection.</summary>
    Disconnected,

    /// <summary>Our stream header is out; waiting for the server's, whose id the handshake needs.</summary>
    Opening,

    /// <summary>The handshake is out; waiting for the server's empty <c>&lt;handshake/&gt;</c>.</summary>
    Handshaking,

    /// <summary>Accepted: stanzas flow both ways.</summary>
    Online,

    /// <summary>The stream is over; the transport sends what is queued and closes the connection.</summary>
    Closing,
}
