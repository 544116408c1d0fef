namespace SiotThing.Protocol.Ports
{
    /// <summary>A pin driven high or low: a relay or a transistor switching a light bulb (GPIO on the ESP32 and Linux boards).</summary>
    public interface IDigitalOutput
    {
        /// <summary>Drives the pin.</summary>
        /// <param name="high">High (on) or low (off).</param>
        void Write(bool high);
    }
}
