using nanoFramework.TestFramework;
using SiotThing.Protocol.Storage;
using SiotThing.Protocol.Text;

namespace SiotThing.Tests.Storage
{
    [TestClass]
    public class Crc32Tests
    {
        [TestMethod]
        public void CheckValue()
        {
            // The check value of CRC-32/ISO-HDLC (the catalogue name of the IEEE 802.3 CRC).
            var data = Utf8.Encode("123456789");

            Assert.AreEqual(0xCBF43926u, Crc32.Compute(data, 0, data.Length));
        }

        [TestMethod]
        [DataRow("", 0L)]
        [DataRow("a", 0xE8B7BE43L)]
        [DataRow("abc", 0x352441C2L)]
        [DataRow("The quick brown fox jumps over the lazy dog", 0x414FA339L)]
        public void KnownValues(string text, long expected)
        {
            // Values of zlib's crc32, the same function.
            var data = Utf8.Encode(text);

            Assert.AreEqual(expected, (long)Crc32.Compute(data, 0, data.Length), text);
        }

        [TestMethod]
        public void OnlyTheGivenRangeCounts()
        {
            var data = Hex.Parse("ff ff 31 32 33 34 35 36 37 38 39 ff");

            Assert.AreEqual(0xCBF43926u, Crc32.Compute(data, 2, 9));
        }

        [TestMethod]
        public void ZeroByteIsNotNothing()
        {
            // The initial value of all ones makes leading zeros count, unlike a plain CRC.
            Assert.AreEqual(0xD202EF8Du, Crc32.Compute(new byte[1], 0, 1));
        }
    }
}
