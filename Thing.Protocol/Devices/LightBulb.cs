using SiotThing.Protocol.Ports;

namespace SiotThing.Protocol.Devices
{
    /// <summary>A light bulb on a switched output: on, off, toggle, status. Starts off.</summary>
    public sealed class LightBulb : IThingDevice
    {
        private static readonly string[] BulbCommands = { "on", "off", "toggle", "status" };

        private readonly IDigitalOutput output;
        private bool on;

        /// <summary>Creates the bulb and switches it off, so that its state is known.</summary>
        /// <param name="output">The pin that switches it.</param>
        public LightBulb(IDigitalOutput output)
        {
            this.output = output;
            output.Write(false);
        }

        /// <summary>Whether the bulb is on.</summary>
        public bool IsOn
        {
            get { return on; }
        }

        /// <inheritdoc />
        public string[] Commands
        {
            get { return BulbCommands; }
        }

        /// <inheritdoc />
        public string Status()
        {
            return on ? "on" : "off";
        }

        /// <inheritdoc />
        public string Execute(string command)
        {
            switch (command)
            {
                case "on":
                    Switch(true);
                    break;
                case "off":
                    Switch(false);
                    break;
                case "toggle":
                    Switch(!on);
                    break;
                case "status":
                    break;
                default:
                    return null;
            }

            return Status();
        }

        private void Switch(bool value)
        {
            output.Write(value);
            on = value;
        }
    }
}
