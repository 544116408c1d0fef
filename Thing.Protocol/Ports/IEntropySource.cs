namespace SiotThing.Protocol.Ports
{
    /// <summary>
    /// Random bytes for keys and nonces. On the ESP32 this is the hardware RNG (behind
    /// <c>System.Random</c>), on .NET <c>RandomNumberGenerator</c>, in tests a seeded generator.
    /// </summary>
    public interface IEntropySource
    {
        /// <summary>Fills <paramref name="count"/> bytes of <paramref name="buffer"/> from <paramref name="offset"/> with random bytes.</summary>
        /// <param name="buffer">The buffer to fill.</param>
        /// <param name="offset">The first index to fill.</param>
        /// <param name="count">How many bytes to fill.</param>
        void Fill(byte[] buffer, int offset, int count);
    }
}
