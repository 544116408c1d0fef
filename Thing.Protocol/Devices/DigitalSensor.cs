using SiotThing.Protocol.Ports;

namespace SiotThing.Protocol.Devices
{
    /// <summary>
    /// A two-state sensor on an input pin (a door contact, a motion detector): read and status
    /// give its state in words chosen for what it senses, e.g. "open"/"closed".
    /// </summary>
    public sealed class DigitalSensor : IThingDevice
    {
        private static readonly string[] SensorCommands = { "read", "status" };

        private readonly IDigitalInput input;
        private readonly string highText;
        private readonly string lowText;

        /// <summary>Creates the sensor.</summary>
        /// <param name="input">The pin.</param>
        /// <param name="highText">What a high level means (e.g. "open").</param>
        /// <param name="lowText">What a low level means (e.g. "closed").</param>
        public DigitalSensor(IDigitalInput input, string highText, string lowText)
        {
            this.input = input;
            this.highText = highText;
            this.lowText = lowText;
        }

        /// <inheritdoc />
        public string[] Commands
        {
            get { return SensorCommands; }
        }

        /// <inheritdoc />
        public string Status()
        {
            return input.Read() ? highText : lowText;
        }

        /// <inheritdoc />
        public string Execute(string command)
        {
            return command == "read" || command == "status" ? Status() : null;
        }
    }
}
