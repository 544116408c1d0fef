using SiotThing.Provisioning.Xmpp;

namespace SiotThing.Provisioning.Commands;

/// <summary>What one step of an ad-hoc command gives: a form to fill (the command goes on), a completion, or an error.</summary>
/// <param name="Completed">Whether the command is over.</param>
/// <param name="Form">The form to fill, or a completion's result form; <c>null</c> for none.</param>
/// <param name="Note">A completion's text for people, or <c>null</c>.</param>
/// <param name="State">For a command that goes on after its first step: what the next steps need to know (carried by the session id; a later step's state goes in its form, since the id stays the same).</param>
/// <param name="NextAction">For a command that goes on: <c>next</c> when another form follows, <c>complete</c> when the submission ends it.</param>
/// <param name="Error">The error to answer with, or <c>null</c>.</param>
/// <remarks>The messages a step owes (to things) are in the store's outbox, committed with the step's changes, also when an error came midway.</remarks>
internal sealed record CommandStep(bool Completed, DataForm? Form, string? Note, string? State, string NextAction, StanzaError? Error)
{
    /// <summary>The command goes on with <paramref name="form"/>.</summary>
    public static CommandStep Ask(DataForm form, string? state = null, string nextAction = "complete") => new(false, form, null, state, nextAction, null);

    /// <summary>The command is over.</summary>
    public static CommandStep Done(string? note, DataForm? result = null) => new(true, result, note, null, "complete", null);

    /// <summary>The command failed.</summary>
    public static CommandStep Fail(StanzaError error) => new(true, null, null, null, "complete", error);

    /// <summary>A submission that lacks what the form asked for: bad-request with XEP-0050's <c>bad-payload</c>.</summary>
    public static CommandStep BadPayload(string text) => Fail(new StanzaError("modify", "bad-request", text, "bad-payload", Protocol.Siot.SiotNamespaces.Commands));
}
