using SiotThing.Protocol.Xml;
using SiotThing.Provisioning.Xmpp;

namespace SiotThing.Fuzz.Targets;

/// <summary>A component handler that reads every stanza it is given.</summary>
public sealed class SilentComponentHandler : IComponentHandler
{
    /// <inheritdoc />
    public void Online(ComponentStream stream)
    {
    }

    /// <inheritdoc />
    public void StanzaReceived(ComponentStream stream, XmlStanza stanza) => stanza.Text(stanza.Root);

    /// <inheritdoc />
    public void Ended(ComponentStream stream, string reason)
    {
    }
}
