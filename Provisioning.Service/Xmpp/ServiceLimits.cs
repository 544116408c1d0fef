using SiotThing.Protocol.Xml;

namespace SiotThing.Provisioning.Xmpp;

/// <summary>The bounds of the component's XML, in and out.</summary>
public static class ServiceLimits
{
    /// <summary>
    /// The largest stanza the service writes. An answer that would be larger (a list of thousands
    /// of pending requests) is replaced by a <c>resource-constraint</c> error.
    /// </summary>
    public const int MaxOutgoingStanza = 256 * 1024;

    /// <summary>How many received stanzas may wait for the store; beyond that IQs are answered <c>resource-constraint</c> (type wait).</summary>
    public const int MaxQueuedStanzas = 1000;

    /// <summary>
    /// How many waiting stanzas are answered with one commit of the store, at most (SQLite: one
    /// sync of the disk for all). More share the sync further but hold the first answer longer.
    /// </summary>
    public const int MaxBatchedStanzas = 8;

    /// <summary>
    /// Limits for what the server sends. A stanza beyond any of them is skipped and only its start
    /// tag is seen (an IQ then lacks its child: <c>bad-request</c>), so they are set well above
    /// what the server lets a client send (Prosody: 256 KiB per client stanza, 512 KiB per
    /// component stanza): every stanza a client can get to us is read whole, and the oversized
    /// ones of the siot protocol are answered with <c>bad-request</c> by the service.
    /// </summary>
    /// <returns>New limits (the parser reads them once).</returns>
    public static XmlLimits Parser() => new()
    {
        MaxStanzaBytes = 1024 * 1024,
        MaxHeaderBytes = 4096,
        MaxDepth = 4096,
        MaxAttributes = 1024,
        MaxNameLength = 4096,
        MaxNamespaces = 4096,
        MaxStanzaElements = 65536,
        MaxStanzaAttributes = 131072,
    };
}
