namespace SiotThing.Provisioning.Storage;

/// <summary>
/// The lock one <c>serve</c> holds on an SQLite store while it runs: an exclusive lock (flock on
/// Linux, a share lock on Windows) on the file <c>DATABASE.serve-lock</c> beside the database. The
/// store's outbox takes every lease of another instance at once on SQLite (a lease there can only
/// be a killed process's), which is right only while one instance serves the file; several
/// instances share a PostgreSQL database instead. The operating system drops the lock when the
/// process ends, also when it is killed, so a restart never finds a stale one. The admin commands
/// take no lock: they may run beside <c>serve</c>.
/// </summary>
public sealed class SqliteServeLock : IDisposable
{
    private readonly FileStream file;

    private SqliteServeLock(FileStream file)
    {
        this.file = file;
    }

    /// <summary>The lock file of <paramref name="database"/>.</summary>
    /// <param name="database">The SQLite database file.</param>
    /// <returns>Its path.</returns>
    public static string PathFor(string database) => database + ".serve-lock";

    /// <summary>Takes the lock of <paramref name="database"/>, when no other process (or other <c>serve</c> in this one) holds it.</summary>
    /// <param name="database">The SQLite database file; its folder must exist.</param>
    /// <returns>The lock, held until disposed; <c>null</c> when another holds it.</returns>
    /// <exception cref="IOException">The lock file cannot be created (its folder is missing or not writable).</exception>
    public static SqliteServeLock? TryTake(string database)
    {
        var path = PathFor(database);
        try
        {
            return new SqliteServeLock(new FileStream(path, FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.None));
        }
        catch (IOException) when (File.Exists(path))
        {
            return null;
        }
    }

    /// <inheritdoc/>
    public void Dispose() => file.Dispose();
}
