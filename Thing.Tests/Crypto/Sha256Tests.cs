using System;
using nanoFramework.TestFramework;
using SiotThing.Protocol.Crypto;
using SiotThing.Protocol.Text;

namespace SiotThing.Tests.Crypto
{
    [TestClass]
    public class Sha256Tests
    {
        // FIPS 180-2 appendix B vectors, and the 896-bit message of its SHA-384/512 examples.
        [TestMethod]
        [DataRow("", "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855")]
        [DataRow("abc", "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad")]
        [DataRow("abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq", "248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1")]
        [DataRow("abcdefghbcdefghicdefghijdefghijkefghijklfghijklmghijklmnhijklmnoijklmnopjklmnopqklmnopqrlmnopqrsmnopqrstnopqrstu", "cf5b16a778af8380036ce59e7b0492370b249b11e8f07a51afac45037afee9d1")]
        public void HashesStandardVectors(string message, string expected)
        {
            Assert.AreEqual(expected, HashTesting.Digest(new Sha256(), Utf8.Encode(message)));
        }

        // Lengths around the padding boundaries: 55 bytes leave room for 0x80 and the length in
        // one block, 56 to 63 need a second block, 64 fills one exactly.
        [TestMethod]
        [DataRow(55, "9f4390f8d30c2dd92ec9f095b65e2b9ae9b0a925a5258e241c9f1e910f734318")]
        [DataRow(56, "b35439a4ac6f0948b6d6f9e3c6af0f5f590ce20f1bde7090ef7970686ec6738a")]
        [DataRow(63, "7d3e74a05d7db15bce4ad9ec0658ea98e3f06eeecf16b4c6fff2da457ddc2f34")]
        [DataRow(64, "ffe054fe7ae0cb6dc65c3af9b61d5209f439851db43d0ba5997337df154668eb")]
        [DataRow(65, "635361c48bb9eab14198e76ea8ab7f1a41685d6ad62aa9146d301d4f17eb0ae0")]
        [DataRow(119, "31eba51c313a5c08226adf18d4a359cfdfd8d2e816b13f4af952f7ea6584dcfb")]
        [DataRow(120, "2f3d335432c70b580af0e8e1b3674a7c020d683aa5f73aaaedfdc55af904c21c")]
        public void PadsAtBlockBoundaries(int length, string expected)
        {
            Assert.AreEqual(expected, HashTesting.Digest(new Sha256(), HashTesting.Repeat((byte)'a', length)));
        }

        [TestMethod]
        public void OddSizedChunksGiveTheSameDigestAsOneUpdate()
        {
            // 1000 bytes (15 blocks and a part) in chunks of 1, 3, 7, ... bytes, so that chunks
            // straddle block ends, fill partial blocks and also carry whole blocks.
            Assert.AreEqual("41edece42d63e8d9bf515a9ba6932e1c20cbc9f5a5d134645adb5db1b9737ea3", HashTesting.DigestInChunks(new Sha256(), HashTesting.Repeat((byte)'a', 1000)));
            Assert.AreEqual(
                "cf5b16a778af8380036ce59e7b0492370b249b11e8f07a51afac45037afee9d1",
                HashTesting.DigestInChunks(new Sha256(), Utf8.Encode("abcdefghbcdefghicdefghijdefghijkefghijklfghijklmghijklmnhijklmnoijklmnopjklmnopqklmnopqrlmnopqrsmnopqrstnopqrstu")));
        }

        [TestMethod]
        public void FinalResetsForTheNextMessage()
        {
            var sha256 = new Sha256();
            var abc = Utf8.Encode("abc");
            sha256.Update(abc, 0, abc.Length);
            sha256.Final(new byte[Sha256.Size], 0);

            Assert.AreEqual("ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad", HashTesting.Digest(sha256, abc));
        }

        [TestMethod]
        public void HashesOnlyTheGivenRangeAndWritesAtTheOffset()
        {
            var sha256 = new Sha256();
            var buffer = Utf8.Encode("xxabcxx");
            var output = new byte[Sha256.Size + 3];
            sha256.Update(buffer, 2, 3);
            sha256.Final(output, 3);

            Assert.AreEqual("000000ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad", Hex.Format(output));
        }

        [TestMethod]
        public void ResetForgetsWhatWasHashed()
        {
            var sha256 = new Sha256();
            var junk = HashTesting.Repeat(0x55, 70);
            sha256.Update(junk, 0, junk.Length);
            sha256.Reset();

            Assert.AreEqual("ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad", HashTesting.Digest(sha256, Utf8.Encode("abc")));
        }

        [TestMethod]
        public void SavedStateContinuesLikeTheOriginal()
        {
            var sha256 = new Sha256();
            var message = HashTesting.Repeat((byte)'a', 120);
            sha256.Update(message, 0, 64);
            var state = new uint[sha256.StateSize];
            sha256.SaveState(state);
            sha256.Update(HashTesting.Repeat(0x55, 10), 0, 10);
            sha256.Final(new byte[Sha256.Size], 0);

            sha256.LoadState(state);
            sha256.Update(message, 64, 56);
            var digest = new byte[Sha256.Size];
            sha256.Final(digest, 0);

            Assert.AreEqual("2f3d335432c70b580af0e8e1b3674a7c020d683aa5f73aaaedfdc55af904c21c", Hex.Format(digest));
        }

        [TestMethod]
        public void SavingStateInsideABlockIsRefused()
        {
            var sha256 = new Sha256();
            sha256.Update(new byte[3], 0, 3);

            Assert.ThrowsException(typeof(InvalidOperationException), () => sha256.SaveState(new uint[sha256.StateSize]));
        }

        [TestMethod]
        public void ReportsItsSizes()
        {
            var sha256 = new Sha256();

            Assert.AreEqual(32, sha256.HashSize);
            Assert.AreEqual(64, sha256.BlockSize);
        }
    }
}
