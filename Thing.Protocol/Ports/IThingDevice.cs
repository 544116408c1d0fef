namespace SiotThing.Protocol.Ports
{
    /// <summary>
    /// The hardware a thing serves its friends with: a light bulb on a GPIO pin, or a sensor.
    /// Commands are plain words so that they work the same in chat, in ad-hoc commands and on
    /// the console of the simulated thing.
    /// </summary>
    public interface IThingDevice
    {
        /// <summary>The commands the device understands, e.g. on, off, toggle, status (bulb) or read, status (sensor).</summary>
        string[] Commands { get; }

        /// <summary>The device's state as friends see it (presence status, answers): "on", "off", "21.5 C" ...</summary>
        /// <returns>The state text.</returns>
        string Status();

        /// <summary>Carries out a command.</summary>
        /// <param name="command">One of <see cref="Commands"/> (lower case).</param>
        /// <returns>The state after the command, or <c>null</c> when the command is unknown.</returns>
        string Execute(string command);
    }
}
