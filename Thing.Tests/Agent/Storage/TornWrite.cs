namespace SiotThing.Tests.Storage
{
    /// <summary>What a slot holds after a write that the power loss cut short (see <see cref="MemoryStateStore.TearNextWrite"/>).</summary>
    public enum TornWrite
    {
        /// <summary>Only the first bytes of the new data: a file system that appends.</summary>
        Truncated,

        /// <summary>The first bytes, then 0xFF up to the full length: flash erased but not yet programmed.</summary>
        Erased,

        /// <summary>The first bytes over what the slot held before: an overwrite in place.</summary>
        OverOldBytes,
    }
}
