using SiotThing.Provisioning.Component;

namespace SiotThing.Provisioning.Commands;

/// <summary>Claims a thing: a form with its name and key, then the claim of the siot protocol, with its errors.</summary>
internal sealed class ClaimCommand(OwnerOperations operations) : IAdHocCommand
{
    /// <inheritdoc/>
    public string Node => CommandNodes.Claim;

    /// <inheritdoc/>
    public string Title => CommandNodes.ClaimTitle;

    /// <inheritdoc/>
    public async Task<CommandStep> RunAsync(string requester, string? state, SubmittedForm? form, CancellationToken cancellationToken)
    {
        if (form == null)
        {
            return CommandStep.Ask(new DataForm(
                "form",
                Title,
                "Type the name and the key that your thing shows.",
                [new FormField("name", "text-single", "Name") { Required = true }, new FormField("key", "text-single", "Key") { Required = true }]));
        }

        var name = form.Single("name");
        var key = form.Single("key");
        if (name == null || key == null)
        {
            return CommandStep.BadPayload("give the thing's name and key");
        }

        var result = await operations.ClaimAsync(requester, name, key, cancellationToken);
        return result.Error != null ? CommandStep.Fail(result.Error) : CommandStep.Done($"You now own {result.Value}.");
    }
}
