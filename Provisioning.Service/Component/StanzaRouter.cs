using Microsoft.Extensions.Logging;
using SiotThing.Protocol.Siot;
using SiotThing.Protocol.Xmpp;
using SiotThing.Provisioning.Commands;
using SiotThing.Provisioning.Storage;
using SiotThing.Provisioning.Xmpp;

namespace SiotThing.Provisioning.Component;

/// <summary>
/// Decides what each received stanza gets. Every IQ get or set is answered exactly once (an
/// unknown one with <c>service-unavailable</c>, RFC 6120 §8.4); IQ results and errors, and
/// errors of any kind, are never answered (§8.3.1). Presence: a subscription request is
/// approved for a registered thing and refused for anyone else (the service needs no one's
/// subscription); nothing else needs an answer. Messages to the service are not read.
/// </summary>
internal sealed class StanzaRouter(
    SiotRequests siot,
    AdHocCommands commands,
    Disco disco,
    IProvisioningStore store,
    Notifications notifications,
    StanzaWriter writer,
    ILogger logger)
{
    /// <summary>Handles one stanza.</summary>
    /// <param name="stanza">The stanza.</param>
    /// <param name="cancellationToken">Cancels the store operations.</param>
    /// <returns>What to send, in order: the answer first.</returns>
    public async Task<List<byte[]>> HandleAsync(ReceivedElement stanza, CancellationToken cancellationToken)
    {
        var type = stanza.Attribute("type");
        if (stanza.Name == "presence")
        {
            return type == "subscribe" ? await AnswerSubscriptionAsync(stanza, cancellationToken) : [];
        }

        if (stanza.Name != "iq" || type is not ("get" or "set"))
        {
            return [];
        }

        var from = Jid.Parse(stanza.Attribute("from") ?? string.Empty);
        var payload = stanza.Children.Count == 1 ? stanza.Children[0] : null;
        if (from == null || payload == null)
        {
            // RFC 6120 §8.2.3: a get or set has exactly one child; the server always stamps 'from'.
            return Error(stanza, StanzaError.BadRequest("an IQ get or set has exactly one child element"));
        }

        if (!Jid.BareEquals(stanza.Attribute("to") ?? string.Empty, writer.Domain) || Jid.Parse(stanza.Attribute("to")!)!.Resource != null)
        {
            // Addresses inside the component's domain other than the component itself have no one behind them.
            return Error(stanza, StanzaError.ServiceUnavailable);
        }

        if (SiotRequests.Handles(type, payload))
        {
            return await siot.HandleAsync(stanza, from, payload, cancellationToken);
        }

        if (type == "set" && payload.Is("command", SiotNamespaces.Commands))
        {
            return await commands.HandleAsync(stanza, from, payload, cancellationToken);
        }

        if (type == "get" && payload.Is("query", SiotNamespaces.DiscoInfo))
        {
            return [disco.Info(stanza, payload)];
        }

        if (type == "get" && payload.Is("query", SiotNamespaces.DiscoItems))
        {
            return [disco.Items(stanza, payload)];
        }

        if (type == "get" && payload.Is("ping", XmppNamespaces.Ping))
        {
            return [writer.Result(stanza, null)];
        }

        return Error(stanza, StanzaError.ServiceUnavailable);
    }

    private async Task<List<byte[]>> AnswerSubscriptionAsync(ReceivedElement presence, CancellationToken cancellationToken)
    {
        var from = Jid.Parse(presence.Attribute("from") ?? string.Empty);
        if (from == null)
        {
            return [];
        }

        var thing = await store.GetThingAsync(from.Bare, cancellationToken);
        logger.LogDebug("Subscription request from {Jid}: {Answer}", from.Bare, thing != null ? "approved (a thing)" : "refused");
        return [notifications.SubscriptionAnswer(from.Bare, thing != null)];
    }

    private List<byte[]> Error(ReceivedElement stanza, StanzaError error) => writer.Error(stanza, error) is { } reply ? [reply] : [];
}
