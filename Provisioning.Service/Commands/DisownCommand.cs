using SiotThing.Provisioning.Component;

namespace SiotThing.Provisioning.Commands;

/// <summary>Gives a thing up (e.g. before selling it): choose one of the owned things; it forgets its owner and friends and keeps its key.</summary>
internal sealed class DisownCommand(OwnerOperations operations) : IAdHocCommand
{
    /// <inheritdoc/>
    public string Node => CommandNodes.Disown;

    /// <inheritdoc/>
    public string Title => CommandNodes.DisownTitle;

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

            return CommandStep.Ask(new DataForm(
                "form",
                Title,
                "The thing forgets you and its friends. It keeps its key: whoever has the key can claim it.",
                [ThingChoice.Field(things)]));
        }

        var thing = form.Single("thing");
        if (thing == null)
        {
            return CommandStep.BadPayload("choose a thing");
        }

        var result = await operations.DisownAsync(requester, thing, cancellationToken);
        return result.Error != null ? CommandStep.Fail(result.Error) : CommandStep.Done($"You gave up {result.Value}.");
    }
}
