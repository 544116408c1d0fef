using System;
using SiotThing.Protocol.Ports;

namespace SiotThing.Firmware.Esp32
{
    /// <summary>
    /// The state store on the ESP32: each slot is the file <c>I:\siot-state-{slot}.bin</c> on the
    /// internal flash. A slot is rewritten whole (<see cref="FlashFiles.Write"/>: littlefs commits
    /// it at the close, so a power loss leaves the old or the new content; a write that fails
    /// midway can still leave a short file), and <see cref="SiotThing.Protocol.Storage.DurableRecord"/>
    /// never writes the slot that holds the newest valid copy, so a torn slot costs only the older
    /// copy, and a damaged file reads as an empty slot.
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
            // Committed when the file closes, before the caller counts the write as done and moves
            // to the other slot; a power loss before that leaves the slot's old content.
            FlashFiles.Write(PathOf(slot), data, count);
        }
    }
}
