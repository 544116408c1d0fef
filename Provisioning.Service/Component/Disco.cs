using SiotThing.Protocol.Siot;
using SiotThing.Protocol.Xml;
using SiotThing.Protocol.Xmpp;
using SiotThing.Provisioning.Commands;
using SiotThing.Provisioning.Xmpp;

namespace SiotThing.Provisioning.Component;

/// <summary>
/// Service discovery (XEP-0030) of the component: what it is and speaks, and its ad-hoc commands
/// (XEP-0050 §2.2: the items of node <c>http://jabber.org/protocol/commands</c>, each command a
/// node with identity automation/command-node).
/// </summary>
internal sealed class Disco(AdHocCommands commands, StanzaWriter writer)
{
    /// <summary>The component's name, as clients show it.</summary>
    public const string Name = "SiotThing provisioning service";

    private static readonly string[] Features =
    [
        SiotNamespaces.DiscoInfo,
        SiotNamespaces.DiscoItems,
        SiotNamespaces.Commands,
        ComponentNamespaces.DataForms,
        XmppNamespaces.Ping,
        SiotNamespaces.Siot,
    ];

    /// <summary>Answers a disco#info get.</summary>
    public byte[] Info(ReceivedElement iq, ReceivedElement query)
    {
        var node = query.Attribute("node");
        if (node == null)
        {
            return writer.Result(iq, w => Query(w, SiotNamespaces.DiscoInfo, null, () =>
            {
                Identity(w, "component", "generic", Name);
                foreach (var feature in Features)
                {
                    Feature(w, feature);
                }
            }));
        }

        if (node == SiotNamespaces.Commands)
        {
            return writer.Result(iq, w => Query(w, SiotNamespaces.DiscoInfo, node, () => Identity(w, "automation", "command-list", "Commands")));
        }

        var command = commands.Find(node);
        if (command == null)
        {
            return writer.Error(iq, StanzaError.ItemNotFound("no such node"))!;
        }

        return writer.Result(iq, w => Query(w, SiotNamespaces.DiscoInfo, node, () =>
        {
            Identity(w, "automation", "command-node", command.Title);
            Feature(w, SiotNamespaces.Commands);
            Feature(w, ComponentNamespaces.DataForms);
        }));
    }

    /// <summary>Answers a disco#items get.</summary>
    public byte[] Items(ReceivedElement iq, ReceivedElement query)
    {
        var node = query.Attribute("node");
        if (node == null || commands.Find(node) != null)
        {
            // The component and each command have no items.
            return writer.Result(iq, w => Query(w, SiotNamespaces.DiscoItems, node, () => { }));
        }

        if (node != SiotNamespaces.Commands)
        {
            return writer.Error(iq, StanzaError.ItemNotFound("no such node"))!;
        }

        return writer.Result(iq, w => Query(w, SiotNamespaces.DiscoItems, node, () =>
        {
            foreach (var command in commands.All)
            {
                w.StartElement("item");
                w.Attribute("jid", writer.Domain);
                w.Attribute("node", command.Node);
                w.Attribute("name", command.Title);
                w.EndElement();
            }
        }));
    }

    private static void Query(XmlWriter w, string ns, string? node, Action content)
    {
        w.StartElement("query");
        w.Attribute("xmlns", ns);
        if (node != null)
        {
            w.Attribute("node", node);
        }

        content();
        w.EndElement();
    }

    private static void Identity(XmlWriter w, string category, string type, string name)
    {
        w.StartElement("identity");
        w.Attribute("category", category);
        w.Attribute("type", type);
        w.Attribute("name", name);
        w.EndElement();
    }

    private static void Feature(XmlWriter w, string feature)
    {
        w.StartElement("feature");
        w.Attribute("var", feature);
        w.EndElement();
    }
}
