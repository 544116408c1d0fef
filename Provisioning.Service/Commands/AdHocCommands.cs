using SiotThing.Protocol.Siot;
using SiotThing.Protocol.Xml;
using SiotThing.Protocol.Xmpp;
using SiotThing.Provisioning.Xmpp;

namespace SiotThing.Provisioning.Commands;

/// <summary>
/// Ad-hoc commands (XEP-0050) for owners with ordinary XMPP clients: the protocol around
/// <see cref="IAdHocCommand"/>s: sessions, actions (execute, next, complete, cancel), the
/// executing and completed answers, and XEP-0050's errors.
/// </summary>
internal sealed class AdHocCommands(IReadOnlyList<IAdHocCommand> commands, CommandSessions sessions, StanzaWriter writer)
{
    private static readonly string[] Actions = ["execute", "next", "complete", "cancel", "prev"];

    /// <summary>The commands, in the order clients list them.</summary>
    public IReadOnlyList<IAdHocCommand> All => commands;

    /// <summary>The command with node <paramref name="node"/>, or <c>null</c>.</summary>
    public IAdHocCommand? Find(string? node) => commands.FirstOrDefault(c => c.Node == node);

    /// <summary>Answers an IQ set with a <c>command</c> element.</summary>
    /// <param name="iq">The request.</param>
    /// <param name="from">Its sender.</param>
    /// <param name="element">The command element.</param>
    /// <param name="cancellationToken">Cancels the store operations.</param>
    /// <returns>The answer, then the stanzas the step caused.</returns>
    public async Task<List<byte[]>> HandleAsync(ReceivedElement iq, Jid from, ReceivedElement element, CancellationToken cancellationToken)
    {
        var command = Find(element.Attribute("node"));
        if (command == null)
        {
            return Error(iq, StanzaError.ItemNotFound("no such command"));
        }

        var action = element.Attribute("action") ?? "execute";
        if (!Actions.Contains(action))
        {
            return Error(iq, CommandError("malformed-action", $"unknown action '{action}'"));
        }

        var requester = from.ToString();
        var sessionId = element.Attribute("sessionid");
        CommandStep step;
        CommandSession? session = null;
        if (sessionId == null)
        {
            if (action is "cancel" or "prev")
            {
                return Error(iq, CommandError("bad-action", $"nothing to {action}: the command has not started"));
            }

            step = await command.RunAsync(from.Bare, null, null, cancellationToken);
        }
        else
        {
            session = sessions.Open(sessionId, requester, command.Node);
            if (session == null)
            {
                return Error(iq, CommandError("bad-sessionid", "this command session is unknown or expired: start the command again"));
            }

            if (action == "cancel")
            {
                return [Answer(iq, command.Node, sessionId, "canceled", null, null, null)];
            }

            if (action == "prev")
            {
                // Every form of these commands is answered whole; there is no step to go back to.
                return Error(iq, CommandError("bad-action", "this command has no previous step"));
            }

            var form = SubmittedForm.From(element);
            step = form == null ? CommandStep.BadPayload("submit the form") : await command.RunAsync(from.Bare, session.State, form, cancellationToken);
        }

        if (step.Error != null)
        {
            return Error(iq, step.Error);
        }

        if (!step.Completed)
        {
            // Nothing is kept: the id carries the session, with the first step's state, and stays
            // the same for the whole session (XEP-0050); what a later step needs comes back in its form.
            return [Answer(iq, command.Node, session != null ? sessionId! : sessions.Issue(requester, command.Node, step.State), "executing", step.NextAction, null, step.Form)];
        }

        try
        {
            return [Answer(iq, command.Node, sessionId ?? CommandSessions.NewId(), "completed", null, step.Note, step.Form)];
        }
        catch (InvalidOperationException)
        {
            return Error(iq, StanzaError.ResourceConstraint("the answer is too large"));
        }
    }

    private byte[] Answer(ReceivedElement iq, string node, string sessionId, string status, string? nextAction, string? note, DataForm? form) =>
        writer.Result(iq, w =>
        {
            w.StartElement("command");
            w.Attribute("xmlns", SiotNamespaces.Commands);
            w.Attribute("node", node);
            w.Attribute("sessionid", sessionId);
            w.Attribute("status", status);
            if (nextAction != null)
            {
                w.StartElement("actions");
                w.Attribute("execute", nextAction);
                w.StartElement(nextAction);
                w.EndElement();
                w.EndElement();
            }

            if (note != null)
            {
                WriteNote(w, note);
            }

            form?.WriteTo(w);
        });

    private static void WriteNote(XmlWriter w, string note)
    {
        w.StartElement("note");
        w.Attribute("type", "info");
        w.Text(note);
        w.EndElement();
    }

    private static StanzaError CommandError(string condition, string text) => new("modify", "bad-request", text, condition, SiotNamespaces.Commands);

    private List<byte[]> Error(ReceivedElement iq, StanzaError error) => writer.Error(iq, error) is { } stanza ? [stanza] : [];
}
