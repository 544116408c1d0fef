using SiotThing.Protocol.Ports;

namespace SiotThing.Tests
{
    /// <summary>
    /// A seeded xorshift64 generator standing in for the hardware RNG, so that tests that draw
    /// random keys or nonces see the same bytes on every run.
    /// </summary>
    public sealed class DeterministicEntropy : IEntropySource
    {
        private ulong state;

        /// <summary>Creates the generator.</summary>
        /// <param name="seed">Any value but zero.</param>
        public DeterministicEntropy(ulong seed)
        {
            state = seed;
        }

        /// <inheritdoc />
        public void Fill(byte[] buffer, int offset, int count)
        {
            for (var i = 0; i < count; i++)
            {
                state ^= state << 13;
                state ^= state >> 7;
                state ^= state << 17;
                buffer[offset + i] = (byte)(state >> 24);
            }
        }
    }
}
