using SiotThing.Provisioning.Component;
using SiotThing.Provisioning.Storage;

namespace SiotThing.Provisioning.Commands;

/// <summary>
/// Lists a thing's friends and removes the chosen ones: first the thing (skipped when the
/// requester owns one), then a list-multi field <c>remove</c> with the friends as options.
/// </summary>
internal sealed class FriendsCommand(OwnerOperations operations) : IAdHocCommand
{
    // The session state of an owner of several things, who chooses one first; an owner of one
    // thing starts at the friends form, and the state is the thing's JID.
    private const string ChoosingThing = "";

    // The friends form names its thing in a hidden field (XEP-0004: returned with the submission):
    // the session id, which carries the state, is the same from the first form to the last.
    private const string ThingField = "friends-of";

    /// <inheritdoc/>
    public string Node => CommandNodes.Friends;

    /// <inheritdoc/>
    public string Title => CommandNodes.FriendsTitle;

    /// <inheritdoc/>
    public async Task<CommandStep> RunAsync(string requester, string? state, SubmittedForm? form, CancellationToken cancellationToken)
    {
        if (form == null)
        {
            var things = await operations.OwnedThingsAsync(requester, cancellationToken);
            if (things.Count == 0)
            {
                return CommandStep.Done("You own no things.");
            }

            if (things.Count == 1)
            {
                return await ListAsync(requester, things[0].Jid, cancellationToken);
            }

            return CommandStep.Ask(
                new DataForm("form", Title, "Choose a thing.", [ThingChoice.Field(things)]),
                ChoosingThing,
                "next");
        }

        // Whose friends the submitted form listed (the store checks that the requester owns it).
        var listed = form.Single(ThingField) ?? (state == ChoosingThing ? null : state);
        if (listed == null)
        {
            var thing = form.Single("thing");
            return thing == null ? CommandStep.BadPayload("choose a thing") : await ListAsync(requester, thing, cancellationToken);
        }

        var remove = form.Multi("remove");
        if (remove.Count == 0)
        {
            return CommandStep.Done("No friend removed.");
        }

        var result = await operations.UpdateFriendsAsync(requester, listed, remove.Select(j => new FriendChange(j, false)).ToList(), cancellationToken);
        return result.Error != null
            ? CommandStep.Fail(result.Error)
            : CommandStep.Done($"Removed {remove.Count} friend{(remove.Count == 1 ? string.Empty : "s")} of {result.Value}.");
    }

    private async Task<CommandStep> ListAsync(string requester, string thing, CancellationToken cancellationToken)
    {
        var friends = await operations.FriendsAsync(requester, thing, cancellationToken);
        if (friends.Error != null)
        {
            return CommandStep.Fail(friends.Error);
        }

        if (friends.Value!.Count == 0)
        {
            return CommandStep.Done($"{thing} has no friends besides you.");
        }

        return CommandStep.Ask(
            new DataForm(
                "form",
                $"Friends of {thing}",
                "These are the thing's friends. Choose those to remove; the thing stops serving them.",
                [
                    new FormField("remove", "list-multi", "Remove") { Options = friends.Value.Select(f => (f, f)).ToList() },
                    new FormField(ThingField, "hidden") { Values = [thing] },
                ]),
            thing);
    }
}
