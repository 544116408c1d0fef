using SiotThing.Protocol.Xml;

namespace SiotThing.Provisioning.Xmpp;

/// <summary>What a <see cref="ComponentStream"/> tells the layer above it. Calls come from inside the stream's methods, on the transport's loop.</summary>
public interface IComponentHandler
{
    /// <summary>The server accepted the handshake: the component is online.</summary>
    /// <param name="stream">The stream.</param>
    void Online(ComponentStream stream);

    /// <summary>A stanza (iq, message or presence) arrived.</summary>
    /// <param name="stream">The stream.</param>
    /// <param name="stanza">The stanza; valid only during the call.</param>
    void StanzaReceived(ComponentStream stream, XmlStanza stanza);

    /// <summary>The connection is gone (the stream is <see cref="ComponentStreamState.Disconnected"/> again).</summary>
    /// <param name="stream">The stream.</param>
    /// <param name="reason">Why, for the log.</param>
    void Ended(ComponentStream stream, string reason);
}
