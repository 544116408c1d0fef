using SiotThing.Protocol.Xml;

namespace SiotThing.Provisioning.Xmpp;

/// <summary>
/// An element of a received stanza, copied out of the parser's <see cref="XmlStanza"/> view.
/// That view is valid only until the next bytes are fed, while the service answers after an
/// asynchronous store operation: the copy lets a request wait in a queue. It is not a second
/// parser: the bytes were read by <see cref="XmlStreamParser"/>, within its limits. Only
/// <see cref="MaxDepth"/> levels are copied: no request the service reads goes deeper, and a
/// bounded copy keeps a deeply nested stanza from costing stack or memory.
/// </summary>
public sealed class ReceivedElement
{
    /// <summary>How many levels below the copied element are copied (an IQ's command, its form, a field, a value: four).</summary>
    public const int MaxDepth = 8;

    private readonly KeyValuePair<string, string>[] attributes;

    private ReceivedElement(string name, string ns, KeyValuePair<string, string>[] attributes, string text, IReadOnlyList<ReceivedElement> children)
    {
        Name = name;
        Namespace = ns;
        this.attributes = attributes;
        Text = text;
        Children = children;
    }

    /// <summary>The local name.</summary>
    public string Name { get; }

    /// <summary>The namespace name ("" for none).</summary>
    public string Namespace { get; }

    /// <summary>The character data directly inside the element.</summary>
    public string Text { get; }

    /// <summary>The child elements, in document order.</summary>
    public IReadOnlyList<ReceivedElement> Children { get; }

    /// <summary>Copies <paramref name="element"/> of <paramref name="stanza"/> with everything inside it.</summary>
    /// <param name="stanza">The parser's view.</param>
    /// <param name="element">The element to copy (e.g. <see cref="XmlStanza.Root"/>).</param>
    /// <returns>The copy.</returns>
    public static ReceivedElement Copy(XmlStanza stanza, int element) => Copy(stanza, element, MaxDepth);

    private static ReceivedElement Copy(XmlStanza stanza, int element, int levels)
    {
        var attributes = new KeyValuePair<string, string>[stanza.AttributeCount(element)];
        for (var i = 0; i < attributes.Length; i++)
        {
            attributes[i] = new(stanza.AttributeName(element, i), stanza.AttributeValue(element, i));
        }

        var children = new List<ReceivedElement>();
        for (var child = levels == 0 ? -1 : stanza.FirstChild(element); child >= 0; child = stanza.NextSibling(child))
        {
            children.Add(Copy(stanza, child, levels - 1));
        }

        return new ReceivedElement(stanza.Name(element), stanza.Namespace(element), attributes, stanza.Text(element), children);
    }

    /// <summary>The value of the attribute with qualified name <paramref name="name"/> (such as <c>type</c> or <c>xml:lang</c>), or <c>null</c>.</summary>
    /// <param name="name">The qualified name.</param>
    /// <returns>The value, or <c>null</c>.</returns>
    public string? Attribute(string name)
    {
        foreach (var (key, value) in attributes)
        {
            if (key == name)
            {
                return value;
            }
        }

        return null;
    }

    /// <summary>Whether the element has local name <paramref name="name"/> in namespace <paramref name="ns"/>.</summary>
    /// <param name="name">The local name.</param>
    /// <param name="ns">The namespace name.</param>
    /// <returns>True when both match.</returns>
    public bool Is(string name, string ns) => Name == name && Namespace == ns;

    /// <summary>The first child with local name <paramref name="name"/> in namespace <paramref name="ns"/>, or <c>null</c>.</summary>
    /// <param name="name">The local name.</param>
    /// <param name="ns">The namespace name.</param>
    /// <returns>The child, or <c>null</c>.</returns>
    public ReceivedElement? Child(string name, string ns) => Children.FirstOrDefault(c => c.Is(name, ns));
}
