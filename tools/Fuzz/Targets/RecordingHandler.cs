using SiotThing.Protocol.Xml;
using SiotThing.Protocol.Xmpp;

namespace SiotThing.Fuzz.Targets;

/// <summary>A client handler that reads every stanza it is given, as a real one would.</summary>
public sealed class RecordingHandler : IXmppClientHandler
{
    /// <inheritdoc />
    public void SessionStarted(XmppClient client, bool resumed)
    {
    }

    /// <inheritdoc />
    public bool StanzaReceived(XmppClient client, XmlStanza stanza)
    {
        stanza.Text(stanza.Root);
        return false;
    }

    /// <inheritdoc />
    public void StanzaSkipped(XmppClient client, XmlStanza stanza, string reason)
    {
    }

    /// <inheritdoc />
    public void StanzaRefused(XmppClient client, string reason)
    {
    }

    /// <inheritdoc />
    public void IqAnswered(XmppClient client, int tag, XmlStanza response)
    {
    }

    /// <inheritdoc />
    public void SessionEnded(XmppClient client, string reason)
    {
    }
}
