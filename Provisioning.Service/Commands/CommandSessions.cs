using System.Security.Cryptography;

namespace SiotThing.Provisioning.Commands;

/// <summary>
/// The commands in progress, by session id, bounded in number and time so that clients that
/// start commands and never finish them cannot fill the memory. Used by the service's one
/// processing loop only, so it needs no lock.
/// </summary>
internal sealed class CommandSessions(TimeProvider time)
{
    /// <summary>How many sessions may be open at once.</summary>
    public const int Capacity = 1000;

    /// <summary>How long a session waits for its next step.</summary>
    public static readonly TimeSpan Lifetime = TimeSpan.FromMinutes(10);

    private readonly Dictionary<string, CommandSession> sessions = new(StringComparer.Ordinal);

    /// <summary>Keeps a session under <paramref name="id"/> (a new one, or the same one for its next step).</summary>
    /// <returns>Whether there was room.</returns>
    public bool Keep(string id, string requester, string node, string? state)
    {
        var now = time.GetUtcNow();
        if (sessions.Count >= Capacity)
        {
            foreach (var expired in sessions.Where(s => s.Value.Expires <= now).Select(s => s.Key).ToList())
            {
                sessions.Remove(expired);
            }

            if (sessions.Count >= Capacity)
            {
                return false;
            }
        }

        sessions[id] = new CommandSession(requester, node, state, now + Lifetime);
        return true;
    }

    /// <summary>Takes the session <paramref name="id"/> out, when it is <paramref name="requester"/>'s, of <paramref name="node"/>, and alive.</summary>
    /// <returns>The session, or <c>null</c>.</returns>
    public CommandSession? Take(string id, string requester, string node)
    {
        if (!sessions.Remove(id, out var session))
        {
            return null;
        }

        if (session.Requester != requester || session.Node != node || session.Expires <= time.GetUtcNow())
        {
            // Someone else's session stays theirs.
            if (session.Requester != requester && session.Expires > time.GetUtcNow())
            {
                sessions[id] = session;
            }

            return null;
        }

        return session;
    }

    /// <summary>A new, unguessable session id.</summary>
    public static string NewId() => Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(12));
}
