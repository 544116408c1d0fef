using System;
using SiotThing.Protocol.Ports;

namespace SiotThing.Protocol.Storage
{
    /// <summary>
    /// One record kept in the two slots of an <see cref="IStateStore"/> so that a power loss
    /// during a write never loses it: each write goes to the slot that does not hold the newest
    /// valid copy, so a torn write can only destroy the older one, and reading takes the valid
    /// slot with the higher sequence number.
    /// </summary>
    /// <remarks>
    /// A slot holds, big-endian: the magic "SiTS" (SiotThing state, 4 bytes), the format version
    /// (1 byte), the sequence number (4 bytes, one more than the copy it replaces, wrapping after
    /// 2^32 - 1), the payload length (2 bytes), the payload, and the CRC-32 (<see cref="Crc32"/>)
    /// of everything before it (4 bytes). A slot that is not exactly one such record (torn,
    /// flipped bits, another file, another format version) is ignored.
    /// </remarks>
    public sealed class DurableRecord
    {
        /// <summary>How many slots the store has.</summary>
        public const int SlotCount = 2;

        /// <summary>The format version of the slot layout, raised whenever it changes.</summary>
        public const byte FormatVersion = 1;

        /// <summary>The bytes before the payload: magic, version, sequence, payload length.</summary>
        public const int HeaderLength = 11;

        /// <summary>The bytes after the payload: the CRC-32.</summary>
        public const int ChecksumLength = 4;

        /// <summary>
        /// The largest slot this writes or reads back (2 KiB): reading both slots at boot then
        /// needs at most 4 KiB of heap for a moment, and a flash page or two per write.
        /// </summary>
        public const int MaxRecordLength = 2048;

        /// <summary>The largest payload a record carries.</summary>
        public const int MaxPayloadLength = MaxRecordLength - HeaderLength - ChecksumLength;

        private readonly IStateStore store;

        // What the slots held at the last read, or after the last write: where the next write
        // must not go. newestSlot is -1 when no slot holds a valid record.
        private bool scanned;
        private int newestSlot;
        private uint newestSequence;

        /// <summary>Creates the record over a store; nothing is read until <see cref="Read"/> or <see cref="Write"/>.</summary>
        /// <param name="store">The two slots.</param>
        public DurableRecord(IStateStore store)
        {
            this.store = store;
        }

        /// <summary>
        /// Reads both slots and returns the payload of the valid one with the newest sequence
        /// number. Bad bytes in a slot never throw: such a slot is skipped.
        /// </summary>
        /// <returns>A copy of the newest payload, or <c>null</c> when neither slot holds a valid record.</returns>
        public byte[] Read()
        {
            var newest = Scan();
            if (newest == null)
            {
                return null;
            }

            var payload = new byte[newest.Length - HeaderLength - ChecksumLength];
            Array.Copy(newest, HeaderLength, payload, 0, payload.Length);
            return payload;
        }

        /// <summary>
        /// Writes <paramref name="payload"/> as the new newest record, into the slot that does not
        /// hold the newest valid copy (reading the slots first if this instance has not yet).
        /// When the write is torn, <see cref="Read"/> returns the previous payload.
        /// </summary>
        /// <param name="payload">At most <see cref="MaxPayloadLength"/> bytes.</param>
        /// <exception cref="ArgumentException">The payload is null or longer than <see cref="MaxPayloadLength"/>: a bug of the caller.</exception>
        public void Write(byte[] payload)
        {
            if (payload == null || payload.Length > MaxPayloadLength)
            {
                throw new ArgumentException("A record payload has at most 2033 bytes.", "payload");
            }

            if (!scanned)
            {
                Scan();
            }

            var slot = newestSlot < 0 ? 0 : 1 - newestSlot;
            var sequence = newestSlot < 0 ? 1 : unchecked(newestSequence + 1);
            var record = new byte[HeaderLength + payload.Length + ChecksumLength];
            record[0] = (byte)'S';
            record[1] = (byte)'i';
            record[2] = (byte)'T';
            record[3] = (byte)'S';
            record[4] = FormatVersion;
            WriteUInt32(record, 5, sequence);
            record[9] = (byte)(payload.Length >> 8);
            record[10] = (byte)payload.Length;
            Array.Copy(payload, 0, record, HeaderLength, payload.Length);
            WriteUInt32(record, HeaderLength + payload.Length, Crc32.Compute(record, 0, HeaderLength + payload.Length));

            store.WriteSlot(slot, record, record.Length);

            // Only after the write returned: a write that threw may have torn the slot, which
            // then simply stays the one the next write goes to.
            newestSlot = slot;
            newestSequence = sequence;
        }

        /// <summary>Reads both slots, remembers which holds the newest valid record, and returns that slot's bytes (or <c>null</c>).</summary>
        private byte[] Scan()
        {
            byte[] newest = null;
            newestSlot = -1;
            for (var slot = 0; slot < SlotCount; slot++)
            {
                var bytes = store.ReadSlot(slot);
                if (!IsValid(bytes))
                {
                    continue;
                }

                var sequence = ReadUInt32(bytes, 5);
                if (newest == null || IsNewer(sequence, newestSequence))
                {
                    newest = bytes;
                    newestSlot = slot;
                    newestSequence = sequence;
                }
            }

            scanned = true;
            return newest;
        }

        /// <summary>Whether <paramref name="bytes"/> is exactly one record of this format with a matching checksum.</summary>
        private static bool IsValid(byte[] bytes)
        {
            if (bytes == null || bytes.Length < HeaderLength + ChecksumLength || bytes.Length > MaxRecordLength)
            {
                return false;
            }

            if (bytes[0] != 'S' || bytes[1] != 'i' || bytes[2] != 'T' || bytes[3] != 'S' || bytes[4] != FormatVersion)
            {
                return false;
            }

            var payloadLength = (bytes[9] << 8) | bytes[10];
            if (bytes.Length != HeaderLength + payloadLength + ChecksumLength)
            {
                return false;
            }

            return ReadUInt32(bytes, HeaderLength + payloadLength) == Crc32.Compute(bytes, 0, HeaderLength + payloadLength);
        }

        /// <summary>
        /// Serial number arithmetic (RFC 1982): <paramref name="a"/> is newer when it is less than
        /// 2^31 steps ahead of <paramref name="b"/>, so that sequence 0 follows 2^32 - 1. The two
        /// slots are always one step apart, far from the ambiguous distance of 2^31.
        /// </summary>
        private static bool IsNewer(uint a, uint b)
        {
            return unchecked((int)(a - b)) > 0;
        }

        private static uint ReadUInt32(byte[] bytes, int at)
        {
            return ((uint)bytes[at] << 24) | ((uint)bytes[at + 1] << 16) | ((uint)bytes[at + 2] << 8) | bytes[at + 3];
        }

        private static void WriteUInt32(byte[] bytes, int at, uint value)
        {
            bytes[at] = (byte)(value >> 24);
            bytes[at + 1] = (byte)(value >> 16);
            bytes[at + 2] = (byte)(value >> 8);
            bytes[at + 3] = (byte)value;
        }
    }
}
