using System.Security.Cryptography;

namespace SiotThing.Provisioning.Commands;

/// <summary>
/// The commands in progress, by session id, bounded in number and time so that clients that
/// start commands and never finish them cannot fill the memory, and bounded per account (bare
/// JID, whatever its resources) so that one account filling its share does not lock out the
/// others. Used by the service's one processing loop only, so it needs no lock.
/// </summary>
internal sealed class CommandSessions(TimeProvider time)
{
    /// <summary>How many sessions may be open at once.</summary>
    public const int Capacity = 1000;

    /// <summary>How many sessions one account (bare JID) may have open at once: a person runs one or two commands at a time.</summary>
    public const int PerAccount = 20;

    /// <summary>How long a session waits for its next step.</summary>
    public static readonly TimeSpan Lifetime = TimeSpan.FromMinutes(10);

    private readonly Dictionary<string, CommandSession> sessions = new(StringComparer.Ordinal);
    private readonly Dictionary<string, int> perAccount = new(StringComparer.Ordinal);

    /// <summary>Keeps a session under <paramref name="id"/> (a new one, or the same one for its next step).</summary>
    /// <returns>Whether there was room.</returns>
    public bool Keep(string id, string requester, string node, string? state)
    {
        var now = time.GetUtcNow();
        var account = Account(requester);
        if (sessions.Count >= Capacity || perAccount.GetValueOrDefault(account) >= PerAccount)
        {
            foreach (var expired in sessions.Where(s => s.Value.Expires <= now).Select(s => s.Key).ToList())
            {
                Remove(expired);
            }

            if (sessions.Count >= Capacity || perAccount.GetValueOrDefault(account) >= PerAccount)
            {
                return false;
            }
        }

        Remove(id);
        sessions[id] = new CommandSession(requester, node, state, now + Lifetime);
        perAccount[account] = perAccount.GetValueOrDefault(account) + 1;
        return true;
    }

    /// <summary>Takes the session <paramref name="id"/> out, when it is <paramref name="requester"/>'s, of <paramref name="node"/>, and alive.</summary>
    /// <returns>The session, or <c>null</c>.</returns>
    public CommandSession? Take(string id, string requester, string node)
    {
        if (!sessions.TryGetValue(id, out var session))
        {
            return null;
        }

        // Someone else's session stays theirs.
        if (session.Requester != requester && session.Expires > time.GetUtcNow())
        {
            return null;
        }

        Remove(id);
        return session.Requester != requester || session.Node != node || session.Expires <= time.GetUtcNow() ? null : session;
    }

    // XEP-0050 ties a session to a full JID; the share belongs to the account behind it.
    private static string Account(string requester) => Protocol.Xmpp.Jid.Parse(requester)?.Bare ?? requester;

    private void Remove(string id)
    {
        if (!sessions.Remove(id, out var session))
        {
            return;
        }

        var account = Account(session.Requester);
        if (--perAccount[account] == 0)
        {
            perAccount.Remove(account);
        }
    }

    /// <summary>A new, unguessable session id.</summary>
    public static string NewId() => Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(12));
}
