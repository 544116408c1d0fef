using SiotThing.Protocol.Ports;

namespace SiotThing.Tests.Replay
{
    /// <summary>A display that checks what the core shows against the recording.</summary>
    public sealed class ReplayDisplay : IDisplay
    {
        private readonly SessionReplay replay;

        /// <summary>Creates the display.</summary>
        /// <param name="replay">The replay that holds the recording.</param>
        public ReplayDisplay(SessionReplay replay)
        {
            this.replay = replay;
        }

        /// <inheritdoc />
        public void Show(string name, string claimKey, string status)
        {
            replay.CheckDisplay(name, claimKey, status);
        }
    }
}
