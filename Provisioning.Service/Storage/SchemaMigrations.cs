namespace SiotThing.Provisioning.Storage;

/// <summary>
/// The schema, as the steps that build it. A released step is never edited: a change is a new
/// step at the end. Both databases run the same SQL, so it keeps to what both have: TEXT, BIGINT,
/// CHECK, foreign keys, ON CONFLICT. Times are Unix milliseconds (BIGINT) for the same reason.
/// </summary>
internal static class SchemaMigrations
{
    /// <summary>The table that records which steps ran. It is created before any step.</summary>
    public const string VersionTable = """
        CREATE TABLE IF NOT EXISTS schema_version (
            version INTEGER NOT NULL PRIMARY KEY,
            description TEXT NOT NULL,
            applied_at BIGINT NOT NULL
        )
        """;

    /// <summary>Every step, in version order.</summary>
    public static IReadOnlyList<Migration> All { get; } =
    [
        new Migration(1, "things, their names, friendships and failed claims",
        [
            // key_hash is unique: one key belongs to one thing (a second thing gets <conflict/>).
            """
            CREATE TABLE things (
                jid TEXT NOT NULL PRIMARY KEY,
                key_hash TEXT NOT NULL UNIQUE,
                owner_jid TEXT,
                registered_at BIGINT NOT NULL,
                claimed_at BIGINT
            )
            """,
            "CREATE INDEX things_owner ON things (owner_jid)",
            // match_name is the name in the form claims compare (StoreInput.MatchForm).
            """
            CREATE TABLE thing_names (
                thing_jid TEXT NOT NULL REFERENCES things (jid),
                lang TEXT NOT NULL,
                name TEXT NOT NULL,
                match_name TEXT NOT NULL,
                PRIMARY KEY (thing_jid, lang)
            )
            """,
            // One row per thing and requestor: friend, refused or pending, never two at once.
            """
            CREATE TABLE friendships (
                thing_jid TEXT NOT NULL REFERENCES things (jid),
                jid TEXT NOT NULL,
                state TEXT NOT NULL CHECK (state IN ('friend', 'refused', 'pending')),
                since BIGINT NOT NULL,
                PRIMARY KEY (thing_jid, jid)
            )
            """,
            """
            CREATE TABLE claim_failures (
                claimant_jid TEXT NOT NULL,
                failed_at BIGINT NOT NULL
            )
            """,
            "CREATE INDEX claim_failures_claimant ON claim_failures (claimant_jid, failed_at)",
            // Old failures of every claimant are pruned by time.
            "CREATE INDEX claim_failures_time ON claim_failures (failed_at)",
        ]),
        new Migration(2, "the outbox: messages owed to things and owners, kept until the server took them",
        [
            // id is given by the writer as MAX(id) + 1 inside its serializable transaction, so ids
            // grow in commit order on both databases (a sequence would hand them out at insert
            // time, and a later id could commit first). sent_at stays NULL until the server took
            // the message; items is the JSON array of a friendship-states' decisions.
            """
            CREATE TABLE outbox (
                id BIGINT NOT NULL PRIMARY KEY,
                kind TEXT NOT NULL CHECK (kind IN ('owner', 'friendship-states', 'pending-friend', 'thing-reset')),
                recipient TEXT NOT NULL,
                thing_jid TEXT NOT NULL,
                jid TEXT,
                items TEXT,
                created_at BIGINT NOT NULL,
                sent_at BIGINT
            )
            """,
            // What is still owed, in order: read at every start and reconnect.
            "CREATE INDEX outbox_unsent ON outbox (id) WHERE sent_at IS NULL",
            // A reset or removal drops what is still owed about the thing.
            "CREATE INDEX outbox_thing ON outbox (thing_jid)",
        ]),
        new Migration(3, "leases on the outbox's recipients and shared keys, for several service instances on one database",
        [
            // One instance at a time sends a recipient's owed messages, in id order, while its
            // lease runs; an instance renews its leases while it lives, and another takes a lease
            // that expired. A lease is per recipient, not per message, so that two instances never
            // send one recipient's messages out of order.
            """
            CREATE TABLE outbox_leases (
                recipient TEXT NOT NULL PRIMARY KEY,
                instance TEXT NOT NULL,
                expires_at BIGINT NOT NULL
            )
            """,
            "CREATE INDEX outbox_leases_instance ON outbox_leases (instance)",
            // A recipient's owed messages: which recipients need a lease, and whether one can go.
            "CREATE INDEX outbox_unsent_recipient ON outbox (recipient, id) WHERE sent_at IS NULL",
            // Pruning sent messages by age.
            "CREATE INDEX outbox_sent ON outbox (sent_at) WHERE sent_at IS NOT NULL",
            // The newest id handed out, in one row: MAX(id) + 1 gave an id again after its row
            // was deleted (a factory reset drops the stale messages about the thing), and a sender
            // that had sent the deleted one skipped the new one. Updating the row serializes the
            // writers that owe (SQLite: one writer; PostgreSQL: the second fails and runs again),
            // so ids still grow in commit order.
            "CREATE TABLE outbox_sequence (id BIGINT NOT NULL)",
            "INSERT INTO outbox_sequence (id) SELECT COALESCE(MAX(id), 0) FROM outbox",
            // Secrets every instance shares (the key that signs ad-hoc command session ids), made by the first to open the database.
            """
            CREATE TABLE service_keys (
                name TEXT NOT NULL PRIMARY KEY,
                value TEXT NOT NULL
            )
            """,
        ]),
        new Migration(4, "an index for the limit on the notifications an owner gets",
        [
            // What an owner was told lately, sent or not (the pending-friend notification limit).
            "CREATE INDEX outbox_recipient_time ON outbox (recipient, created_at)",
        ]),
        new Migration(5, "outbox ids from a sequence on PostgreSQL, and each recipient's newest owed message on its lease",
        [
            // The newest message owed to the lease's recipient: the sender sends a new one at once
            // only when it sent this one already (OutboxTable.OweAsync, NewlyOwed).
            "ALTER TABLE outbox_leases ADD COLUMN last_owed BIGINT",
        ],
        [
            // Step 3's one-row sequence made every owing transaction of every instance update one
            // row, and under serializable isolation all but one of them failed and ran again
            // (issue 20's cluster benchmark: claims failing after 10 tries). SQLite keeps the row:
            // it has one writer anyway. The sequence goes on from the row's last id.
            "CREATE SEQUENCE outbox_ids",
            "SELECT setval('outbox_ids', (SELECT id FROM outbox_sequence) + 1, false)",
        ]),
    ];

    /// <summary>The version the code expects.</summary>
    public static int Latest => All[^1].Version;
}
