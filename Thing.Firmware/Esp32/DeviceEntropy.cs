using System;
using SiotThing.Protocol.Ports;

namespace SiotThing.Firmware.Esp32
{
    /// <summary>
    /// The entropy port on the ESP32: System.Random, which nanoFramework backs with the chip's
    /// hardware random number generator (RF noise while Wi-Fi runs). No allocation per call.
    /// </summary>
    public sealed class DeviceEntropy : IEntropySource
    {
        private readonly Random random = new Random();
        private readonly byte[] scratch = new byte[16];

        /// <inheritdoc />
        public void Fill(byte[] buffer, int offset, int count)
        {
            lock (scratch)
            {
                if (offset == 0 && count == buffer.Length)
                {
                    random.NextBytes(buffer);
                    return;
                }

                while (count > 0)
                {
                    random.NextBytes(scratch);
                    var chunk = count < scratch.Length ? count : scratch.Length;
                    Array.Copy(scratch, 0, buffer, offset, chunk);
                    offset += chunk;
                    count -= chunk;
                }
            }
        }
    }
}
