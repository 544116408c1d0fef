using System;
using System.IO;
using SiotThing.Protocol.Ports;

namespace SiotThing.Firmware.Esp32
{
    /// <summary>
    /// The state store on the ESP32: each slot is the file <c>I:\siot-state-{slot}.bin</c> on the
    /// internal flash. A slot is rewritten directly: <see cref="SiotThing.Protocol.Storage.DurableRecord"/>
    /// never writes the slot that holds the newest valid copy, so a write torn by a power loss
    /// costs only the older copy, and a damaged file reads as an empty slot.
    /// </summary>
    public sealed class FlashStateStore : IStateStore
    {
        /// <summary>The path of a slot's file.</summary>
        /// <param name="slot">0 or 1.</param>
        /// <returns>The file's path.</returns>
        public static string PathOf(int slot)
        {
            if (slot < 0 || slot > 1)
            {
                throw new ArgumentOutOfRangeException("slot");
            }

            return FlashFiles.Drive + "siot-state-" + slot + ".bin";
        }

        /// <inheritdoc />
        public byte[] ReadSlot(int slot)
        {
            // Missing, unreadable or oversized: null, never an exception.
            return FlashFiles.ReadAll(PathOf(slot));
        }

        /// <inheritdoc />
        public void WriteSlot(int slot, byte[] data, int count)
        {
            using (var file = new FileStream(PathOf(slot), FileMode.Create, FileAccess.Write))
            {
                file.Write(data, 0, count);

                // On the flash before the caller counts the write as done and moves to the other slot.
                file.Flush();
            }
        }
    }
}
