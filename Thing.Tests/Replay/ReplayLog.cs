using SiotThing.Protocol.Ports;

namespace SiotThing.Tests.Replay
{
    /// <summary>The core's log during a replay: not part of the recording; its last line goes into a mismatch's message.</summary>
    public sealed class ReplayLog : ILog
    {
        /// <summary>The last line written, or null.</summary>
        public string LastLine { get; private set; }

        /// <inheritdoc />
        public void Write(string line)
        {
            LastLine = line;
        }
    }
}
