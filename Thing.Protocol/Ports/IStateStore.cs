namespace SiotThing.Protocol.Ports
{
    /// <summary>
    /// The device's flash as two slots of bytes, for the state the thing keeps across reboots.
    /// On the ESP32 a slot is the file <c>I:\siot-state-{slot}.bin</c>, on .NET a file in a
    /// folder, in tests an array. The port promises no atomicity: a write cut short by a power
    /// loss may leave the slot with any prefix of the new bytes, the old bytes, or garbage.
    /// <see cref="Storage.DurableRecord"/> makes that safe by never writing the slot that holds
    /// the newest valid copy.
    /// </summary>
    public interface IStateStore
    {
        /// <summary>
        /// Reads the whole content of a slot. After a complete <see cref="WriteSlot"/> it returns
        /// exactly the bytes written, no more (a slot is replaced, not overwritten in place).
        /// </summary>
        /// <param name="slot">0 or 1.</param>
        /// <returns>The slot's bytes, or <c>null</c> when the slot is empty, missing or cannot be read.</returns>
        byte[] ReadSlot(int slot);

        /// <summary>
        /// Replaces the content of a slot with <paramref name="count"/> bytes of
        /// <paramref name="data"/> from index 0. An I/O failure may throw; the other slot is
        /// never touched.
        /// </summary>
        /// <param name="slot">0 or 1.</param>
        /// <param name="data">The bytes to write.</param>
        /// <param name="count">How many bytes of <paramref name="data"/> to write.</param>
        void WriteSlot(int slot, byte[] data, int count);
    }
}
