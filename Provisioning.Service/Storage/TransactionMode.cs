namespace SiotThing.Provisioning.Storage;

/// <summary>What a transaction will do, which decides how the backend isolates it.</summary>
internal enum TransactionMode
{
    /// <summary>Only reads: needs one consistent snapshot.</summary>
    Read,

    /// <summary>Reads and writes: must behave as if it ran alone (serializable).</summary>
    Write,

    /// <summary>
    /// A schema step, serialized with other processes' by the migration lock. It must see what
    /// committed while it waited for that lock, so it cannot run on a snapshot taken before.
    /// </summary>
    Migrate,
}
