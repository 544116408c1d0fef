using SiotThing.Protocol.Ports;

namespace SiotThing.Protocol.Storage
{
    /// <summary>
    /// Keeps the <see cref="ThingState"/> in the device's flash through a
    /// <see cref="DurableRecord"/>, so that a power loss while saving leaves the previous state.
    /// </summary>
    public sealed class ThingStateStore
    {
        private readonly DurableRecord record;

        /// <summary>Creates the store over the two slots of the flash.</summary>
        /// <param name="store">The slots.</param>
        public ThingStateStore(IStateStore store)
        {
            record = new DurableRecord(store);
        }

        /// <summary>
        /// Reads the state saved last. When no slot holds a valid record, or the newest one holds
        /// a state this firmware cannot read (a newer format, after a downgrade), the thing starts
        /// fresh: falling back to the older copy could bring back what a factory reset removed.
        /// </summary>
        /// <returns>The saved state, or a new empty one (no key, no owner, nothing pending).</returns>
        public ThingState Load()
        {
            var state = ThingState.FromBytes(record.Read());
            return state ?? new ThingState();
        }

        /// <summary>Saves the state; when the write is torn, <see cref="Load"/> returns the state saved before.</summary>
        /// <param name="state">The state to keep.</param>
        public void Save(ThingState state)
        {
            record.Write(state.ToBytes());
        }
    }
}
