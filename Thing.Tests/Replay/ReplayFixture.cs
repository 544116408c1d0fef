namespace SiotThing.Tests.Replay
{
    /// <summary>
    /// A recorded session compiled in (Thing.Tests/Replay/Fixtures, written by
    /// tools/record-replay-fixtures): its steps as byte arrays of at most a few KB each, every
    /// array holding whole steps (each its length, then it: docs/replay.md). A chunk is made
    /// when asked for, so a replay holds one at a time, not the whole session.
    /// </summary>
    public abstract class ReplayFixture
    {
        /// <summary>What the session was recorded against, for messages (e.g. "prosody").</summary>
        public abstract string Name { get; }

        /// <summary>How many chunks there are.</summary>
        public abstract int ChunkCount { get; }

        /// <summary>Makes one chunk.</summary>
        /// <param name="index">From 0 to <see cref="ChunkCount"/> - 1.</param>
        /// <returns>A new array with whole steps.</returns>
        public abstract byte[] Chunk(int index);
    }
}
