using System.Text.Json;

namespace SiotThing.Provisioning.Storage;

/// <summary>
/// The outbox's SQL (schema steps 2 and 3): what an operation owes is written in the operation's
/// own transaction, so that a change and the messages it causes commit together or not at all.
/// Each recipient's owed messages are sent by the one instance that holds the recipient's lease
/// (<c>outbox_leases</c>): the instance whose operation owed the first of them, or the one that
/// took the lease after it expired (its holder died or lost the database).
/// </summary>
internal static class OutboxTable
{
    /// <summary>How long a sent message is kept before it is pruned (for an admin looking at what went out).</summary>
    public static readonly TimeSpan KeepSent = TimeSpan.FromDays(7);

    /// <summary>
    /// How long a lease runs unless renewed. A live instance renews its leases every second or
    /// so; another takes them after this long without renewal. Shorter means a dead instance's
    /// messages go sooner; a pause longer than this (a stalled process) only makes the other
    /// instance send them too: a duplicate, never a loss.
    /// </summary>
    public static readonly TimeSpan LeaseTime = TimeSpan.FromSeconds(15);

    /// <summary>Owes <paramref name="to"/> a message.</summary>
    /// <returns>Its id.</returns>
    public static async Task<long> OweAsync(StoreSession session, OutboxKind kind, string to, string thing, string? jid, IReadOnlyList<FriendChange>? items, long now)
    {
        // The recipient's lease row first: this instance takes it unless another holds it, and
        // either way the row stays locked until the transaction ends (PostgreSQL locks a
        // conflicting row even when the WHERE keeps it from being updated; SQLite has one writer).
        // Two transactions owing one recipient therefore take their ids one after the other, and
        // a recipient's ids grow in commit order; ids of different recipients need not (a
        // sequence hands them out at once, without serializing every writer on one row).
        var held = await session.QueryAsync(
            """
            INSERT INTO outbox_leases (recipient, instance, expires_at) VALUES (@to, @me, @until)
            ON CONFLICT (recipient) DO UPDATE SET expires_at = excluded.expires_at WHERE outbox_leases.instance = excluded.instance
            RETURNING last_owed
            """,
            r => r.IsDBNull(0) ? 0 : r.GetInt64(0),
            ("to", to), ("me", session.Instance), ("until", now + (long)LeaseTime.TotalMilliseconds));
        var id = Convert.ToInt64(await session.ScalarAsync(session.NextOutboxId));
        await session.ExecuteAsync(
            "INSERT INTO outbox (id, kind, recipient, thing_jid, jid, items, created_at, sent_at) VALUES (@id, @kind, @to, @thing, @jid, @items, @now, NULL)",
            ("id", id),
            ("kind", OutboxKinds.Text(kind)),
            ("to", to),
            ("thing", thing),
            ("jid", (object?)jid ?? DBNull.Value),
            ("items", items == null ? DBNull.Value : JsonSerializer.Serialize(items)),
            ("now", now));
        await session.ExecuteAsync("UPDATE outbox_leases SET last_owed = @id WHERE recipient = @to", ("id", id), ("to", to));
        if (held.Count == 1)
        {
            // This instance holds the recipient: its sender sends the message once this commits,
            // after the one owed before it (or reads the outbox when it has not sent that one).
            // Another holder sends it after the recipient's older messages (or whoever takes the
            // lease when it expires).
            session.Owed.Add(new NewlyOwed(new OutboxMessage(id, kind, to, thing, jid, items ?? []), held[0]));
        }

        return id;
    }

    /// <summary>Drops every message still owed about <paramref name="thing"/> (after a factory reset or a removal they are stale).</summary>
    public static Task<int> DropUnsentAboutAsync(StoreSession session, string thing) =>
        session.ExecuteAsync("DELETE FROM outbox WHERE thing_jid = @thing AND sent_at IS NULL", ("thing", thing));

