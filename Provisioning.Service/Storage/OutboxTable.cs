using System.Text.Json;

namespace SiotThing.Provisioning.Storage;

/// <summary>
/// The outbox's SQL (schema step 2): what an operation owes is written in the operation's own
/// transaction, so that a change and the messages it causes commit together or not at all.
/// </summary>
internal static class OutboxTable
{
    /// <summary>How long a sent message is kept before it is pruned (for an admin looking at what went out).</summary>
    public static readonly TimeSpan KeepSent = TimeSpan.FromDays(7);

    /// <summary>Owes <paramref name="to"/> a message.</summary>
    /// <returns>Its id.</returns>
    public static async Task<long> OweAsync(StoreSession session, OutboxKind kind, string to, string thing, string? jid, IReadOnlyList<FriendChange>? items, long now)
    {
        // MAX + 1 under the operation's serializable transaction (SQLite: one writer at a time;
        // PostgreSQL: two writers that read the same MAX conflict, and one runs again), so ids
        // follow the commit order and the sender, going by id, keeps each recipient's order.
        var id = Convert.ToInt64(await session.ScalarAsync("SELECT COALESCE(MAX(id), 0) + 1 FROM outbox"));
        await session.ExecuteAsync(
            "INSERT INTO outbox (id, kind, recipient, thing_jid, jid, items, created_at, sent_at) VALUES (@id, @kind, @to, @thing, @jid, @items, @now, NULL)",
            ("id", id),
            ("kind", OutboxKinds.Text(kind)),
            ("to", to),
            ("thing", thing),
            ("jid", (object?)jid ?? DBNull.Value),
            ("items", items == null ? DBNull.Value : JsonSerializer.Serialize(items)),
            ("now", now));
        session.NewestOwed = id;
        return id;
    }

    /// <summary>Drops every message still owed about <paramref name="thing"/> (after a factory reset or a removal they are stale).</summary>
    public static Task<int> DropUnsentAboutAsync(StoreSession session, string thing) =>
        session.ExecuteAsync("DELETE FROM outbox WHERE thing_jid = @thing AND sent_at IS NULL", ("thing", thing));

    /// <summary>The unsent messages after <paramref name="after"/>, oldest first, at most <paramref name="limit"/>.</summary>
    public static async Task<IReadOnlyList<OutboxMessage>> UnsentAsync(StoreSession session, long after, int limit) =>
        await session.QueryAsync(
            "SELECT id, kind, recipient, thing_jid, jid, items FROM outbox WHERE sent_at IS NULL AND id > @after ORDER BY id LIMIT @limit",
            r => new OutboxMessage(
                r.GetInt64(0),
                OutboxKinds.Parse(r.GetString(1)),
                r.GetString(2),
                r.GetString(3),
                r.IsDBNull(4) ? null : r.GetString(4),
                r.IsDBNull(5) ? [] : JsonSerializer.Deserialize<List<FriendChange>>(r.GetString(5))!),
            ("after", after),
            ("limit", (long)limit));

    /// <summary>Marks every message up to <paramref name="upTo"/> sent, and prunes sent ones older than <see cref="KeepSent"/>.</summary>
    /// <returns>How many were marked.</returns>
    public static async Task<int> MarkSentAsync(StoreSession session, long upTo, long now)
    {
        var marked = await session.ExecuteAsync("UPDATE outbox SET sent_at = @now WHERE id <= @upTo AND sent_at IS NULL", ("now", now), ("upTo", upTo));
        // The newest row stays, whatever its age: it carries MAX(id), so ids never start over.
        await session.ExecuteAsync(
            "DELETE FROM outbox WHERE sent_at IS NOT NULL AND sent_at < @cutoff AND id < (SELECT MAX(id) FROM outbox)",
            ("cutoff", now - (long)KeepSent.TotalMilliseconds));
        return marked;
    }
}
