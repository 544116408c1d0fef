using SiotThing.Protocol.Xml;

namespace SiotThing.Provisioning.Xmpp;

/// <summary>
/// Writes the stanzas the component sends with the project's <see cref="XmlWriter"/>, each into
/// its own byte array (they wait in a queue until the stream is online). Every stanza carries
/// <c>from</c> (the server refuses a component's stanza without one in its domain). One writer
/// serves one thread at a time: it reuses one scratch buffer.
/// </summary>
public sealed class StanzaWriter
{
    // iq/command/x/field/option/value and room to spare.
    private const int MaxDepth = 16;

    private readonly byte[] scratch = new byte[ServiceLimits.MaxOutgoingStanza];
    private readonly XmlWriter writer;

    /// <summary>Creates a writer for the component <paramref name="domain"/>.</summary>
    /// <param name="domain">The component's JID, the <c>from</c> of what it sends on its own.</param>
    public StanzaWriter(string domain)
    {
        Domain = domain;
        writer = new XmlWriter(scratch, MaxDepth);
    }

    /// <summary>The component's JID.</summary>
    public string Domain { get; }

    /// <summary>An IQ result to <paramref name="request"/>, with the payload <paramref name="payload"/> writes (or none).</summary>
    /// <param name="request">The IQ get or set.</param>
    /// <param name="payload">Writes the child of the result, or <c>null</c> for an empty result.</param>
    /// <returns>The stanza.</returns>
    /// <exception cref="InvalidOperationException">The answer is larger than <see cref="ServiceLimits.MaxOutgoingStanza"/>.</exception>
    public byte[] Result(ReceivedElement request, Action<XmlWriter>? payload) => Write(w =>
    {
        Response(w, request, "result");
        payload?.Invoke(w);
    });

    /// <summary>An error answer to <paramref name="request"/> (never to an error or an IQ result, RFC 6120 §8.3.1: those get <c>null</c>).</summary>
    /// <param name="request">The stanza that caused the error.</param>
    /// <param name="error">The error.</param>
    /// <returns>The stanza, or <c>null</c> when <paramref name="request"/> must not be answered.</returns>
    public byte[]? Error(ReceivedElement request, StanzaError error)
    {
        var type = request.Attribute("type");
        if (type == "error" || (request.Name == "iq" && type == "result"))
        {
            return null;
        }

        return Write(w =>
        {
            Response(w, request, "error");
            w.StartElement("error");
            w.Attribute("type", error.Type);
            w.StartElement(error.Condition);
            w.Attribute("xmlns", Protocol.Xmpp.XmppNamespaces.Stanzas);
            w.EndElement();
            if (error.Text != null)
            {
                w.StartElement("text");
                w.Attribute("xmlns", Protocol.Xmpp.XmppNamespaces.Stanzas);
                w.Attribute("xml:lang", "en");
                w.Text(error.Text);
                w.EndElement();
            }

            if (error.ApplicationCondition != null && error.ApplicationNamespace != null)
            {
                w.StartElement(error.ApplicationCondition);
                w.Attribute("xmlns", error.ApplicationNamespace);
                w.EndElement();
            }
        });
    }

    /// <summary>A message of type normal from the component (the server keeps it offline while the recipient is away).</summary>
    /// <param name="to">The recipient's bare JID.</param>
    /// <param name="payload">Writes the message's extension element.</param>
    /// <param name="body">A text for people, or <c>null</c>.</param>
    /// <param name="id">The message's id, or <c>null</c> for a new random one.</param>
    /// <returns>The stanza.</returns>
    public byte[] Message(string to, Action<XmlWriter> payload, string? body, string? id = null) => Write(w =>
    {
        w.StartElement("message");
        w.Attribute("from", Domain);
        w.Attribute("to", to);
        w.Attribute("type", "normal");
        w.Attribute("id", id ?? NewId());
        payload(w);
        if (body != null)
        {
            w.StartElement("body");
            w.Text(body);
            w.EndElement();
        }
    });

    /// <summary>A presence from the component, e.g. a subscription request or answer.</summary>
    /// <param name="to">The recipient's bare JID.</param>
    /// <param name="type">subscribe, subscribed, unsubscribed, ...</param>
    /// <returns>The stanza.</returns>
    public byte[] Presence(string to, string type) => Write(w =>
    {
        w.StartElement("presence");
        w.Attribute("from", Domain);
        w.Attribute("to", to);
        w.Attribute("type", type);
        w.Attribute("id", NewId());
    });

    /// <summary>An IQ get of <paramref name="payload"/> to <paramref name="to"/>, with the id <paramref name="id"/>.</summary>
    /// <param name="to">The addressee.</param>
    /// <param name="id">The IQ's id.</param>
    /// <param name="payload">Writes the IQ's child.</param>
    /// <returns>The stanza.</returns>
    public byte[] Get(string to, string id, Action<XmlWriter> payload) => Write(w =>
    {
        w.StartElement("iq");
        w.Attribute("from", Domain);
        w.Attribute("to", to);
        w.Attribute("type", "get");
        w.Attribute("id", id);
        payload(w);
    });

    private static string NewId() => Guid.NewGuid().ToString("N");

    private static void Response(XmlWriter w, ReceivedElement request, string type)
    {
        w.StartElement(request.Name);
        // From the address the request was sent to: the component or a JID in its domain.
        var to = request.Attribute("to");
        if (to != null)
        {
            w.Attribute("from", to);
        }

        var from = request.Attribute("from");
        if (from != null)
        {
            w.Attribute("to", from);
        }

        w.Attribute("type", type);
        var id = request.Attribute("id");
        if (id != null)
        {
            w.Attribute("id", id);
        }
    }

    private byte[] Write(Action<XmlWriter> write)
    {
        writer.Reset();
        try
        {
            write(writer);
            while (writer.Depth > 0)
            {
                writer.EndElement();
            }

            return scratch.AsSpan(0, writer.Length).ToArray();
        }
        finally
        {
            writer.Reset();
        }
    }
}