    /// <summary>
    /// Renews this instance's leases, gives up those with nothing left to send, and takes the
    /// recipients that have owed messages and no live lease (expired before <paramref name="cutoff"/>, or none).
    /// </summary>
    /// <returns>The id of the oldest owed message of a recipient taken now, or <c>null</c> when none was taken.</returns>
    public static async Task<long?> TakeAsync(StoreSession session, long now, long cutoff)
    {
        var until = now + (long)LeaseTime.TotalMilliseconds;
        await session.ExecuteAsync("UPDATE outbox_leases SET expires_at = @until WHERE instance = @me", ("until", until), ("me", session.Instance));
        await session.ExecuteAsync(
            """
            DELETE FROM outbox_leases WHERE instance = @me
              AND NOT EXISTS (SELECT 1 FROM outbox o WHERE o.recipient = outbox_leases.recipient AND o.sent_at IS NULL)
            """,
            ("me", session.Instance));
        var oldest = await session.ScalarAsync(
            """
            SELECT MIN(o.id) FROM outbox o LEFT JOIN outbox_leases l ON l.recipient = o.recipient
            WHERE o.sent_at IS NULL AND (l.recipient IS NULL OR (l.instance <> @me AND l.expires_at <= @cutoff))
            """,
            ("me", session.Instance), ("cutoff", cutoff));
        if (oldest == null)
        {
            return null;
        }

        await session.ExecuteAsync(
            "UPDATE outbox_leases SET instance = @me, expires_at = @until WHERE instance <> @me AND expires_at <= @cutoff",
            ("me", session.Instance), ("until", until), ("cutoff", cutoff));
        await session.ExecuteAsync(
            """
            INSERT INTO outbox_leases (recipient, instance, expires_at)
            SELECT DISTINCT o.recipient, @me, @until FROM outbox o
            WHERE o.sent_at IS NULL AND NOT EXISTS (SELECT 1 FROM outbox_leases l WHERE l.recipient = o.recipient)
            """,
            ("me", session.Instance), ("until", until));
        return Convert.ToInt64(oldest);
    }

    /// <summary>The unsent messages of the recipients this instance holds, oldest first, at most <paramref name="limit"/>.</summary>
    public static async Task<IReadOnlyList<OutboxMessage>> UnsentAsync(StoreSession session, int limit) =>
        await session.QueryAsync(
            """
            SELECT o.id, o.kind, o.recipient, o.thing_jid, o.jid, o.items FROM outbox o
            JOIN outbox_leases l ON l.recipient = o.recipient
            WHERE o.sent_at IS NULL AND l.instance = @me
            ORDER BY o.id LIMIT @limit
            """,
            r => new OutboxMessage(
                r.GetInt64(0),
                OutboxKinds.Parse(r.GetString(1)),
                r.GetString(2),
                r.GetString(3),
                r.IsDBNull(4) ? null : r.GetString(4),
                r.IsDBNull(5) ? [] : JsonSerializer.Deserialize<List<FriendChange>>(r.GetString(5))!),
            ("me", session.Instance),
            ("limit", (long)limit));

    /// <summary>Marks the messages <paramref name="ids"/> sent, and prunes sent ones older than <see cref="KeepSent"/>.</summary>
    /// <returns>How many were marked.</returns>
    public static async Task<int> MarkSentAsync(StoreSession session, IReadOnlyCollection<long> ids, long now)
    {
        // Whoever holds the lease now: the server took the message, so it is sent.
        var names = ids.Select((_, i) => "@id" + i).ToList();
        var parameters = ids.Select((id, i) => ("id" + i, (object)id)).Prepend(("now", now)).ToArray();
        var marked = await session.ExecuteAsync($"UPDATE outbox SET sent_at = @now WHERE sent_at IS NULL AND id IN ({string.Join(", ", names)})", parameters);
        await session.ExecuteAsync(
            "DELETE FROM outbox WHERE sent_at IS NOT NULL AND sent_at < @cutoff",
            ("cutoff", now - (long)KeepSent.TotalMilliseconds));
        return marked;
    }
}
