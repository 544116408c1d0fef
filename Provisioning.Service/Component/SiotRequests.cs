using SiotThing.Protocol.Siot;
using SiotThing.Protocol.Xml;
using SiotThing.Protocol.Xmpp;
using SiotThing.Provisioning.Storage;
using SiotThing.Provisioning.Xmpp;

namespace SiotThing.Provisioning.Component;

/// <summary>
/// The siot IQs (urn:xmpp:siot:1) as docs/protocol-notes.md reads the ProtoXEP: a thing's
/// register, is-friend-query and friend-request-withdrawn, an owner's claim, pending-friend-query and friend-state-update.
/// The requester is the IQ's <c>from</c>, which the server stamps: a thing can only speak for its
/// own bare JID, and an owner only for its own. Each method returns the answer first, then the
/// stanzas the request causes at once (a subscription request); the messages it owes are in the
/// store's outbox.
/// </summary>
internal sealed class SiotRequests(IProvisioningStore store, OwnerOperations operations, Notifications notifications, StanzaWriter writer, TimeProvider time)
{
    /// <summary>Whether this service answers <paramref name="payload"/> in an IQ of <paramref name="type"/>.</summary>
    public static bool Handles(string type, ReceivedElement payload) =>
        payload.Namespace == SiotNamespaces.Siot && (type, payload.Name) is
            ("set", "register") or ("set", "claim") or ("get", "is-friend-query") or ("set", "friend-request-withdrawn") or ("get", "pending-friend-query") or ("set", "friend-state-update");

    /// <summary>Answers a siot IQ (one that <see cref="Handles"/>).</summary>
    /// <param name="iq">The request.</param>
    /// <param name="from">Its sender, as the server stamped it.</param>
    /// <param name="payload">The siot element.</param>
    /// <param name="cancellationToken">Cancels the store operation.</param>
    /// <returns>The answer, then the stanzas the request causes.</returns>
    public Task<List<byte[]>> HandleAsync(ReceivedElement iq, Jid from, ReceivedElement payload, CancellationToken cancellationToken) => payload.Name switch
    {
        "register" => RegisterAsync(iq, from, payload, cancellationToken),
        "claim" => ClaimAsync(iq, from, payload, cancellationToken),
        "is-friend-query" => IsFriendAsync(iq, from, payload, cancellationToken),
        "friend-request-withdrawn" => WithdrawnAsync(iq, from, payload, cancellationToken),
        "pending-friend-query" => PendingAsync(iq, from, payload, cancellationToken),
        _ => UpdateAsync(iq, from, payload, cancellationToken),
    };

    private async Task<List<byte[]>> RegisterAsync(ReceivedElement iq, Jid from, ReceivedElement register, CancellationToken cancellationToken)
    {
        if (from.Local == null)
        {
            return Error(iq, StanzaError.Forbidden("only an XMPP account (user@domain) can register as a thing"));
        }

        var key = register.Attribute("key");
        if (key == null)
        {
            return Error(iq, StanzaError.BadRequest("register needs a key attribute"));
        }

        var names = register.Children
            .Where(c => c.Is("name", SiotNamespaces.Siot))
            .Select(c => new ThingName(c.Attribute("xml:lang") ?? string.Empty, c.Text))
            .ToList();
        RegistrationResult result;
        try
        {
            result = await store.RegisterAsync(from.Bare, key, names, time.GetUtcNow(), cancellationToken);
        }
        catch (ArgumentException e)
        {
            return Error(iq, StanzaError.BadRequest(InvalidInputException.TextFor(e)));
        }

        if (result.Outcome == RegistrationOutcome.KeyConflict)
        {
            return Error(iq, StanzaError.Conflict("another thing registered this key: draw a new one"));
        }

        // Also after a repeat: a thing whose subscription was lost gets it back, and one that has it is not bothered by the server.
        // The owner (after a repeat) and thing-reset (to the previous owner) are in the outbox, sent after this answer.
        return [writer.Result(iq, null), notifications.Subscribe(from.Bare)];
    }

    private async Task<List<byte[]>> ClaimAsync(ReceivedElement iq, Jid from, ReceivedElement claim, CancellationToken cancellationToken)
    {
        var name = claim.Attribute("name");
        var key = claim.Attribute("key");
        if (name == null || key == null)
        {
            return Error(iq, StanzaError.BadRequest("claim needs the attributes name and key"));
        }

        var result = await operations.ClaimAsync(from.Bare, name, key, cancellationToken);
        if (result.Error != null)
        {
            return Error(iq, result.Error);
        }

        return [writer.Result(iq, w => Element(w, "claimed", ("jid", result.Value!)))];
    }

