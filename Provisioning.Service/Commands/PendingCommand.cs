using SiotThing.Protocol.Xmpp;
using SiotThing.Provisioning.Component;
using SiotThing.Provisioning.Storage;
using SiotThing.Provisioning.Xmpp;

namespace SiotThing.Provisioning.Commands;

/// <summary>
/// Decides pending friendship requests: one form with every request of every owned thing as an
/// option of two list-multi fields, <c>approve</c> and <c>deny</c>; a request chosen in neither
/// stays pending. An option's value is the thing's and the requestor's bare JIDs, separated by a
/// space (a bare JID has none). Only requests that are waiting when the form comes back are
/// decided: a value the form never offered (a forged one, or one decided or withdrawn since) is
/// left alone and named in the answer, so that the form cannot make a friend of someone who
/// never asked (the owner's friend-state-update is the way to approve in advance).
/// </summary>
internal sealed class PendingCommand(OwnerOperations operations) : IAdHocCommand
{
    /// <inheritdoc/>
    public string Node => CommandNodes.Pending;

    /// <inheritdoc/>
    public string Title => CommandNodes.PendingTitle;

    /// <inheritdoc/>
    public async Task<CommandStep> RunAsync(string requester, string? state, SubmittedForm? form, CancellationToken cancellationToken) =>
        form == null ? await AskAsync(requester, cancellationToken) : await DecideAsync(requester, form, cancellationToken);

    private async Task<CommandStep> AskAsync(string requester, CancellationToken cancellationToken)
    {
        var pending = await operations.PendingRequestsAsync(requester, null, cancellationToken);
        if (pending.Error != null)
        {
            return CommandStep.Fail(pending.Error);
        }

        if (pending.Value!.Count == 0)
        {
            return CommandStep.Done("No friendship requests are waiting.");
        }

        var names = (await operations.OwnedThingsAsync(requester, cancellationToken)).ToDictionary(t => t.Jid, t => t.DisplayName);
        var options = pending.Value.Select(r => ($"{r.Requestor} → {names.GetValueOrDefault(r.Thing, r.Thing)} ({r.Thing})", r.Thing + " " + r.Requestor)).ToList();
        return CommandStep.Ask(new DataForm(
            "form",
            Title,
            "Choose whom to approve and whom to refuse as friends of your things. Requests you choose neither for stay pending.",
            [new FormField("approve", "list-multi", "Approve") { Options = options }, new FormField("deny", "list-multi", "Refuse") { Options = options }]));
    }

    private async Task<CommandStep> DecideAsync(string requester, SubmittedForm form, CancellationToken cancellationToken)
    {
        var decisions = new List<(string Thing, FriendChange Change)>();
        foreach (var (field, friend) in new[] { ("approve", true), ("deny", false) })
        {
            foreach (var value in form.Multi(field))
            {
                var parts = value.Split(' ');
                if (parts.Length != 2 || Jid.Parse(parts[0]) is not { IsBare: true } thing || Jid.Parse(parts[1]) is not { IsBare: true } requestor)
                {
                    return CommandStep.BadPayload($"'{value}' is not a request of the form");
                }

                decisions.Add((thing.Bare, new FriendChange(requestor.Bare, friend)));
            }
        }

        if (decisions.GroupBy(d => (d.Thing, d.Change.Jid)).Any(g => g.Count() > 1))
        {
            return CommandStep.BadPayload("a request is both approved and refused");
        }

        // Checked for all things first, so that a request for a thing not owned changes nothing at all.
        var owned = (await operations.OwnedThingsAsync(requester, cancellationToken)).Select(t => t.Jid).ToHashSet(StringComparer.Ordinal);
        if (decisions.FirstOrDefault(d => !owned.Contains(d.Thing)) is { Thing: { } notOwned })
        {
            return CommandStep.Fail(StanzaError.Forbidden($"you do not own {notOwned}"));
        }

        var pending = await operations.PendingRequestsAsync(requester, null, cancellationToken);
        if (pending.Error != null)
        {
            return CommandStep.Fail(pending.Error);
        }

        var waiting = pending.Value!.Select(r => (r.Thing, r.Requestor)).ToHashSet();
        var notWaiting = decisions.Where(d => !waiting.Contains((d.Thing, d.Change.Jid))).ToList();
        decisions.RemoveAll(d => !waiting.Contains((d.Thing, d.Change.Jid)));
        foreach (var perThing in decisions.GroupBy(d => d.Thing))
        {
            var result = await operations.UpdateFriendsAsync(requester, perThing.Key, perThing.Select(d => d.Change).ToList(), cancellationToken);
            if (result.Error != null)
            {
                // The owner gave a thing up meanwhile: what was applied before is committed, and owed to its things.
                return CommandStep.Fail(result.Error);
            }
        }

        var approved = decisions.Count(d => d.Change.Friend);
        var done = $"Approved {approved}, refused {decisions.Count - approved}.";
        return notWaiting.Count == 0
            ? CommandStep.Done(done)
            : CommandStep.Done(done + " Not waiting, so left alone: " + string.Join(", ", notWaiting.Select(d => $"{d.Change.Jid} → {d.Thing}")) + ".");
    }
}
