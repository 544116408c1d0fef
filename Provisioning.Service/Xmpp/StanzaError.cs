using SiotThing.Protocol.Xmpp;

namespace SiotThing.Provisioning.Xmpp;

/// <summary>A stanza error to answer a request with (RFC 6120 §8.3): its type, defined condition, a text for people and an optional application condition.</summary>
/// <param name="Type">cancel, continue, modify, auth or wait.</param>
/// <param name="Condition">The defined condition's element name (namespace <see cref="XmppNamespaces.Stanzas"/>).</param>
/// <param name="Text">A sentence that an ordinary client shows its user, or <c>null</c>.</param>
/// <param name="ApplicationCondition">The element name of an application-specific condition (e.g. XEP-0050's <c>bad-sessionid</c>), or <c>null</c>.</param>
/// <param name="ApplicationNamespace">Its namespace.</param>
public sealed record StanzaError(string Type, string Condition, string? Text = null, string? ApplicationCondition = null, string? ApplicationNamespace = null)
{
    /// <summary>bad-request (modify): malformed or out of bounds.</summary>
    /// <param name="text">What is wrong.</param>
    /// <returns>The error.</returns>
    public static StanzaError BadRequest(string text) => new("modify", "bad-request", text);

    /// <summary>forbidden (auth): the requester may not do this.</summary>
    /// <param name="text">Why.</param>
    /// <returns>The error.</returns>
    public static StanzaError Forbidden(string text) => new("auth", "forbidden", text);

    /// <summary>item-not-found (cancel).</summary>
    /// <param name="text">What was not found.</param>
    /// <returns>The error.</returns>
    public static StanzaError ItemNotFound(string text) => new("cancel", "item-not-found", text);

    /// <summary>conflict (cancel).</summary>
    /// <param name="text">With what.</param>
    /// <returns>The error.</returns>
    public static StanzaError Conflict(string text) => new("cancel", "conflict", text);

    /// <summary>service-unavailable (cancel): a request the service does not know (RFC 6120 §8.4).</summary>
    public static StanzaError ServiceUnavailable { get; } = new("cancel", "service-unavailable");

    /// <summary>resource-constraint (wait): the service is too busy, or the answer too large.</summary>
    /// <param name="text">Which.</param>
    /// <returns>The error.</returns>
    public static StanzaError ResourceConstraint(string text) => new("wait", "resource-constraint", text);
}
