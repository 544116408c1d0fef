namespace SiotThing.Protocol.Ports
{
    /// <summary>Where the core reports what it did and what it refused (the console on both platforms).</summary>
    public interface ILog
    {
        /// <summary>Writes one line.</summary>
        /// <param name="message">What happened.</param>
        void Write(string message);
    }
}
