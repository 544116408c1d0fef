using SiotThing.Protocol.Xml;
using SiotThing.Protocol.Xmpp;

namespace SiotThing.Benchmarks;

/// <summary>
/// A handler that only routes (see <see cref="StanzaRouter"/>) and counts, so that the client's
/// own allocations are what the benchmarks see; optionally it answers roster pushes, as
/// RFC 6121 §2.1.6 asks a real client to.
/// </summary>
public sealed class RoutingHandler : IXmppClientHandler
{
    private readonly bool answerRosterPushes;

    /// <summary>Creates the handler.</summary>
    /// <param name="answerRosterPushes">Whether to answer roster pushes with an empty result.</param>
    public RoutingHandler(bool answerRosterPushes)
    {
        this.answerRosterPushes = answerRosterPushes;
        Routed = new int[5];
    }

    /// <summary>How many stanzas went each way, indexed by <see cref="StanzaRoute"/>.</summary>
    public int[] Routed { get; }

    /// <summary>How many answers to the client's IQ requests (or timeouts) arrived.</summary>
    public int IqAnswers { get; private set; }

    /// <summary>Why the session ended, when it did.</summary>
    public string? EndReason { get; private set; }

    /// <inheritdoc />
    public void SessionStarted(XmppClient client, bool resumed)
    {
    }

    /// <inheritdoc />
    public bool StanzaReceived(XmppClient client, XmlStanza stanza)
    {
        var route = StanzaRouter.Route(stanza, client.BareJid);
        Routed[(int)route]++;
        if (route != StanzaRoute.RosterPush)
        {
            return false;
        }

        if (answerRosterPushes)
        {
            client.SendIqResult(stanza, ScriptedLogin.Now);
        }

        return true;
    }

    /// <inheritdoc />
    public void StanzaSkipped(XmppClient client, XmlStanza stanza, string reason)
    {
    }

    /// <inheritdoc />
    public void StanzaRefused(XmppClient client, string reason)
    {
    }

    /// <inheritdoc />
    public void IqAnswered(XmppClient client, int tag, XmlStanza response)
    {
        IqAnswers++;
    }

    /// <inheritdoc />
    public void SessionEnded(XmppClient client, string reason)
    {
        EndReason = reason;
    }
}
