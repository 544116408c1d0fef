using System;
using nanoFramework.TestFramework;
using SiotThing.Protocol.Storage;
using SiotThing.Protocol.Text;

namespace SiotThing.Tests.Storage
{
    [TestClass]
    public class DurableRecordTests
    {
        [TestMethod]
        public void EmptyStoreHoldsNoRecord()
        {
            Assert.IsNull(new DurableRecord(new MemoryStateStore()).Read());
        }

        [TestMethod]
        public void RecordSurvivesAReboot()
        {
            var store = new MemoryStateStore();
            new DurableRecord(store).Write(Utf8.Encode("first state"));

            Assert.AreEqual("first state", Text(new DurableRecord(store).Read()));
        }

        [TestMethod]
        public void EmptyPayloadIsARecord()
        {
            var store = new MemoryStateStore();
            new DurableRecord(store).Write(new byte[0]);

            var payload = new DurableRecord(store).Read();

            Assert.IsNotNull(payload);
            Assert.AreEqual(0, payload.Length);
        }

        [TestMethod]
        public void RecordLayoutIsStable()
        {
            // Stored records must stay readable across firmware updates: this pins version 1.
            // "SiTS", version 1, sequence 1, length 2, "hi", CRC-32 of all that (zlib's crc32).
            var store = new MemoryStateStore();
            new DurableRecord(store).Write(Utf8.Encode("hi"));

            Assert.AreEqual("53695453010000000100026869245e0987", Hex.Format(store.Slot(0)));
            Assert.IsNull(store.Slot(1));
        }

        [TestMethod]
        public void WritesAlternateBetweenTheSlots()
        {
            var store = new MemoryStateStore();
            var record = new DurableRecord(store);
            for (var i = 0; i < 5; i++)
            {
                record.Write(Utf8.Encode("state " + i.ToString()));

                Assert.AreEqual(i % 2, store.LastWrittenSlot, "write " + i.ToString());
                Assert.AreEqual(i + 1, (int)SequenceOf(store.Slot(i % 2)), "write " + i.ToString());
                Assert.AreEqual("state " + i.ToString(), Text(new DurableRecord(store).Read()));
            }
        }

        [TestMethod]
        public void WriteAfterARebootGoesToTheOlderSlot()
        {
            var store = new MemoryStateStore();
            var record = new DurableRecord(store);
            record.Write(Utf8.Encode("one"));
            record.Write(Utf8.Encode("two"));
            record.Write(Utf8.Encode("three"));

            // A new instance has not read yet: it must find that slot 0 is the newest.
            new DurableRecord(store).Write(Utf8.Encode("four"));

            Assert.AreEqual(1, store.LastWrittenSlot);
            Assert.AreEqual(4, (int)SequenceOf(store.Slot(1)));
            Assert.AreEqual("four", Text(new DurableRecord(store).Read()));
        }

        [TestMethod]
        [DataRow(0, 7L, 8L)]
        [DataRow(1, 7L, 8L)]
        [DataRow(0, 0xFFFFFFFFL, 0L)]
        [DataRow(1, 0xFFFFFFFFL, 0L)]
        [DataRow(0, 0xFFFFFFFEL, 0xFFFFFFFFL)]
        [DataRow(0, 0x7FFFFFFFL, 0x80000000L)]
        [DataRow(1, 0L, 1L)]
        public void NewestSequenceWinsAcrossTheWrap(int olderSlot, long older, long newer)
        {
            var store = new MemoryStateStore();
            store.SetSlot(olderSlot, Record((uint)older, "older"));
            store.SetSlot(1 - olderSlot, Record((uint)newer, "newer"));
            var record = new DurableRecord(store);

            Assert.AreEqual("newer", Text(record.Read()));

            record.Write(Utf8.Encode("next"));

            Assert.AreEqual(olderSlot, store.LastWrittenSlot, "the next write replaces the older copy");
            Assert.AreEqual((long)(uint)(newer + 1), (long)SequenceOf(store.Slot(olderSlot)));
            Assert.AreEqual("next", Text(new DurableRecord(store).Read()));
        }

        [TestMethod]
        [DataRow(0)]
        [DataRow(1)]
        public void OneValidSlotIsEnough(int validSlot)
        {
            var store = new MemoryStateStore();
            store.SetSlot(validSlot, Record(41, "only"));
            store.SetSlot(1 - validSlot, Hex.Parse("5369545301"));
            var record = new DurableRecord(store);

            Assert.AreEqual("only", Text(record.Read()));

            record.Write(Utf8.Encode("next"));

            Assert.AreEqual(1 - validSlot, store.LastWrittenSlot);
            Assert.AreEqual(42, (int)SequenceOf(store.Slot(1 - validSlot)));
        }

