namespace SiotThing.Protocol.Ports
{
    /// <summary>A pin read as high or low: a door contact, a motion sensor, a button.</summary>
    public interface IDigitalInput
    {
        /// <summary>Reads the pin.</summary>
        /// <returns>Whether it is high.</returns>
        bool Read();
    }
}
