using SiotThing.Protocol.Xml;
using SiotThing.Provisioning.Xmpp;

namespace SiotThing.Provisioning.Tests;

/// <summary>Records what a <see cref="ComponentStream"/> reports.</summary>
internal sealed class RecordingComponentHandler : IComponentHandler
{
    public int Onlines { get; private set; }

    public List<string> Stanzas { get; } = [];

    public string? EndReason { get; private set; }

    public void Online(ComponentStream stream) => Onlines++;

    public void StanzaReceived(ComponentStream stream, XmlStanza stanza) => Stanzas.Add(stanza.Name(stanza.Root));

    public void Ended(ComponentStream stream, string reason) => EndReason = reason;
}
