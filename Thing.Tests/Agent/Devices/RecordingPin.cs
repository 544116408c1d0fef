using SiotThing.Protocol.Ports;

namespace SiotThing.Tests.Devices
{
    /// <summary>A pin that remembers what was written and returns what the test sets.</summary>
    public sealed class RecordingPin : IDigitalOutput, IDigitalInput
    {
        /// <summary>The level last written, or to be read.</summary>
        public bool Level { get; set; }

        /// <summary>How many writes there were.</summary>
        public int Writes { get; private set; }

        /// <inheritdoc />
        public void Write(bool high)
        {
            Level = high;
            Writes++;
        }

        /// <inheritdoc />
        public bool Read()
        {
            return Level;
        }
    }
}
