using SiotThing.Protocol.Ports;

namespace SiotThing.Tests.Replay
{
    /// <summary>A flash that answers reads as the recorded one did and checks every write against the recording.</summary>
    public sealed class ReplayStateStore : IStateStore
    {
        private readonly SessionReplay replay;

        /// <summary>Creates the store.</summary>
        /// <param name="replay">The replay that holds the recording.</param>
        public ReplayStateStore(SessionReplay replay)
        {
            this.replay = replay;
        }

        /// <inheritdoc />
        public byte[] ReadSlot(int slot)
        {
            return replay.TakeStoreRead(slot);
        }

        /// <inheritdoc />
        public void WriteSlot(int slot, byte[] data, int count)
        {
            replay.CheckStoreWrite(slot, data, count);
        }
    }
}
