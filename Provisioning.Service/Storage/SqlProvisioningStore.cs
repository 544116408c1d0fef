using System.Data.Common;
using System.Security.Cryptography;
using Microsoft.Extensions.Logging;
using SiotThing.Protocol.Siot;

namespace SiotThing.Provisioning.Storage;

/// <summary>
/// The store on an SQL database: every operation of <see cref="IProvisioningStore"/>, written once
/// for both backends (<see cref="SqliteProvisioningStore"/>, <see cref="PostgresProvisioningStore"/>),
/// each in one transaction (serializable when it writes), and the schema migrations.
/// </summary>
public abstract class SqlProvisioningStore : IProvisioningStore
{
    // A transaction that lost a race (serialization failure, deadlock) is run again from the
    // start; this many tries is far beyond what a real race needs.
    private const int MaxAttempts = 10;

    /// <summary>How many messages one <see cref="MarkSentAsync"/> may name (each is a parameter of one statement).</summary>
    public const int MaxMarkedAtOnce = 500;

    private readonly ILogger logger;

    // This store object's name in the outbox's leases: one per process that serves, never reused.
    private readonly string instance = Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(8));

    // What committed operations owed to recipients this instance holds, until the sender takes it (TakeNewlyOwed).
    private readonly List<NewlyOwed> newlyOwed = [];
    private bool newlyOwedOverflowed;

    // The batch the current async flow began, if any (BeginBatch): its operations join it.
    private readonly AsyncLocal<StoreBatch?> batch = new();

    private protected SqlProvisioningStore(ILogger logger)
    {
        this.logger = logger;
    }

    /// <inheritdoc/>
    public Task<RegistrationResult> RegisterAsync(string thing, string key, IReadOnlyList<ThingName> names, DateTimeOffset now, CancellationToken cancellationToken = default)
    {
        var thingJid = StoreInput.BareJid(thing, nameof(thing));
        var keyHash = ClaimKeyHash.Of(StoreInput.RegisteredKey(key, nameof(key)));
        var validNames = StoreInput.Names(names, nameof(names));
        var time = now.ToUnixTimeMilliseconds();
        return InTransactionAsync(TransactionMode.Write, async session =>
        {
            var holder = (string?)await session.ScalarAsync("SELECT jid FROM things WHERE key_hash = @key", ("key", keyHash));
            if (holder != null && holder != thingJid)
            {
                return new RegistrationResult(RegistrationOutcome.KeyConflict);
            }

            var known = await session.QueryAsync(
                "SELECT owner_jid FROM things WHERE jid = @thing",
                r => r.IsDBNull(0) ? null : r.GetString(0),
                ("thing", thingJid));
            RegistrationResult result;
            if (known.Count == 0)
            {
                await session.ExecuteAsync(
                    "INSERT INTO things (jid, key_hash, owner_jid, registered_at, claimed_at) VALUES (@thing, @key, NULL, @now, NULL)",
                    ("thing", thingJid), ("key", keyHash), ("now", time));
                result = new RegistrationResult(RegistrationOutcome.Registered);
            }
            else if (holder == thingJid)
            {
                // The thing repeats a registration whose result it lost; it forgets its owner at
                // every result (a registered key has none yet as far as it knows), so it is told again.
                if (known[0] is { } owner)
                {
                    await OutboxTable.OweAsync(session, OutboxKind.Owner, thingJid, thingJid, owner, null, time);
                }

                result = new RegistrationResult(RegistrationOutcome.Repeated);
            }
            else
            {
                // A factory reset: owner, friends and pending requests go; the new key and names come in.
                // What was still owed about the thing is stale: an old owner must not reach the new key.
                await session.ExecuteAsync("DELETE FROM friendships WHERE thing_jid = @thing", ("thing", thingJid));
                await OutboxTable.DropUnsentAboutAsync(session, thingJid);
                await session.ExecuteAsync(
                    "UPDATE things SET key_hash = @key, owner_jid = NULL, registered_at = @now, claimed_at = NULL WHERE jid = @thing",
                    ("thing", thingJid), ("key", keyHash), ("now", time));
                if (known[0] is { } previousOwner)
                {
                    await OutboxTable.OweAsync(session, OutboxKind.ThingReset, previousOwner, thingJid, null, null, time);
                }

                result = new RegistrationResult(RegistrationOutcome.Reset, known[0]);
            }

            await session.ExecuteAsync("DELETE FROM thing_names WHERE thing_jid = @thing", ("thing", thingJid));
            foreach (var (language, name) in validNames)
            {
                await session.ExecuteAsync(
                    "INSERT INTO thing_names (thing_jid, lang, name, match_name) VALUES (@thing, @lang, @name, @match)",
                    ("thing", thingJid), ("lang", language), ("name", name), ("match", StoreInput.MatchForm(name)));
            }

            return result;
        }, cancellationToken);
    }

    /// <inheritdoc/>
    public Task<ClaimResult> ClaimAsync(string claimant, string name, string typedKey, DateTimeOffset now, CancellationToken cancellationToken = default)
    {
        var claimantJid = StoreInput.BareJid(claimant, nameof(claimant));
        var matchName = StoreInput.MatchForm(StoreInput.Name(name, nameof(name)));
        var key = ClaimKey.Normalize(StoreInput.TypedKey(typedKey, nameof(typedKey)));
        var keyHash = key == null ? null : ClaimKeyHash.Of(key);
        var time = now.ToUnixTimeMilliseconds();
        var window = (long)ProvisioningLimits.FailedClaimWindow.TotalMilliseconds;
        return InTransactionAsync(TransactionMode.Write, async session =>
        {
            // Failures older than the window no longer count, whoever made them.
            await session.ExecuteAsync("DELETE FROM claim_failures WHERE failed_at <= @cutoff", ("cutoff", time - window));
            var (failures, oldest) = (await session.QueryAsync(
                "SELECT COUNT(*), MIN(failed_at) FROM claim_failures WHERE claimant_jid = @claimant",
                r => (Count: r.GetInt64(0), Oldest: r.IsDBNull(1) ? 0 : r.GetInt64(1)),
                ("claimant", claimantJid)))[0];
            if (failures > ProvisioningLimits.MaxFailedClaims)
            {
                // Not looked at and not counted: the wait ends when the oldest failure is a window old.
                return new ClaimResult(ClaimOutcome.RateLimited, RetryAfter: TimeSpan.FromMilliseconds(oldest + window - time));
            }

            List<(string Jid, string? Owner)> match = keyHash == null ? [] : await session.QueryAsync(
                """
                SELECT t.jid, t.owner_jid FROM things t
                WHERE t.key_hash = @key
                  AND EXISTS (SELECT 1 FROM thing_names n WHERE n.thing_jid = t.jid AND n.match_name = @name)
                """,
                r => (r.GetString(0), r.IsDBNull(1) ? null : r.GetString(1)),
                ("key", keyHash), ("name", matchName));
            if (match.Count == 0)
            {
                await session.ExecuteAsync(
                    "INSERT INTO claim_failures (claimant_jid, failed_at) VALUES (@claimant, @now)",
                    ("claimant", claimantJid), ("now", time));
                return new ClaimResult(ClaimOutcome.NotFound);
            }

            var (thingJid, owner) = match[0];
            if (owner != null)
            {
                return new ClaimResult(ClaimOutcome.AlreadyClaimed);
            }

            await session.ExecuteAsync(
                "UPDATE things SET owner_jid = @claimant, claimed_at = @now WHERE jid = @thing",
                ("claimant", claimantJid), ("now", time), ("thing", thingJid));
            await OutboxTable.OweAsync(session, OutboxKind.Owner, thingJid, thingJid, claimantJid, null, time);
            return new ClaimResult(ClaimOutcome.Claimed, thingJid);
        }, cancellationToken);
    }

    /// <inheritdoc/>
    public Task<FriendshipResult> IsFriendAsync(string thing, string requestor, DateTimeOffset now, CancellationToken cancellationToken = default)
    {
        var thingJid = StoreInput.BareJid(thing, nameof(thing));
        var requestorJid = StoreInput.BareJid(requestor, nameof(requestor));
        var time = now.ToUnixTimeMilliseconds();
        return InTransactionAsync(TransactionMode.Write, async session =>
        {
            var things = await session.QueryAsync(
                "SELECT owner_jid FROM things WHERE jid = @thing",
                r => r.IsDBNull(0) ? null : r.GetString(0),
                ("thing", thingJid));
            if (things.Count == 0)
            {
                return new FriendshipResult(FriendshipAnswer.UnknownThing);
            }

            var owner = things[0];
            if (owner == requestorJid)
            {
                return new FriendshipResult(FriendshipAnswer.Yes);
            }

            var state = (string?)await session.ScalarAsync(
                "SELECT state FROM friendships WHERE thing_jid = @thing AND jid = @jid",
                ("thing", thingJid), ("jid", requestorJid));
            switch (state)
            {
                case FriendshipState.Friend:
                    return new FriendshipResult(FriendshipAnswer.Yes);
                case FriendshipState.Refused:
                    return new FriendshipResult(FriendshipAnswer.No);
                case FriendshipState.Pending:
                    return new FriendshipResult(FriendshipAnswer.Pending, NewlyPending: false, owner);
            }

            // Recorded also while the thing has no owner: its first owner finds it in pending-friend-query.
            await session.ExecuteAsync(
                "INSERT INTO friendships (thing_jid, jid, state, since) VALUES (@thing, @jid, @state, @now)",
                ("thing", thingJid), ("jid", requestorJid), ("state", FriendshipState.Pending), ("now", time));
            if (owner != null)
            {
                await OweNotificationAsync(session, owner, thingJid, requestorJid, time);
            }

            return new FriendshipResult(FriendshipAnswer.Pending, NewlyPending: true, owner);
        }, cancellationToken);
    }

    /// <summary>
    /// Owes the owner a pending-friend notification, within the limits that keep a stranger from
    /// spamming it (docs/protocol-notes.md): none when it was told of this requestor and thing
    /// within <see cref="ProvisioningLimits.PendingNotificationWindow"/> (a request withdrawn and
    /// made again), and after <see cref="ProvisioningLimits.MaxPendingNotifications"/> in that
    /// window one summary (a pending-friend message without a requestor), then nothing. Counted
    /// from the outbox, which keeps sent messages for a week, in the request's own transaction:
    /// every instance on the database sees the same count.
    /// </summary>
    private static async Task OweNotificationAsync(StoreSession session, string owner, string thing, string requestor, long now)
    {
        // What the owner was told in the window: at most MaxPendingNotifications and one summary, so read whole.
        var since = now - (long)ProvisioningLimits.PendingNotificationWindow.TotalMilliseconds;
        var recent = await session.QueryAsync(
            "SELECT thing_jid, jid FROM outbox WHERE recipient = @owner AND kind = @kind AND created_at > @since",
            r => (Thing: r.GetString(0), Jid: r.IsDBNull(1) ? null : r.GetString(1)),
            ("owner", owner), ("kind", OutboxKinds.Text(OutboxKind.PendingFriend)), ("since", since));
        if (recent.Contains((thing, requestor)))
        {
            return;
        }

        if (recent.Count < ProvisioningLimits.MaxPendingNotifications)
        {
            await OutboxTable.OweAsync(session, OutboxKind.PendingFriend, owner, thing, requestor, null, now);
        }
        else if (!recent.Any(r => r.Jid == null))
        {
            await OutboxTable.OweAsync(session, OutboxKind.PendingFriend, owner, thing, null, null, now);
        }
    }

    /// <inheritdoc/>
    public Task<bool> WithdrawRequestAsync(string thing, string requestor, CancellationToken cancellationToken = default)
    {
        var thingJid = StoreInput.BareJid(thing, nameof(thing));
        var requestorJid = StoreInput.BareJid(requestor, nameof(requestor));
        return InTransactionAsync(TransactionMode.Write, async session =>
        {
            if (await session.ScalarAsync("SELECT jid FROM things WHERE jid = @thing", ("thing", thingJid)) == null)
            {
                return false;
            }

            await session.ExecuteAsync(
                "DELETE FROM friendships WHERE thing_jid = @thing AND jid = @jid AND state = @state",
                ("thing", thingJid), ("jid", requestorJid), ("state", FriendshipState.Pending));
            return true;
        }, cancellationToken);
    }

    /// <inheritdoc/>
    public Task<PendingRequestsResult> PendingRequestsAsync(string owner, string? thing, CancellationToken cancellationToken = default)
    {
        var ownerJid = StoreInput.BareJid(owner, nameof(owner));
        var thingJid = thing == null ? null : StoreInput.BareJid(thing, nameof(thing));
        return InTransactionAsync(TransactionMode.Read, async session =>
        {
            if (thingJid != null)
            {
                var access = await AccessAsync(session, ownerJid, thingJid);
                if (access != AccessOutcome.Done)
                {
                    return new PendingRequestsResult(access, []);
                }
            }

            var requests = await session.QueryAsync(
                """
                SELECT f.thing_jid, f.jid, f.since FROM friendships f
                JOIN things t ON t.jid = f.thing_jid
                WHERE t.owner_jid = @owner AND f.state = @state
                """,
                r => new PendingRequest(r.GetString(0), r.GetString(1), DateTimeOffset.FromUnixTimeMilliseconds(r.GetInt64(2))),
                ("owner", ownerJid), ("state", FriendshipState.Pending));
            // Ordered here rather than in SQL: the databases' collations order text differently.
            var listed = requests
                .Where(r => thingJid == null || r.Thing == thingJid)
                .OrderBy(r => r.Thing, StringComparer.Ordinal)
                .ThenBy(r => r.Since)
                .ThenBy(r => r.Requestor, StringComparer.Ordinal)
                .ToList();
            return new PendingRequestsResult(AccessOutcome.Done, listed);
        }, cancellationToken);
    }

    /// <inheritdoc/>
    public Task<FriendUpdateResult> UpdateFriendsAsync(string owner, string? thing, IReadOnlyList<FriendChange> changes, DateTimeOffset now, CancellationToken cancellationToken = default)
    {
        var ownerJid = StoreInput.BareJid(owner, nameof(owner));
        var namedThing = thing == null ? null : StoreInput.BareJid(thing, nameof(thing));
        var validChanges = StoreInput.Changes(changes, nameof(changes));
        var time = now.ToUnixTimeMilliseconds();
        return InTransactionAsync(TransactionMode.Write, async session =>
        {
            string thingJid;
            if (namedThing == null)
            {
                // The ProtoXEP's form without a thing means the owner's only thing; two are enough to be ambiguous.
                var owned = await session.QueryAsync(
                    "SELECT jid FROM things WHERE owner_jid = @owner LIMIT 2",
                    r => r.GetString(0),
                    ("owner", ownerJid));
                if (owned.Count != 1)
                {
                    return new FriendUpdateResult(FriendUpdateOutcome.ThingRequired, null, []);
                }

                thingJid = owned[0];
            }
            else
            {
                var access = await AccessAsync(session, ownerJid, namedThing);
                if (access != AccessOutcome.Done)
                {
                    var outcome = access == AccessOutcome.Forbidden ? FriendUpdateOutcome.Forbidden : FriendUpdateOutcome.NotFound;
                    return new FriendUpdateResult(outcome, null, []);
                }

                thingJid = namedThing;
            }

            // The owner is always a friend: a change about the owner would only confuse the thing.
            var applied = validChanges.Where(c => c.Jid != ownerJid).ToList();
            foreach (var change in applied)
            {
                await session.ExecuteAsync(
                    """
                    INSERT INTO friendships (thing_jid, jid, state, since) VALUES (@thing, @jid, @state, @now)
                    ON CONFLICT (thing_jid, jid) DO UPDATE SET state = excluded.state, since = excluded.since
                    """,
                    ("thing", thingJid), ("jid", change.Jid), ("state", change.Friend ? FriendshipState.Friend : FriendshipState.Refused), ("now", time));
            }

            if (applied.Count > 0)
            {
                await OutboxTable.OweAsync(session, OutboxKind.FriendshipStates, thingJid, thingJid, null, applied, time);
            }

            return new FriendUpdateResult(FriendUpdateOutcome.Updated, thingJid, applied);
        }, cancellationToken);
    }

    /// <inheritdoc/>
    public Task<AccessOutcome> DisownAsync(string owner, string thing, DateTimeOffset now, CancellationToken cancellationToken = default)
    {
        var ownerJid = StoreInput.BareJid(owner, nameof(owner));
        var thingJid = StoreInput.BareJid(thing, nameof(thing));
        var time = now.ToUnixTimeMilliseconds();
        return InTransactionAsync(TransactionMode.Write, async session =>
        {
            var access = await AccessAsync(session, ownerJid, thingJid);
            if (access == AccessOutcome.Done)
            {
                await session.ExecuteAsync("DELETE FROM friendships WHERE thing_jid = @thing", ("thing", thingJid));
                await session.ExecuteAsync("UPDATE things SET owner_jid = NULL, claimed_at = NULL WHERE jid = @thing", ("thing", thingJid));
                await OutboxTable.OweAsync(session, OutboxKind.Owner, thingJid, thingJid, null, null, time);
            }

            return access;
        }, cancellationToken);
    }

    /// <inheritdoc/>
    public Task<IReadOnlyList<ThingInfo>> OwnedThingsAsync(string owner, CancellationToken cancellationToken = default)
    {
        var ownerJid = StoreInput.BareJid(owner, nameof(owner));
        return InTransactionAsync<IReadOnlyList<ThingInfo>>(TransactionMode.Read, async session =>
        {
            var owned = await session.QueryAsync("SELECT jid FROM things WHERE owner_jid = @owner", r => r.GetString(0), ("owner", ownerJid));
            var things = new List<ThingInfo>(owned.Count);
            foreach (var jid in owned.Order(StringComparer.Ordinal))
            {
                things.AddRange(await ReadThingsAsync(session, jid));
            }

            return things;
        }, cancellationToken);
    }

    /// <inheritdoc/>
    public Task<FriendsResult> FriendsAsync(string owner, string thing, CancellationToken cancellationToken = default)
    {
        var ownerJid = StoreInput.BareJid(owner, nameof(owner));
        var thingJid = StoreInput.BareJid(thing, nameof(thing));
        return InTransactionAsync(TransactionMode.Read, async session =>
        {
            var access = await AccessAsync(session, ownerJid, thingJid);
            if (access != AccessOutcome.Done)
            {
                return new FriendsResult(access, []);
            }

            var friends = await session.QueryAsync(
                "SELECT jid FROM friendships WHERE thing_jid = @thing AND state = @state",
                r => r.GetString(0),
                ("thing", thingJid), ("state", FriendshipState.Friend));
            return new FriendsResult(AccessOutcome.Done, friends.Order(StringComparer.Ordinal).ToList());
        }, cancellationToken);
    }

    /// <inheritdoc/>
    public Task<IReadOnlyList<ThingInfo>> ListThingsAsync(CancellationToken cancellationToken = default) =>
        InTransactionAsync(TransactionMode.Read, session => ReadThingsAsync(session, null), cancellationToken);

    /// <inheritdoc/>
    public Task<IReadOnlyList<OwnerInfo>> ListOwnersAsync(CancellationToken cancellationToken = default) =>
        InTransactionAsync<IReadOnlyList<OwnerInfo>>(TransactionMode.Read, async session =>
        {
            var owners = await session.QueryAsync(
                "SELECT owner_jid, COUNT(*) FROM things WHERE owner_jid IS NOT NULL GROUP BY owner_jid",
                r => new OwnerInfo(r.GetString(0), (int)r.GetInt64(1)));
            return owners.OrderBy(o => o.Owner, StringComparer.Ordinal).ToList();
        }, cancellationToken);

    /// <inheritdoc/>
    public Task<ThingInfo?> GetThingAsync(string thing, CancellationToken cancellationToken = default)
    {
        var thingJid = StoreInput.BareJid(thing, nameof(thing));
        return InTransactionAsync(TransactionMode.Read, async session => (await ReadThingsAsync(session, thingJid)).SingleOrDefault(), cancellationToken);
    }

    /// <inheritdoc/>
    public Task<bool> RemoveThingAsync(string thing, CancellationToken cancellationToken = default)
    {
        var thingJid = StoreInput.BareJid(thing, nameof(thing));
        return InTransactionAsync(TransactionMode.Write, async session =>
        {
            // Children first: the foreign keys refuse a thing that still has names or friendships.
            await session.ExecuteAsync("DELETE FROM friendships WHERE thing_jid = @thing", ("thing", thingJid));
            await session.ExecuteAsync("DELETE FROM thing_names WHERE thing_jid = @thing", ("thing", thingJid));
            await OutboxTable.DropUnsentAboutAsync(session, thingJid);
            return await session.ExecuteAsync("DELETE FROM things WHERE jid = @thing", ("thing", thingJid)) > 0;
        }, cancellationToken);
    }

    /// <inheritdoc/>
    public StoreBatch? BeginBatch()
    {
        if (!CommitsInBatches)
        {
            return null;
        }

        // Set here, synchronously, so that it flows to the caller and the operations it calls.
        var begun = new StoreBatch(OpenConnectionAsync, BeginTransactionAsync, HandOver, instance, NextOutboxId);
        batch.Value = begun;
        return begun;
    }

    /// <summary>How many newly owed messages are kept for the sender (<see cref="TakeNewlyOwed"/>); beyond, it reads them from the outbox.</summary>
    public const int MaxNewlyOwed = 1000;

    /// <inheritdoc/>
    public bool TakeNewlyOwed(List<NewlyOwed> into)
    {
        lock (newlyOwed)
        {
            into.AddRange(newlyOwed);
            newlyOwed.Clear();
            var complete = !newlyOwedOverflowed;
            newlyOwedOverflowed = false;
            return complete;
        }
    }

    /// <inheritdoc/>
    public Task<long?> TakeOwedAsync(DateTimeOffset now, CancellationToken cancellationToken = default)
    {
        var time = now.ToUnixTimeMilliseconds();
        // A lease of another instance is taken when it expired, or at once where no other instance can be alive.
        var cutoff = SharedByInstances ? time : long.MaxValue;
        return InTransactionAsync(TransactionMode.Write, session => OutboxTable.TakeAsync(session, time, cutoff), cancellationToken);
    }

    /// <inheritdoc/>
    public Task<IReadOnlyList<OutboxMessage>> UnsentMessagesAsync(int limit, CancellationToken cancellationToken = default)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(limit);
        return InTransactionAsync(TransactionMode.Read, session => OutboxTable.UnsentAsync(session, limit), cancellationToken);
    }

    /// <inheritdoc/>
    public Task<int> MarkSentAsync(IReadOnlyCollection<long> ids, DateTimeOffset now, CancellationToken cancellationToken = default)
    {
        ArgumentOutOfRangeException.ThrowIfGreaterThan(ids.Count, MaxMarkedAtOnce);
        return ids.Count == 0
            ? Task.FromResult(0)
            : InTransactionAsync(TransactionMode.Write, session => OutboxTable.MarkSentAsync(session, ids, now.ToUnixTimeMilliseconds()), cancellationToken);
    }

    /// <inheritdoc/>
    public Task<byte[]> SharedKeyAsync(string name, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(name);
        var candidate = Convert.ToBase64String(RandomNumberGenerator.GetBytes(32));
        return InTransactionAsync(TransactionMode.Write, async session =>
        {
            // The first instance to ask makes it; every other reads that one.
            await session.ExecuteAsync("INSERT INTO service_keys (name, value) VALUES (@name, @value) ON CONFLICT (name) DO NOTHING", ("name", name), ("value", candidate));
            return Convert.FromBase64String((string)(await session.ScalarAsync("SELECT value FROM service_keys WHERE name = @name", ("name", name)))!);
        }, cancellationToken);
    }

    /// <summary>Closes the database.</summary>
    /// <returns>A task that completes when it is closed.</returns>
    public abstract ValueTask DisposeAsync();

    /// <summary>Opens a connection to the database.</summary>
    private protected abstract Task<DbConnection> OpenConnectionAsync(CancellationToken cancellationToken);

    /// <summary>Begins a transaction isolated as <paramref name="mode"/> needs.</summary>
    private protected abstract Task<DbTransaction> BeginTransactionAsync(DbConnection connection, TransactionMode mode, CancellationToken cancellationToken);

    /// <summary>Whether <paramref name="exception"/> means the transaction lost a race and may simply run again.</summary>
    private protected abstract bool IsTransient(DbException exception);

    /// <summary>Whether other service instances may be working on the same database (a lease of another instance is then taken only when it expired).</summary>
    private protected abstract bool SharedByInstances { get; }

    /// <summary>Whether <see cref="BeginBatch"/> groups operations into one commit here.</summary>
    private protected abstract bool CommitsInBatches { get; }

    /// <summary>The statement that hands out the next outbox id, as a one-row, one-column result.</summary>
    private protected abstract string NextOutboxId { get; }

    /// <summary>The statements of <paramref name="migration"/> this database runs.</summary>
    private protected virtual IEnumerable<string> StatementsOf(Migration migration) => migration.Statements;

    /// <summary>A statement that keeps other processes from migrating at the same time, until the transaction ends; <c>null</c> when the transaction itself does.</summary>
    private protected virtual string? MigrationLock => null;

    /// <summary>Brings the schema to <see cref="SchemaMigrations.Latest"/>: each missing step in its own transaction, in order.</summary>
    /// <exception cref="InvalidOperationException">The database has a newer schema than this code knows.</exception>
    private protected async Task MigrateAsync(CancellationToken cancellationToken)
    {
        await InTransactionAsync(TransactionMode.Migrate, async session =>
        {
            await LockForMigrationAsync(session);
            await session.ExecuteAsync(SchemaMigrations.VersionTable);
            var version = await SchemaVersionAsync(session);
            if (version > SchemaMigrations.Latest)
            {
                throw new InvalidOperationException($"the database has schema version {version}, newer than this service's {SchemaMigrations.Latest}: use a newer service");
            }

            return version;
        }, cancellationToken);

        foreach (var migration in SchemaMigrations.All)
        {
            var applied = await InTransactionAsync(TransactionMode.Migrate, async session =>
            {
                await LockForMigrationAsync(session);
                // Read again under the lock: another process may have applied the step meanwhile.
                if (await SchemaVersionAsync(session) >= migration.Version)
                {
                    return false;
                }

                foreach (var statement in StatementsOf(migration))
                {
                    await session.ExecuteAsync(statement);
                }

                await session.ExecuteAsync(
                    "INSERT INTO schema_version (version, description, applied_at) VALUES (@version, @description, @now)",
                    ("version", migration.Version), ("description", migration.Description), ("now", DateTimeOffset.UtcNow.ToUnixTimeMilliseconds()));
                return true;
            }, cancellationToken);
            if (applied)
            {
                logger.LogInformation("Applied schema migration {Version}: {Description}", migration.Version, migration.Description);
            }
        }
    }

    /// <summary>Runs <paramref name="work"/> in one transaction, and again from the start when it lost a race.</summary>
    private async Task<T> InTransactionAsync<T>(TransactionMode mode, Func<StoreSession, Task<T>> work, CancellationToken cancellationToken)
    {
        if (mode != TransactionMode.Migrate && batch.Value is { IsOpen: true } open)
        {
            return await open.RunAsync(work, cancellationToken);
        }

        for (var attempt = 1; ; attempt++)
        {
            try
            {
                await using var connection = await OpenConnectionAsync(cancellationToken);
                // Disposing a transaction that was not committed rolls it back: an exception anywhere leaves nothing behind.
                await using var transaction = await BeginTransactionAsync(connection, mode, cancellationToken);
                var session = new StoreSession(connection, transaction, instance, NextOutboxId, cancellationToken);
                var result = await work(session);
                await transaction.CommitAsync(cancellationToken);
                if (session.Owed.Count > 0)
                {
                    HandOver(session.Owed);
                }

                return result;
            }
            catch (DbException exception) when (attempt < MaxAttempts && IsTransient(exception))
            {
                logger.LogDebug("Transaction lost a race (attempt {Attempt}), running it again: {Message}", attempt, exception.Message);
                // A random pause, growing with the attempts, so that the racers do not meet again.
                await Task.Delay(TimeSpan.FromMilliseconds(Random.Shared.Next(1, 10 * attempt)), cancellationToken);
            }
        }
    }

    private void HandOver(List<NewlyOwed> owed)
    {
        lock (newlyOwed)
        {
            if (newlyOwed.Count + owed.Count > MaxNewlyOwed)
            {
                // The sender is not taking them (offline, or behind): it reads the outbox instead, where they all are.
                newlyOwed.Clear();
                newlyOwedOverflowed = true;
                return;
            }

            newlyOwed.AddRange(owed);
        }
    }

    private async Task LockForMigrationAsync(StoreSession session)
    {
        if (MigrationLock != null)
        {
            await session.ExecuteAsync(MigrationLock);
        }
    }

    private static async Task<long> SchemaVersionAsync(StoreSession session) =>
        Convert.ToInt64(await session.ScalarAsync("SELECT COALESCE(MAX(version), 0) FROM schema_version"));

    /// <summary>Whether <paramref name="owner"/> owns <paramref name="thing"/>.</summary>
    private static async Task<AccessOutcome> AccessAsync(StoreSession session, string owner, string thing)
    {
        var things = await session.QueryAsync(
            "SELECT owner_jid FROM things WHERE jid = @thing",
            r => r.IsDBNull(0) ? null : r.GetString(0),
            ("thing", thing));
        return things.Count == 0 ? AccessOutcome.NotFound : things[0] == owner ? AccessOutcome.Done : AccessOutcome.Forbidden;
    }

    /// <summary>Reads every thing, or only <paramref name="thing"/>, with names and friendship counts.</summary>
    private static async Task<IReadOnlyList<ThingInfo>> ReadThingsAsync(StoreSession session, string? thing)
    {
        var thingFilter = thing == null ? string.Empty : " WHERE jid = @thing";
        var childFilter = thing == null ? string.Empty : " WHERE thing_jid = @thing";
        (string, object)[] parameters = thing == null ? [] : [("thing", thing)];
        var rows = await session.QueryAsync(
            "SELECT jid, owner_jid, registered_at, claimed_at FROM things" + thingFilter,
            r => (Jid: r.GetString(0),
                Owner: r.IsDBNull(1) ? null : r.GetString(1),
                RegisteredAt: DateTimeOffset.FromUnixTimeMilliseconds(r.GetInt64(2)),
                ClaimedAt: r.IsDBNull(3) ? (DateTimeOffset?)null : DateTimeOffset.FromUnixTimeMilliseconds(r.GetInt64(3))),
            parameters);
        var names = (await session.QueryAsync(
                "SELECT thing_jid, lang, name FROM thing_names" + childFilter,
                r => (Thing: r.GetString(0), Name: new ThingName(r.GetString(1), r.GetString(2))),
                parameters))
            .ToLookup(n => n.Thing, n => n.Name);
        var counts = (await session.QueryAsync(
                "SELECT thing_jid, state, COUNT(*) FROM friendships" + childFilter + " GROUP BY thing_jid, state",
                r => (Thing: r.GetString(0), State: r.GetString(1), Count: (int)r.GetInt64(2)),
                parameters))
            .ToDictionary(c => (c.Thing, c.State), c => c.Count);
        int Count(string jid, string state) => counts.GetValueOrDefault((jid, state));

        return rows
            .OrderBy(t => t.Jid, StringComparer.Ordinal)
            .Select(t => new ThingInfo(
                t.Jid,
                // The empty language (the default name) sorts first.
                names[t.Jid].OrderBy(n => n.Language, StringComparer.Ordinal).ToList(),
                t.Owner,
                t.RegisteredAt,
                t.ClaimedAt,
                Count(t.Jid, FriendshipState.Friend),
                Count(t.Jid, FriendshipState.Refused),
                Count(t.Jid, FriendshipState.Pending)))
            .ToList();
    }
}
