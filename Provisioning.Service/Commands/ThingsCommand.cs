using System.Globalization;
using SiotThing.Provisioning.Component;

namespace SiotThing.Provisioning.Commands;

/// <summary>Lists the requester's things: a result table (JID, name, friends, pending requests), or a note when there are none.</summary>
internal sealed class ThingsCommand(OwnerOperations operations) : IAdHocCommand
{
    /// <inheritdoc/>
    public string Node => CommandNodes.Things;

    /// <inheritdoc/>
    public string Title => CommandNodes.ThingsTitle;

    /// <inheritdoc/>
    public async Task<CommandStep> RunAsync(string requester, string? state, SubmittedForm? form, CancellationToken cancellationToken)
    {
        var things = await operations.OwnedThingsAsync(requester, cancellationToken);
        if (things.Count == 0)
        {
            return CommandStep.Done($"You own no things. Claim one with \"{CommandNodes.ClaimTitle}\".");
        }

        var table = new DataForm("result", Title, null, [])
        {
            Reported =
            [
                new FormField("jid", "jid-single", "Thing"),
                new FormField("name", "text-single", "Name"),
                new FormField("friends", "text-single", "Friends"),
                new FormField("pending", "text-single", "Pending requests"),
            ],
            Items = things.Select(t => (IReadOnlyList<FormField>)
            [
                new FormField("jid", "jid-single") { Values = [t.Jid] },
                new FormField("name", "text-single") { Values = [t.DisplayName] },
                new FormField("friends", "text-single") { Values = [t.Friends.ToString(CultureInfo.InvariantCulture)] },
                new FormField("pending", "text-single") { Values = [t.Pending.ToString(CultureInfo.InvariantCulture)] },
            ]).ToList(),
        };
        return CommandStep.Done(things.Count == 1 ? "You own 1 thing." : $"You own {things.Count} things.", result: table);
    }
}
