using SiotThing.Protocol.Ports;

namespace SiotThing.Tests.Replay
{
    /// <summary>Gives the core the random bytes it drew when the session was recorded.</summary>
    public sealed class ReplayEntropy : IEntropySource
    {
        private readonly SessionReplay replay;

        /// <summary>Creates the source.</summary>
        /// <param name="replay">The replay that holds the recording.</param>
        public ReplayEntropy(SessionReplay replay)
        {
            this.replay = replay;
        }

        /// <inheritdoc />
        public void Fill(byte[] buffer, int offset, int count)
        {
            replay.TakeEntropy(buffer, offset, count);
        }
    }
}
