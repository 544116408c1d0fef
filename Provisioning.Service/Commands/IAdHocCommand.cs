namespace SiotThing.Provisioning.Commands;

/// <summary>One ad-hoc command (XEP-0050) of the service.</summary>
internal interface IAdHocCommand
{
    /// <summary>The command's node.</summary>
    string Node { get; }

    /// <summary>Its title, as clients list it.</summary>
    string Title { get; }

    /// <summary>Runs a step: the first (no form yet), or one after the client submitted the form of the previous step.</summary>
    /// <param name="requester">The requester's bare JID.</param>
    /// <param name="state">What the previous step kept (<see cref="CommandStep.State"/>); <c>null</c> at the first.</param>
    /// <param name="form">The submitted form; <c>null</c> at the first step.</param>
    /// <param name="cancellationToken">Cancels the store operations.</param>
    /// <returns>The step's outcome.</returns>
    Task<CommandStep> RunAsync(string requester, string? state, SubmittedForm? form, CancellationToken cancellationToken);
}
