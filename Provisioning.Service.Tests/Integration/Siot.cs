using System.Xml.Linq;

namespace SiotThing.Provisioning.Tests.Integration;

/// <summary>Builders of the siot, XEP-0030, XEP-0050 and XEP-0004 elements the tests send, and readers of the answers.</summary>
internal static class Siot
{
    public static readonly XNamespace Ns = "urn:xmpp:siot:1";
    public static readonly XNamespace Stanzas = "urn:ietf:params:xml:ns:xmpp-stanzas";
    public static readonly XNamespace Commands = "http://jabber.org/protocol/commands";
    public static readonly XNamespace Forms = "jabber:x:data";
    public static readonly XNamespace DiscoInfo = "http://jabber.org/protocol/disco#info";
    public static readonly XNamespace DiscoItems = "http://jabber.org/protocol/disco#items";

    public static XElement Register(string key, params (string? Lang, string Name)[] names) =>
        new(Ns + "register", new XAttribute("key", key), names.Select(n => new XElement(Ns + "name", n.Lang == null ? null : new XAttribute(XNamespace.Xml + "lang", n.Lang), n.Name)));

    public static XElement Claim(string name, string key) => new(Ns + "claim", new XAttribute("name", name), new XAttribute("key", key));

    public static XElement IsFriend(string jid) => new(Ns + "is-friend-query", new XAttribute("jid", jid));

    public static XElement Withdrawn(string jid) => new(Ns + "friend-request-withdrawn", new XAttribute("jid", jid));

    public static XElement PendingQuery(string? thing = null) => new(Ns + "pending-friend-query", thing == null ? null : new XAttribute("thing", thing));

    public static XElement Update(string? thing, params (string Jid, bool Friend)[] items) =>
        new(Ns + "friend-state-update", thing == null ? null : new XAttribute("thing", thing), items.Select(i => new XElement(Ns + (i.Friend ? "friend" : "non-friend"), new XAttribute("jid", i.Jid))));

    public static XElement Command(string node, string? sessionId = null, string? action = null, params (string Var, string[] Values)[] submit) =>
        new(Commands + "command",
            new XAttribute("node", node),
            sessionId == null ? null : new XAttribute("sessionid", sessionId),
            action == null ? null : new XAttribute("action", action),
            sessionId == null ? null : new XElement(Forms + "x", new XAttribute("type", "submit"), submit.Select(f => new XElement(Forms + "field", new XAttribute("var", f.Var), f.Values.Select(v => new XElement(Forms + "value", v))))));

    /// <summary>The result's type: "result", or the error's condition ("error:item-not-found").</summary>
    public static string Outcome(XElement iq) =>
        (string?)iq.Attribute("type") == "error" ? "error:" + ErrorCondition(iq) : (string)iq.Attribute("type")!;

    public static string ErrorCondition(XElement stanza) =>
        stanza.Element(XName.Get("error", "jabber:client"))!.Elements().First(e => e.Name.Namespace == Stanzas && e.Name.LocalName != "text").Name.LocalName;

    public static string ErrorType(XElement stanza) => (string)stanza.Element(XName.Get("error", "jabber:client"))!.Attribute("type")!;

    public static bool From(XElement stanza, string jid) => ((string?)stanza.Attribute("from"))?.Split('/')[0] == jid;

    /// <summary>The session id of an ad-hoc command's answer.</summary>
    public static string SessionId(XElement iq) => (string)Payload(iq, Commands + "command").Attribute("sessionid")!;

    /// <summary>The status of an ad-hoc command's answer (executing, completed, canceled).</summary>
    public static string Status(XElement iq) => (string)Payload(iq, Commands + "command").Attribute("status")!;

    public static XElement Payload(XElement stanza, XName name) => stanza.Element(name) ?? throw new InvalidOperationException($"no {name} in {stanza}");
}
