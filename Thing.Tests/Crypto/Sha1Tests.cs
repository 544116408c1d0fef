using System;
using nanoFramework.TestFramework;
using SiotThing.Protocol.Crypto;
using SiotThing.Protocol.Text;

namespace SiotThing.Tests.Crypto
{
    [TestClass]
    public class Sha1Tests
    {
        // FIPS 180-2 appendix A vectors, and the 896-bit message of its SHA-384/512 examples.
        [TestMethod]
        [DataRow("", "da39a3ee5e6b4b0d3255bfef95601890afd80709")]
        [DataRow("abc", "a9993e364706816aba3e25717850c26c9cd0d89d")]
        [DataRow("abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq", "84983e441c3bd26ebaae4aa1f95129e5e54670f1")]
        [DataRow("abcdefghbcdefghicdefghijdefghijkefghijklfghijklmghijklmnhijklmnoijklmnopjklmnopqklmnopqrlmnopqrsmnopqrstnopqrstu", "a49b2446a02c645bf419f995b67091253a04a259")]
        public void HashesStandardVectors(string message, string expected)
        {
            Assert.AreEqual(expected, HashTesting.Digest(new Sha1(), Utf8.Encode(message)));
        }

        // Lengths around the padding boundaries: 55 bytes leave room for 0x80 and the length in
        // one block, 56 to 63 need a second block, 64 fills one exactly.
        [TestMethod]
        [DataRow(55, "c1c8bbdc22796e28c0e15163d20899b65621d65a")]
        [DataRow(56, "c2db330f6083854c99d4b5bfb6e8f29f201be699")]
        [DataRow(63, "03f09f5b158a7a8cdad920bddc29b81c18a551f5")]
        [DataRow(64, "0098ba824b5c16427bd7a1122a5a442a25ec644d")]
        [DataRow(65, "11655326c708d70319be2610e8a57d9a5b959d3b")]
        [DataRow(119, "ee971065aaa017e0632a8ca6c77bb3bf8b1dfc56")]
        [DataRow(120, "f34c1488385346a55709ba056ddd08280dd4c6d6")]
        public void PadsAtBlockBoundaries(int length, string expected)
        {
            Assert.AreEqual(expected, HashTesting.Digest(new Sha1(), HashTesting.Repeat((byte)'a', length)));
        }

        [TestMethod]
        public void OddSizedChunksGiveTheSameDigestAsOneUpdate()
        {
            // 1000 bytes (15 blocks and a part) in chunks of 1, 3, 7, ... bytes, so that chunks
            // straddle block ends, fill partial blocks and also carry whole blocks.
            Assert.AreEqual("291e9a6c66994949b57ba5e650361e98fc36b1ba", HashTesting.DigestInChunks(new Sha1(), HashTesting.Repeat((byte)'a', 1000)));
            Assert.AreEqual(
                "a49b2446a02c645bf419f995b67091253a04a259",
                HashTesting.DigestInChunks(new Sha1(), Utf8.Encode("abcdefghbcdefghicdefghijdefghijkefghijklfghijklmghijklmnhijklmnoijklmnopjklmnopqklmnopqrlmnopqrsmnopqrstnopqrstu")));
        }

        [TestMethod]
        public void FinalResetsForTheNextMessage()
        {
            var sha1 = new Sha1();
            var abc = Utf8.Encode("abc");
            sha1.Update(abc, 0, abc.Length);
            sha1.Final(new byte[Sha1.Size], 0);

            Assert.AreEqual("a9993e364706816aba3e25717850c26c9cd0d89d", HashTesting.Digest(sha1, abc));
        }

        [TestMethod]
        public void HashesOnlyTheGivenRangeAndWritesAtTheOffset()
        {
            var sha1 = new Sha1();
            var buffer = Utf8.Encode("xxabcxx");
            var output = new byte[Sha1.Size + 3];
            sha1.Update(buffer, 2, 3);
            sha1.Final(output, 3);

            Assert.AreEqual("000000a9993e364706816aba3e25717850c26c9cd0d89d", Hex.Format(output));
        }

        [TestMethod]
        public void ResetForgetsWhatWasHashed()
        {
            var sha1 = new Sha1();
            var junk = HashTesting.Repeat(0x55, 70);
            sha1.Update(junk, 0, junk.Length);
            sha1.Reset();

            Assert.AreEqual("a9993e364706816aba3e25717850c26c9cd0d89d", HashTesting.Digest(sha1, Utf8.Encode("abc")));
        }

        [TestMethod]
        public void SavedStateContinuesLikeTheOriginal()
        {
            var sha1 = new Sha1();
            var message = HashTesting.Repeat((byte)'a', 120);
            sha1.Update(message, 0, 64);
            var state = new uint[sha1.StateSize];
            sha1.SaveState(state);
            sha1.Update(HashTesting.Repeat(0x55, 10), 0, 10);
            sha1.Final(new byte[Sha1.Size], 0);

            sha1.LoadState(state);
            sha1.Update(message, 64, 56);
            var digest = new byte[Sha1.Size];
            sha1.Final(digest, 0);

            Assert.AreEqual("f34c1488385346a55709ba056ddd08280dd4c6d6", Hex.Format(digest));
        }

        [TestMethod]
        public void SavingStateInsideABlockIsRefused()
        {
            var sha1 = new Sha1();
            sha1.Update(new byte[3], 0, 3);

            Assert.ThrowsException(typeof(InvalidOperationException), () => sha1.SaveState(new uint[sha1.StateSize]));
        }

        [TestMethod]
        public void ReportsItsSizes()
        {
            var sha1 = new Sha1();

            Assert.AreEqual(20, sha1.HashSize);
            Assert.AreEqual(64, sha1.BlockSize);
        }
    }
}