        [TestMethod]
        public void TornWriteAtEveryLengthLeavesThePreviousRecord()
        {
            var store = new MemoryStateStore();
            var record = new DurableRecord(store);
            record.Write(Utf8.Encode("older state"));
            record.Write(Utf8.Encode("previous state"));
            var newLength = DurableRecord.HeaderLength + "new state, a bit longer".Length + DurableRecord.ChecksumLength;

            for (var mode = TornWrite.Truncated; mode <= TornWrite.OverOldBytes; mode++)
            {
                for (var keep = 0; keep < newLength; keep++)
                {
                    var power = store.Copy();
                    var writer = new DurableRecord(power);
                    writer.Read();
                    power.TearNextWrite(keep, mode);
                    writer.Write(Utf8.Encode("new state, a bit longer"));

                    var what = "torn at " + keep.ToString() + ", mode " + ((int)mode).ToString();
                    Assert.AreEqual(0, power.LastWrittenSlot, what);
                    var afterReboot = new DurableRecord(power);
                    Assert.AreEqual("previous state", Text(afterReboot.Read()), what);

                    // After the reboot, the torn slot is the one written again.
                    afterReboot.Write(Utf8.Encode("retried"));
                    Assert.AreEqual(0, power.LastWrittenSlot, what);
                    Assert.AreEqual("retried", Text(new DurableRecord(power).Read()), what);
                }
            }
        }

        [TestMethod]
        public void FailedWriteLeavesThePreviousRecordAndIsRetriedInTheSameSlot()
        {
            var store = new MemoryStateStore();
            var record = new DurableRecord(store);
            record.Write(Utf8.Encode("one"));
            record.Write(Utf8.Encode("two"));
            store.FailNextWrite(6);

            Assert.ThrowsException(typeof(InvalidOperationException), () => record.Write(Utf8.Encode("three")));
            Assert.AreEqual("two", Text(new DurableRecord(store).Read()));

            record.Write(Utf8.Encode("three again"));

            Assert.AreEqual(0, store.LastWrittenSlot);
            Assert.AreEqual(3, (int)SequenceOf(store.Slot(0)));
            Assert.AreEqual("three again", Text(new DurableRecord(store).Read()));
        }

        [TestMethod]
        public void FlippedBitAnywhereDiscardsThatSlot()
        {
            var store = new MemoryStateStore();
            var record = new DurableRecord(store);
            record.Write(Utf8.Encode("older"));
            record.Write(Utf8.Encode("newer"));
            var newer = store.Slot(1);

            for (var bit = 0; bit < newer.Length * 8; bit++)
            {
                newer[bit / 8] ^= (byte)(1 << (bit % 8));
                Assert.AreEqual("older", Text(new DurableRecord(store).Read()), "bit " + bit.ToString());
                newer[bit / 8] ^= (byte)(1 << (bit % 8));
            }

            Assert.AreEqual("newer", Text(new DurableRecord(store).Read()));
        }

        [TestMethod]
        [DataRow("5369545401000000050003616263")]
        [DataRow("5369545302000000050003616263")]
        [DataRow("504b0304140000000800")]
        [DataRow("7b22737461746522 3a20317d")]
        public void ForeignSlotIsIgnored(string hexWithoutChecksum)
        {
            // Another magic, another format version (both with a correct CRC-32), a zip file,
            // a JSON file: whatever else is in the file is not our record.
            var foreign = WithChecksum(Hex.Parse(hexWithoutChecksum));
            var store = new MemoryStateStore();
            store.SetSlot(0, Record(4, "ours"));
            store.SetSlot(1, foreign);

            Assert.AreEqual("ours", Text(new DurableRecord(store).Read()));
        }

        [TestMethod]
        [DataRow("53695453010000000500ff616263")]
        [DataRow("5369545301000000050004616263")]
        [DataRow("5369545301000000050002616263")]
        public void LengthFieldThatDoesNotFitTheSlotIsIgnored(string hexWithoutChecksum)
        {
            // "abc" with a CRC-32 over all of it, but a length of 255, 4 or 2.
            var store = new MemoryStateStore();
            store.SetSlot(0, WithChecksum(Hex.Parse(hexWithoutChecksum)));

            Assert.IsNull(new DurableRecord(store).Read());
        }

        [TestMethod]
        public void ByteAfterTheChecksumIsIgnored()
        {
            var record = Record(5, "abc");
            var longer = new byte[record.Length + 1];
            Array.Copy(record, 0, longer, 0, record.Length);
            var store = new MemoryStateStore();
            store.SetSlot(0, longer);

            Assert.IsNull(new DurableRecord(store).Read());
        }

