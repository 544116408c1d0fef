using SiotThing.Protocol.Xml;
using SiotThing.Protocol.Xmpp;

namespace SiotThing.Benchmarks;

/// <summary>
/// Decides what a stanza is the way a thing's agent would, with the <see cref="XmlStanza"/>
/// methods that allocate nothing (<c>NameEquals</c>, <c>AttributeEquals</c>, <c>HasAttribute</c>,
/// <c>Child</c>): it stands for the cheapest useful work a receiver does, so that what the
/// benchmarks allocate is the parser's and the client's, not the handler's.
/// </summary>
public static class StanzaRouter
{
    /// <summary>Routes the stanza just read.</summary>
    /// <param name="stanza">The parser's stanza view, with a complete stanza.</param>
    /// <param name="account">The thing's bare JID: a roster push must come from it (or from no one).</param>
    /// <returns>The route.</returns>
    public static StanzaRoute Route(XmlStanza stanza, string account)
    {
        var root = stanza.Root;
        if (stanza.NameEquals(root, "message"))
        {
            return stanza.AttributeEquals(root, "type", "chat") && stanza.Child(root, "body", null) >= 0
                ? StanzaRoute.ChatMessage
                : StanzaRoute.Other;
        }

        if (stanza.NameEquals(root, "presence"))
        {
            return stanza.HasAttribute(root, "type") ? StanzaRoute.Other : StanzaRoute.Presence;
        }

        if (!stanza.NameEquals(root, "iq"))
        {
            return StanzaRoute.Other;
        }

        if (stanza.AttributeEquals(root, "type", "result"))
        {
            return StanzaRoute.IqResult;
        }

        // RFC 6121 §2.1.6: a push from anyone but the account is not a push and must be ignored.
        var fromAccount = !stanza.HasAttribute(root, "from") || stanza.AttributeEquals(root, "from", account);
        return fromAccount && stanza.AttributeEquals(root, "type", "set") && stanza.Child(root, "query", XmppNamespaces.Roster) >= 0
            ? StanzaRoute.RosterPush
            : StanzaRoute.Other;
    }
}
