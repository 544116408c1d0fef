using System.Text;
using SiotThing.Provisioning.Storage;
using SiotThing.Provisioning.Xmpp;

namespace SiotThing.Provisioning.Component;

/// <summary>
/// What an owner (or a claimant) can do, with the store's outcomes mapped to stanza errors
/// (docs/protocol-notes.md) and the messages each success sends: one implementation for the siot
/// IQs and for the ad-hoc commands of ordinary clients, so both follow the same rules. An input
/// the store rejects as malformed or out of bounds is <c>bad-request</c>. The messages a success
/// owes (the thing's owner, friendship-states) are written to the outbox by the store, in the
/// same transaction, and sent by <see cref="OutboxSender"/>.
/// </summary>
internal sealed class OwnerOperations(IProvisioningStore store, TimeProvider time)
{
    /// <summary>Claims the thing with <paramref name="name"/> and <paramref name="key"/> for <paramref name="claimant"/>; the thing is owed its owner.</summary>
    public async Task<OperationResult<string>> ClaimAsync(string claimant, string name, string key, CancellationToken cancellationToken)
    {
        // Before the key is looked at: such a claimant learns nothing, and it is no failed claim.
        var bytes = Encoding.UTF8.GetByteCount(claimant);
        if (bytes > ThingLimits.MaxOwnerJidBytes)
        {
            return OperationResult<string>.Failure(new StanzaError(
                "cancel",
                "not-acceptable",
                $"your address has {bytes} bytes, and a thing stores an owner of at most {ThingLimits.MaxOwnerJidBytes} (UTF-8): claim it from a shorter one"));
        }

        ClaimResult result;
        try
        {
            result = await store.ClaimAsync(claimant, name, key, time.GetUtcNow(), cancellationToken);
        }
        catch (ArgumentException e)
        {
            return OperationResult<string>.Failure(StanzaError.BadRequest(InvalidInputException.TextFor(e)));
        }

        return result.Outcome switch
        {
            ClaimOutcome.Claimed => OperationResult<string>.Success(result.Thing!),
            ClaimOutcome.NotFound => OperationResult<string>.Failure(StanzaError.ItemNotFound("no thing has this name and key")),
            ClaimOutcome.AlreadyClaimed => OperationResult<string>.Failure(StanzaError.Conflict("this thing already has an owner")),
            _ => OperationResult<string>.Failure(new StanzaError(
                "wait",
                "policy-violation",
                $"too many failed claims: try again in {Math.Max(1, (int)Math.Ceiling(result.RetryAfter.TotalMinutes))} min")),
        };
    }

    /// <summary>The things <paramref name="owner"/> owns.</summary>
    public async Task<IReadOnlyList<ThingInfo>> OwnedThingsAsync(string owner, CancellationToken cancellationToken) =>
        await store.OwnedThingsAsync(owner, cancellationToken);

    /// <summary>The pending friendship requests of <paramref name="owner"/>'s things (of <paramref name="thing"/> only, when given).</summary>
    public async Task<OperationResult<IReadOnlyList<PendingRequest>>> PendingRequestsAsync(string owner, string? thing, CancellationToken cancellationToken)
    {
        PendingRequestsResult result;
        try
        {
            result = await store.PendingRequestsAsync(owner, thing, cancellationToken);
        }
        catch (ArgumentException e)
        {
            return OperationResult<IReadOnlyList<PendingRequest>>.Failure(StanzaError.BadRequest(InvalidInputException.TextFor(e)));
        }

        var error = AccessError(result.Outcome, thing);
        return error == null ? OperationResult<IReadOnlyList<PendingRequest>>.Success(result.Requests) : OperationResult<IReadOnlyList<PendingRequest>>.Failure(error);
    }

    /// <summary>The friends of <paramref name="owner"/>'s <paramref name="thing"/>.</summary>
    public async Task<OperationResult<IReadOnlyList<string>>> FriendsAsync(string owner, string thing, CancellationToken cancellationToken)
    {
        FriendsResult result;
        try
        {
            result = await store.FriendsAsync(owner, thing, cancellationToken);
        }
        catch (ArgumentException e)
        {
            return OperationResult<IReadOnlyList<string>>.Failure(StanzaError.BadRequest(InvalidInputException.TextFor(e)));
        }

        var error = AccessError(result.Outcome, thing);
        return error == null ? OperationResult<IReadOnlyList<string>>.Success(result.Friends) : OperationResult<IReadOnlyList<string>>.Failure(error);
    }

    /// <summary>Applies a friend-state-update; the thing is owed the applied changes.</summary>
    /// <returns>The thing the update applied to.</returns>
    public async Task<OperationResult<string>> UpdateFriendsAsync(string owner, string? thing, IReadOnlyList<FriendChange> changes, CancellationToken cancellationToken)
    {
        FriendUpdateResult result;
        try
        {
            result = await store.UpdateFriendsAsync(owner, thing, changes, time.GetUtcNow(), cancellationToken);
        }
        catch (ArgumentException e)
        {
            return OperationResult<string>.Failure(StanzaError.BadRequest(InvalidInputException.TextFor(e)));
        }

        return result.Outcome switch
        {
            FriendUpdateOutcome.Updated => OperationResult<string>.Success(result.Thing!),
            FriendUpdateOutcome.Forbidden => OperationResult<string>.Failure(Forbidden(thing)),
            FriendUpdateOutcome.NotFound => OperationResult<string>.Failure(NotFound(thing)),
            _ => OperationResult<string>.Failure(StanzaError.BadRequest("name the thing (attribute 'thing'): you do not own exactly one")),
        };
    }

    /// <summary>The owner gives <paramref name="thing"/> up; the thing is owed an owner message without a JID.</summary>
    public async Task<OperationResult<string>> DisownAsync(string owner, string thing, CancellationToken cancellationToken)
    {
        AccessOutcome outcome;
        try
        {
            outcome = await store.DisownAsync(owner, thing, time.GetUtcNow(), cancellationToken);
        }
        catch (ArgumentException e)
        {
            return OperationResult<string>.Failure(StanzaError.BadRequest(InvalidInputException.TextFor(e)));
        }

        var error = AccessError(outcome, thing);
        return error == null ? OperationResult<string>.Success(Protocol.Xmpp.Jid.Parse(thing)!.Bare) : OperationResult<string>.Failure(error);
    }

    private static StanzaError? AccessError(AccessOutcome outcome, string? thing) => outcome switch
    {
        AccessOutcome.Done => null,
        AccessOutcome.Forbidden => Forbidden(thing),
        _ => NotFound(thing),
    };

    private static StanzaError Forbidden(string? thing) => StanzaError.Forbidden($"you do not own {thing}");

    private static StanzaError NotFound(string? thing) => StanzaError.ItemNotFound($"no thing {thing} is registered");
}
