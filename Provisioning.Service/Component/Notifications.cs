using SiotThing.Protocol.Siot;
using SiotThing.Provisioning.Storage;
using SiotThing.Provisioning.Xmpp;

namespace SiotThing.Provisioning.Component;

/// <summary>
/// The stanzas the service sends on its own, after an operation (docs/protocol-notes.md). Messages
/// are of type normal and go to bare JIDs, so the server keeps them offline while the recipient
/// is away. Those for people carry a body that an ordinary client shows. A message owed through
/// the outbox has the id <c>siot-outbox-N</c> (N its outbox id; <c>-P</c> added for the parts of a
/// split friendship-states), the same at every attempt, so that a duplicate can be told as one.
/// </summary>
internal sealed class Notifications(StanzaWriter writer)
{
    /// <summary>The stanzas of an owed message: one, or several for a friendship-states larger than a thing reads.</summary>
    public IReadOnlyList<byte[]> Render(OutboxMessage message)
    {
        var id = "siot-outbox-" + message.Id.ToString(System.Globalization.CultureInfo.InvariantCulture);
        return message.Kind switch
        {
            OutboxKind.Owner => [Owner(message.To, message.Jid, id)],
            OutboxKind.FriendshipStates => FriendshipStates(message.To, message.Items, id),
            OutboxKind.PendingFriend => [message.Jid == null ? MorePending(message.To, id) : PendingFriend(message.To, message.Thing, message.Jid, id)],
            _ => [ThingReset(message.To, message.Thing, id)],
        };
    }

    /// <summary>After a registration: the service subscribes to the thing's presence (ProtoXEP example 3).</summary>
    public byte[] Subscribe(string thing) => writer.Presence(thing, "subscribe");

    /// <summary>The answer to a subscription request: approved for a registered thing, refused for anyone else.</summary>
    public byte[] SubscriptionAnswer(string to, bool approve) => writer.Presence(to, approve ? "subscribed" : "unsubscribed");

    /// <summary>Tells a thing its owner (after a claim), or that it has none (after a disown: <paramref name="owner"/> is <c>null</c>).</summary>
    public byte[] Owner(string thing, string? owner, string? id = null) => writer.Message(
        thing,
        w =>
        {
            w.StartElement("owner");
            w.Attribute("xmlns", SiotNamespaces.Siot);
            if (owner != null)
            {
                w.Attribute("jid", owner);
            }

            w.EndElement();
        },
        null,
        id);

    /// <summary>
    /// Tells a thing the owner's decisions (ProtoXEP example 18), in as many messages as it takes
    /// for each to stay within what the thing reads (<see cref="ThingLimits"/>), in order.
    /// </summary>
    public IReadOnlyList<byte[]> FriendshipStates(string thing, IReadOnlyList<FriendChange> changes, string? id = null)
    {
        var messages = new List<byte[]>();
        var start = 0;
        while (start < changes.Count)
        {
            // One item always goes: the store bounds its JID so that it fits (ThingLimits.MaxJidBytes).
            var count = 1;
            var partId = id == null ? null : messages.Count == 0 ? id : id + "-" + messages.Count.ToString(System.Globalization.CultureInfo.InvariantCulture);
            var message = FriendshipStates(thing, changes, start, count, partId);
            while (start + count < changes.Count && count < ThingLimits.MaxItemsPerMessage)
            {
                var larger = FriendshipStates(thing, changes, start, count + 1, partId);
                if (larger.Length > ThingLimits.MaxMessageBytes)
                {
                    break;
                }

                message = larger;
                count++;
            }

            messages.Add(message);
            start += count;
        }

        return messages;
    }

    private byte[] FriendshipStates(string thing, IReadOnlyList<FriendChange> changes, int start, int count, string? id) => writer.Message(
        thing,
        w =>
        {
            w.StartElement("friendship-states");
            w.Attribute("xmlns", SiotNamespaces.Siot);
            for (var i = start; i < start + count; i++)
            {
                var change = changes[i];
                w.StartElement("item");
                w.Attribute("jid", change.Jid);
                w.Attribute("friend", change.Friend ? "yes" : "no");
                w.EndElement();
            }

            w.EndElement();
        },
        null,
        id);

    /// <summary>Tells an owner that a thing it owned was reset to factory settings (and is no longer its).</summary>
    public byte[] ThingReset(string previousOwner, string thing, string? id = null) => writer.Message(
        previousOwner,
        w =>
        {
            w.StartElement("thing-reset");
            w.Attribute("xmlns", SiotNamespaces.Siot);
            w.Attribute("jid", thing);
            w.EndElement();
        },
        $"{thing} was reset to factory settings: it is no longer yours, and its friends are gone.",
        id);

    /// <summary>Tells an owner that someone asks to be a friend of its thing.</summary>
    public byte[] PendingFriend(string owner, string thing, string requestor, string? id = null) => writer.Message(
        owner,
        w =>
        {
            w.StartElement("pending-friend-notification");
            w.Attribute("xmlns", SiotNamespaces.Siot);
            w.Attribute("thing", thing);
            w.Attribute("jid", requestor);
            w.EndElement();
        },
        $"{requestor} asks to be a friend of {thing}. Decide with the command \"{Commands.CommandNodes.PendingTitle}\" of {writer.Domain}.",
        id);

    /// <summary>
    /// Tells an owner, once an hour at most, that more requests came than it is told of one by
    /// one (ProvisioningLimits.MaxPendingNotifications an hour): a body only, since no single
    /// requestor or thing is meant; the pending list has them all.
    /// </summary>
    public byte[] MorePending(string owner, string? id = null) => writer.Message(
        owner,
        _ => { },
        $"More people ask to be friends of your things than you are told of one by one; you are not told of more this hour. See them all with the command \"{Commands.CommandNodes.PendingTitle}\" of {writer.Domain}.",
        id);
}
