using SiotThing.Protocol.Ports;

namespace SiotThing.Tests.Replay
{
    /// <summary>The device's pin: reads give the recorded levels, writes are checked against the recording.</summary>
    public sealed class ReplayPin : IDigitalOutput, IDigitalInput
    {
        private readonly SessionReplay replay;

        /// <summary>Creates the pin.</summary>
        /// <param name="replay">The replay that holds the recording.</param>
        public ReplayPin(SessionReplay replay)
        {
            this.replay = replay;
        }

        /// <inheritdoc />
        public void Write(bool high)
        {
            replay.CheckPinWrite(high);
        }

        /// <inheritdoc />
        public bool Read()
        {
            return replay.TakePinRead();
        }
    }
}
