namespace SiotThing.Provisioning.Storage;

/// <summary>One step of the schema, applied once, in its own transaction, in version order.</summary>
/// <param name="Version">The schema version this step leads to (1, 2, ...).</param>
/// <param name="Description">What it does, kept in the schema_version table.</param>
/// <param name="Statements">Its SQL, written so that SQLite and PostgreSQL both run it as it is.</param>
/// <param name="PostgresStatements">SQL run after <paramref name="Statements"/> on PostgreSQL only, for what SQLite has no form of (a sequence); none by default.</param>
internal sealed record Migration(int Version, string Description, IReadOnlyList<string> Statements, IReadOnlyList<string>? PostgresStatements = null);
