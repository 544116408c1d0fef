using System;
using SiotThing.Protocol.Ports;

namespace SiotThing.Tests.Storage
{
    /// <summary>
    /// The two slots of the flash in memory, with a log of the writes, and a power loss on
    /// demand: <see cref="TearNextWrite"/> makes the next write leave only a prefix.
    /// </summary>
    public sealed class MemoryStateStore : IStateStore
    {
        private readonly byte[][] slots = new byte[2][];
        private int tearAt = -1;
        private TornWrite tearMode;
        private bool failAfterTear;

        /// <summary>How many writes reached the store (torn ones too).</summary>
        public int Writes { get; private set; }

        /// <summary>The slot of the last write, or -1 before any.</summary>
        public int LastWrittenSlot { get; private set; } = -1;

        /// <summary>
        /// Makes the next write keep only <paramref name="keep"/> bytes of the new data (as
        /// <paramref name="mode"/> says) and return normally, as if the power failed right then;
        /// the test then "reboots" by reading through a new object.
        /// </summary>
        /// <param name="keep">How many bytes of the new data reach the slot.</param>
        /// <param name="mode">What the rest of the slot holds.</param>
        public void TearNextWrite(int keep, TornWrite mode)
        {
            tearAt = keep;
            tearMode = mode;
            failAfterTear = false;
        }

        /// <summary>Like <see cref="TearNextWrite"/>, but the write then throws, as an I/O error would.</summary>
        /// <param name="keep">How many bytes of the new data reach the slot.</param>
        public void FailNextWrite(int keep)
        {
            TearNextWrite(keep, TornWrite.Truncated);
            failAfterTear = true;
        }

        /// <summary>The bytes a slot holds (the store's own array, to flip bits in), or <c>null</c>.</summary>
        /// <param name="slot">0 or 1.</param>
        /// <returns>The slot's array.</returns>
        public byte[] Slot(int slot)
        {
            return slots[slot];
        }

        /// <summary>Replaces a slot's bytes, as another program writing the file would.</summary>
        /// <param name="slot">0 or 1.</param>
        /// <param name="bytes">The new content, or <c>null</c> for a missing file.</param>
        public void SetSlot(int slot, byte[] bytes)
        {
            slots[slot] = bytes;
        }

        /// <summary>A copy of both slots, with no write pending to tear.</summary>
        /// <returns>The copy.</returns>
        public MemoryStateStore Copy()
        {
            var copy = new MemoryStateStore();
            for (var slot = 0; slot < slots.Length; slot++)
            {
                copy.slots[slot] = slots[slot] == null ? null : (byte[])slots[slot].Clone();
            }

            return copy;
        }

        /// <inheritdoc />
        public byte[] ReadSlot(int slot)
        {
            // A copy, as a file read would be: the reader must not share the store's array.
            return slots[slot] == null ? null : (byte[])slots[slot].Clone();
        }

        /// <inheritdoc />
        public void WriteSlot(int slot, byte[] data, int count)
        {
            Writes++;
            LastWrittenSlot = slot;
            if (tearAt < 0 || tearAt >= count)
            {
                var whole = new byte[count];
                Array.Copy(data, 0, whole, 0, count);
                slots[slot] = whole;
                tearAt = -1;
                return;
            }

            slots[slot] = Torn(slots[slot], data, count);
            tearAt = -1;
            if (failAfterTear)
            {
                throw new InvalidOperationException("simulated I/O error");
            }
        }

        private byte[] Torn(byte[] old, byte[] data, int count)
        {
            byte[] torn;
            switch (tearMode)
            {
                case TornWrite.Truncated:
                    torn = new byte[tearAt];
                    break;
                case TornWrite.Erased:
                    torn = new byte[count];
                    for (var i = tearAt; i < count; i++)
                    {
                        torn[i] = 0xFF;
                    }

                    break;
                default:
                    var oldLength = old == null ? 0 : old.Length;
                    torn = new byte[oldLength > tearAt ? oldLength : tearAt];
                    if (old != null)
                    {
                        Array.Copy(old, 0, torn, 0, oldLength);
                    }

                    break;
            }

            Array.Copy(data, 0, torn, 0, tearAt);
            return torn;
        }
    }
}
