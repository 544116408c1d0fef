using SiotThing.Protocol.Ports;

namespace SiotThing.Tests.Agent
{
    /// <summary>A log that keeps every line, for tests that check what was refused and why.</summary>
    public sealed class RecordingLog : ILog
    {
        /// <summary>All lines so far, each ended by a line feed.</summary>
        public string Text { get; private set; } = string.Empty;

        /// <inheritdoc />
        public void Write(string message)
        {
            Text += message + "\n";
        }
    }
}
