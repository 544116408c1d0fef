using nanoFramework.TestFramework;
using SiotThing.Protocol.Text;

namespace SiotThing.Tests.Text
{
    [TestClass]
    public class Utf8Tests
    {
        [TestMethod]
        public void EncodesOneTwoThreeAndFourByteCharacters()
        {
            // "aé€𝄞": U+0061, U+00E9, U+20AC, U+1D11E (a surrogate pair in the string).
            var bytes = Utf8.Encode("a\u00E9\u20AC\uD834\uDD1E");

            CollectionAssert.AreEqual(
                new byte[] { 0x61, 0xC3, 0xA9, 0xE2, 0x82, 0xAC, 0xF0, 0x9D, 0x84, 0x9E },
                bytes);
            Assert.AreEqual(10, Utf8.ByteCount("a\u00E9\u20AC\uD834\uDD1E"));
        }

        [TestMethod]
        [DataRow(0, 0)]
        [DataRow(1, 1)]
        [DataRow(2, 1)]
        [DataRow(3, 2)]
        [DataRow(5, 2)]
        [DataRow(6, 3)]
        [DataRow(9, 3)]
        [DataRow(10, 5)]
        [DataRow(100, 5)]
        public void TruncateCutsBetweenCharactersNeverInOne(int maxBytes, int keptLength)
        {
            // "aé€𝄞": 1, 2, 3 and 4 bytes; the last is two UTF-16 units.
            var text = "a\u00E9\u20AC\uD834\uDD1E";

            Assert.AreEqual(text.Substring(0, keptLength), Utf8.Truncate(text, maxBytes));
            Assert.IsNull(Utf8.Truncate(null, maxBytes));
        }

        [TestMethod]
        public void DecodeIsTheInverseOfEncode()
        {
            var text = "Futuretec Gl\u00FChbirne 10X \u20AC \uD834\uDD1E";
            var bytes = Utf8.Encode(text);

            Assert.AreEqual(text, Utf8.Decode(bytes, 0, bytes.Length));
        }

        [TestMethod]
        public void LoneSurrogateIsEncodedAsReplacementCharacter()
        {
            CollectionAssert.AreEqual(new byte[] { 0x78, 0xEF, 0xBF, 0xBD }, Utf8.Encode("x\uD800"));
            Assert.AreEqual(4, Utf8.ByteCount("x\uD800"));
        }

        [TestMethod]
        public void EncodeWritesAtTheOffsetAndCountsBytes()
        {
            var buffer = new byte[6];

            Assert.AreEqual(3, Utf8.Encode("\u20AC", buffer, 2));
            CollectionAssert.AreEqual(new byte[] { 0, 0, 0xE2, 0x82, 0xAC, 0 }, buffer);
        }

        [TestMethod]
        [DataRow("C0 AF")]
        [DataRow("E0 80 AF")]
        [DataRow("F0 80 80 AF")]
        [DataRow("ED A0 80")]
        [DataRow("F4 90 80 80")]
        [DataRow("F5 80 80 80")]
        [DataRow("80")]
        [DataRow("E2 82")]
        [DataRow("E2 28 AC")]
        [DataRow("FF")]
        public void MalformedInputIsRejected(string hex)
        {
            // Data rows carry strings: nanoFramework's test launcher takes primitive arguments.
            var bytes = Hex.Parse(hex);

            Assert.IsNull(Utf8.Decode(bytes, 0, bytes.Length));
        }

        [TestMethod]
        public void DecodesOnlyTheGivenRange()
        {
            var bytes = new byte[] { 0xFF, 0x68, 0x69, 0xFF };

            Assert.AreEqual("hi", Utf8.Decode(bytes, 1, 2));
        }

        [TestMethod]
        public void SequenceLengthReportsTruncationAtTheEnd()
        {
            var bytes = new byte[] { 0xF0, 0x9D, 0x84, 0x9E };

            Assert.AreEqual(4, Utf8.SequenceLength(bytes, 0, 4));
            Assert.AreEqual(0, Utf8.SequenceLength(bytes, 0, 3));
        }
    }
}
