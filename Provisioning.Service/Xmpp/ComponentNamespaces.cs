namespace SiotThing.Provisioning.Xmpp;

/// <summary>The namespaces the component speaks beyond those of <see cref="Protocol.Xmpp.XmppNamespaces"/> and <see cref="Protocol.Siot.SiotNamespaces"/>.</summary>
public static class ComponentNamespaces
{
    /// <summary>The default namespace of an external component's stream (XEP-0114).</summary>
    public const string Accept = "jabber:component:accept";

    /// <summary>Data forms (XEP-0004).</summary>
    public const string DataForms = "jabber:x:data";
}