        [TestMethod]
        public void GarbageIsIgnoredAndOverwritten()
        {
            var entropy = new DeterministicEntropy(0x5EED);
            for (var length = 0; length < 80; length++)
            {
                var store = new MemoryStateStore();
                store.SetSlot(0, Noise(entropy, length));
                store.SetSlot(1, Noise(entropy, length * 31));
                var record = new DurableRecord(store);

                Assert.IsNull(record.Read(), "length " + length.ToString());

                record.Write(Utf8.Encode("fresh"));
                Assert.AreEqual("fresh", Text(new DurableRecord(store).Read()), "length " + length.ToString());
            }
        }

        [TestMethod]
        public void GarbageBehindAValidHeaderIsIgnored()
        {
            // The header of a record that claims the largest payload, then noise: the checksum
            // (or the length) gives it away.
            var entropy = new DeterministicEntropy(0xB17);
            var slot = Noise(entropy, DurableRecord.MaxRecordLength);
            Array.Copy(Hex.Parse("536954530100000009 07f1"), 0, slot, 0, DurableRecord.HeaderLength);
            var store = new MemoryStateStore();
            store.SetSlot(1, slot);

            Assert.IsNull(new DurableRecord(store).Read());
        }

        [TestMethod]
        public void LargestPayloadFillsTheLargestRecord()
        {
            var store = new MemoryStateStore();
            var payload = Noise(new DeterministicEntropy(7), DurableRecord.MaxPayloadLength);

            new DurableRecord(store).Write(payload);

            Assert.AreEqual(DurableRecord.MaxRecordLength, store.Slot(0).Length);
            CollectionAssert.AreEqual(payload, new DurableRecord(store).Read());
        }

        [TestMethod]
        public void LargerPayloadIsAProgrammingError()
        {
            var store = new MemoryStateStore();
            var record = new DurableRecord(store);

            Assert.ThrowsException(typeof(ArgumentException), () => record.Write(new byte[DurableRecord.MaxPayloadLength + 1]));
            Assert.ThrowsException(typeof(ArgumentException), () => record.Write(null));
            Assert.AreEqual(0, store.Writes);
        }

        [TestMethod]
        public void OversizedSlotIsIgnored()
        {
            // A record this version never writes, even with a correct checksum.
            var store = new MemoryStateStore();
            store.SetSlot(0, Record(1, new string('x', DurableRecord.MaxPayloadLength + 1)));

            Assert.IsNull(new DurableRecord(store).Read());
        }

        /// <summary>A record as <see cref="DurableRecord"/> writes it, with any sequence number.</summary>
        /// <param name="sequence">The sequence number.</param>
        /// <param name="payload">The payload text.</param>
        /// <returns>The slot's bytes.</returns>
        internal static byte[] Record(uint sequence, string payload)
        {
            var text = Utf8.Encode(payload);
            var bytes = new byte[DurableRecord.HeaderLength + text.Length];
            Array.Copy(Hex.Parse("5369545301"), 0, bytes, 0, 5);
            bytes[5] = (byte)(sequence >> 24);
            bytes[6] = (byte)(sequence >> 16);
            bytes[7] = (byte)(sequence >> 8);
            bytes[8] = (byte)sequence;
            bytes[9] = (byte)(text.Length >> 8);
            bytes[10] = (byte)text.Length;
            Array.Copy(text, 0, bytes, DurableRecord.HeaderLength, text.Length);
            return WithChecksum(bytes);
        }

        /// <summary>The bytes followed by their CRC-32, big-endian.</summary>
        /// <param name="bytes">The bytes.</param>
        /// <returns>A new, longer array.</returns>
        internal static byte[] WithChecksum(byte[] bytes)
        {
            var crc = Crc32.Compute(bytes, 0, bytes.Length);
            var record = new byte[bytes.Length + 4];
            Array.Copy(bytes, 0, record, 0, bytes.Length);
            record[bytes.Length] = (byte)(crc >> 24);
            record[bytes.Length + 1] = (byte)(crc >> 16);
            record[bytes.Length + 2] = (byte)(crc >> 8);
            record[bytes.Length + 3] = (byte)crc;
            return record;
        }

        /// <summary>The sequence number in a slot's header.</summary>
        /// <param name="slot">The slot's bytes.</param>
        /// <returns>The sequence number.</returns>
        internal static uint SequenceOf(byte[] slot)
        {
            return ((uint)slot[5] << 24) | ((uint)slot[6] << 16) | ((uint)slot[7] << 8) | slot[8];
        }

        /// <summary>Random bytes from a seeded generator.</summary>
        /// <param name="entropy">The generator.</param>
        /// <param name="length">How many.</param>
        /// <returns>The bytes.</returns>
        internal static byte[] Noise(DeterministicEntropy entropy, int length)
        {
            var bytes = new byte[length];
            entropy.Fill(bytes, 0, length);
            return bytes;
        }

        private static string Text(byte[] payload)
        {
            return payload == null ? null : Utf8.Decode(payload, 0, payload.Length);
        }
    }
}