    private async Task<List<byte[]>> IsFriendAsync(ReceivedElement iq, Jid from, ReceivedElement query, CancellationToken cancellationToken)
    {
        var requestor = query.Attribute("jid");
        if (requestor == null)
        {
            return Error(iq, StanzaError.BadRequest("is-friend-query needs a jid attribute"));
        }

        FriendshipResult result;
        try
        {
            result = await store.IsFriendAsync(from.Bare, requestor, time.GetUtcNow(), cancellationToken);
        }
        catch (ArgumentException e)
        {
            return Error(iq, StanzaError.BadRequest(InvalidInputException.TextFor(e)));
        }

        var answer = result.Answer switch
        {
            FriendshipAnswer.Yes => "yes",
            FriendshipAnswer.No => "no",
            FriendshipAnswer.Pending => "pending",
            _ => null,
        };
        if (answer == null)
        {
            return Error(iq, new StanzaError("auth", "registration-required", "register as a thing first"));
        }

        // A new request's pending-friend-notification to the owner is in the outbox.
        return [writer.Result(iq, w => Element(w, "is-friend-result", ("friend", answer)))];
    }

    private async Task<List<byte[]>> WithdrawnAsync(ReceivedElement iq, Jid from, ReceivedElement withdrawn, CancellationToken cancellationToken)
    {
        var requestor = withdrawn.Attribute("jid");
        if (requestor == null)
        {
            return Error(iq, StanzaError.BadRequest("friend-request-withdrawn needs a jid attribute"));
        }

        bool known;
        try
        {
            known = await store.WithdrawRequestAsync(from.Bare, requestor, cancellationToken);
        }
        catch (ArgumentException e)
        {
            return Error(iq, StanzaError.BadRequest(e.Message));
        }

        // The owner is not told: a request it has not decided yet simply leaves its list.
        return known ? [writer.Result(iq, null)] : Error(iq, new StanzaError("auth", "registration-required", "register as a thing first"));
    }

    private async Task<List<byte[]>> PendingAsync(ReceivedElement iq, Jid from, ReceivedElement query, CancellationToken cancellationToken)
    {
        var result = await operations.PendingRequestsAsync(from.Bare, query.Attribute("thing"), cancellationToken);
        if (result.Error != null)
        {
            return Error(iq, result.Error);
        }

        return AnswerOrTooLarge(iq, w =>
        {
            w.StartElement("pending-friend-requests");
            w.Attribute("xmlns", SiotNamespaces.Siot);
            foreach (var request in result.Value!)
            {
                w.StartElement("pending-friend");
                w.Attribute("jid", request.Requestor);
                w.Attribute("thing", request.Thing);
                w.EndElement();
            }
        });
    }

    private async Task<List<byte[]>> UpdateAsync(ReceivedElement iq, Jid from, ReceivedElement update, CancellationToken cancellationToken)
    {
        var changes = new List<FriendChange>();
        foreach (var item in update.Children)
        {
            var friend = item.Is("friend", SiotNamespaces.Siot);
            var jid = item.Attribute("jid");
            if (!(friend || item.Is("non-friend", SiotNamespaces.Siot)) || jid == null)
            {
                return Error(iq, StanzaError.BadRequest("friend-state-update holds only <friend jid='..'/> and <non-friend jid='..'/>"));
            }

            changes.Add(new FriendChange(jid, friend));
        }

        var result = await operations.UpdateFriendsAsync(from.Bare, update.Attribute("thing"), changes, cancellationToken);
        return result.Error != null ? Error(iq, result.Error) : [writer.Result(iq, null)];
    }

    private List<byte[]> AnswerOrTooLarge(ReceivedElement iq, Action<XmlWriter> payload)
    {
        try
        {
            return [writer.Result(iq, payload)];
        }
        catch (InvalidOperationException)
        {
            return Error(iq, StanzaError.ResourceConstraint("the answer is too large: ask about one thing at a time"));
        }
    }

    private List<byte[]> Error(ReceivedElement iq, StanzaError error) => writer.Error(iq, error) is { } stanza ? [stanza] : [];

    private static void Element(XmlWriter w, string name, (string Name, string Value) attribute)
    {
        w.StartElement(name);
        w.Attribute("xmlns", SiotNamespaces.Siot);
        w.Attribute(attribute.Name, attribute.Value);
        w.EndElement();
    }
}
