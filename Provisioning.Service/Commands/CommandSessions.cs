using System.Globalization;
using System.Security.Cryptography;
using System.Text;

namespace SiotThing.Provisioning.Commands;

/// <summary>
/// Ad-hoc command sessions that nothing keeps: a session id is the session itself (what the next
/// step needs, until when, a random nonce), signed with a key that every service instance on the
/// database shares (<see cref="KeyName"/>; HMAC-SHA-256 over the requester's full JID, the node and
/// those fields). Any instance checks it, so a command's next step may reach another instance, one
/// started since, or the same one after a restart; and nothing is stored, so no number of
/// strangers can fill a table and lock owners out of claiming or deciding (issue 23), and a step
/// costs no write. The price: an id works until it expires, also after it was used or cancelled;
/// every step checks everything against the store again (ownership, the claim rate limit), so
/// using one again is no more than starting the command again.
/// </summary>
internal sealed class CommandSessions(byte[] key, TimeProvider time)
{
    /// <summary>The name of the shared key in the store (<see cref="Storage.IProvisioningStore.SharedKeyAsync"/>).</summary>
    public const string KeyName = "command-sessions";

    /// <summary>How long a session waits for its next step.</summary>
    public static readonly TimeSpan Lifetime = TimeSpan.FromMinutes(10);

    // 128 bits of HMAC-SHA-256 are far beyond guessing, and keep the id short.
    private const int MacBytes = 16;

    /// <summary>A session id for <paramref name="requester"/>'s command <paramref name="node"/>, whose next step needs <paramref name="state"/>.</summary>
    /// <param name="requester">The requester's full JID (XEP-0050 ties a session to it).</param>
    /// <param name="node">The command.</param>
    /// <param name="state">What the next step needs (<see cref="CommandStep.State"/>); visible to the requester, who chose it.</param>
    /// <returns>The id: nonce, expiry, state and signature, separated by dots.</returns>
    public string Issue(string requester, string node, string? state)
    {
        var expires = (time.GetUtcNow() + Lifetime).ToUnixTimeSeconds().ToString(CultureInfo.InvariantCulture);
        // "-" for no state, "s" and base64url for a state (which may be empty).
        var stateField = state == null ? "-" : "s" + Base64Url(Encoding.UTF8.GetBytes(state));
        var payload = Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(8)) + "." + expires + "." + stateField;
        return payload + "." + Base64Url(Mac(requester, node, payload));
    }

    /// <summary>The session <paramref name="id"/>, when it was issued here (by any instance) for <paramref name="requester"/> and <paramref name="node"/> and is alive.</summary>
    /// <param name="id">The session id the requester sent.</param>
    /// <param name="requester">The requester's full JID.</param>
    /// <param name="node">The command.</param>
    /// <returns>The session, or <c>null</c>.</returns>
    public CommandSession? Open(string id, string requester, string node)
    {
        var parts = id.Split('.');
        if (parts.Length != 4 || !TryBase64Url(parts[3], out var mac))
        {
            return null;
        }

        var payload = string.Join('.', parts, 0, 3);
        // Someone else's session, another command's, or one not issued with this key: all the same to the requester.
        if (!CryptographicOperations.FixedTimeEquals(mac, Mac(requester, node, payload))
            || !long.TryParse(parts[1], NumberStyles.None, CultureInfo.InvariantCulture, out var expiresAt)
            || expiresAt > DateTimeOffset.MaxValue.ToUnixTimeSeconds())
        {
            return null;
        }

        var expires = DateTimeOffset.FromUnixTimeSeconds(expiresAt);
        if (expires <= time.GetUtcNow())
        {
            return null;
        }

        string? state = null;
        if (parts[2] != "-")
        {
            if (!parts[2].StartsWith('s') || !TryBase64Url(parts[2][1..], out var bytes))
            {
                return null;
            }

            state = Encoding.UTF8.GetString(bytes);
        }

        return new CommandSession(requester, node, state, expires);
    }

    /// <summary>A new, unguessable id for a command that completed at its first step (no session to continue).</summary>
    public static string NewId() => Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(12));

    private byte[] Mac(string requester, string node, string payload)
    {
        // A JID and a node never hold NUL (XML cannot carry it): the fields cannot run into each other.
        var signed = Encoding.UTF8.GetBytes(requester + "\0" + node + "\0" + payload);
        return HMACSHA256.HashData(key, signed)[..MacBytes];
    }

    private static string Base64Url(byte[] bytes) => Convert.ToBase64String(bytes).TrimEnd('=').Replace('+', '-').Replace('/', '_');

    private static bool TryBase64Url(string text, out byte[] bytes)
    {
        var padded = text.Replace('-', '+').Replace('_', '/');
        padded += new string('=', (4 - padded.Length % 4) % 4);
        bytes = new byte[padded.Length];
        if (!Convert.TryFromBase64String(padded, bytes, out var written))
        {
            return false;
        }

        bytes = bytes[..written];
        return true;
    }
}
