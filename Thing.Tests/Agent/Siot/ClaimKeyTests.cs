using nanoFramework.TestFramework;
using SiotThing.Protocol.Siot;
using SiotThing.Protocol.Text;

namespace SiotThing.Tests.Siot
{
    [TestClass]
    public class ClaimKeyTests
    {
        [TestMethod]
        public void GeneratedKeyIsSixGroupsOfFourAlphabetSymbols()
        {
            var key = ClaimKey.Generate(new DeterministicEntropy(0x5107));

            Assert.AreEqual(29, key.Length, key);
            for (var i = 0; i < key.Length; i++)
            {
                if (i % 5 == 4)
                {
                    Assert.AreEqual('-', key[i], key);
                }
                else
                {
                    Assert.IsTrue(Utf16.IndexOf(ClaimKey.Alphabet, key[i], 0) >= 0, key);
                }
            }
        }

        [TestMethod]
        public void KeysFromDifferentEntropyDiffer()
        {
            Assert.AreNotEqual(
                ClaimKey.Generate(new DeterministicEntropy(1)),
                ClaimKey.Generate(new DeterministicEntropy(2)));
        }

        [TestMethod]
        public void AlphabetHasNoLetterOAndNoDigitZero()
        {
            Assert.AreEqual(34, ClaimKey.Alphabet.Length);
            Assert.AreEqual(-1, Utf16.IndexOf(ClaimKey.Alphabet, 'O', 0));
            Assert.AreEqual(-1, Utf16.IndexOf(ClaimKey.Alphabet, '0', 0));
        }

        [TestMethod]
        public void SymbolsAreDrawnUniformly()
        {
            // 4000 keys (96 000 symbols) from a fixed seed; a chi-square statistic over the 34
            // symbols above 63.9 (33 degrees of freedom, p = 0.001) means bias. Drawing with a
            // plain modulo of a byte gives the first 18 symbols 8/7 of the others' share and a
            // statistic in the hundreds.
            var counts = new int[ClaimKey.Alphabet.Length];
            var entropy = new DeterministicEntropy(0xC1A1);
            const int Keys = 4000;
            for (var k = 0; k < Keys; k++)
            {
                var key = ClaimKey.Generate(entropy);
                for (var i = 0; i < key.Length; i++)
                {
                    if (key[i] != '-')
                    {
                        counts[Utf16.IndexOf(ClaimKey.Alphabet, key[i], 0)]++;
                    }
                }
            }

            var expected = Keys * ClaimKey.SymbolCount / (double)counts.Length;
            var chiSquare = 0.0;
            for (var s = 0; s < counts.Length; s++)
            {
                var difference = counts[s] - expected;
                chiSquare += difference * difference / expected;
            }

            OutputHelper.WriteLine("chi-square over 34 symbols: " + chiSquare.ToString());
            Assert.IsTrue(chiSquare < 63.9, "chi-square " + chiSquare.ToString());
        }

        [TestMethod]
        [DataRow("TWNK-KD5Y-MT3T-E1GS-DRDB-KVTW", "TWNK-KD5Y-MT3T-E1GS-DRDB-KVTW")]
        [DataRow("twnk-kd5y-mt3t-e1gs-drdb-kvtw", "TWNK-KD5Y-MT3T-E1GS-DRDB-KVTW")]
        [DataRow(" TWNK KD5Y MT3T E1GS DRDB KVTW ", "TWNK-KD5Y-MT3T-E1GS-DRDB-KVTW")]
        [DataRow("TWNKKD5YMT3TE1GSDRDBKVTW", "TWNK-KD5Y-MT3T-E1GS-DRDB-KVTW")]
        public void NormalizeAcceptsWhatAPersonTypes(string typed, string expected)
        {
            Assert.AreEqual(expected, ClaimKey.Normalize(typed));
        }

        [TestMethod]
        [DataRow("TWNK-KD5Y-MT3T-E1GS-DRDB-KVT")]
        [DataRow("TWNK-KD5Y-MT3T-E1GS-DRDB-KVTWX")]
        [DataRow("TWNK-KD5Y-MT3T-E1GS-DRDB-KVT0")]
        [DataRow("TWNK-KD5Y-MT3T-E1GS-DRDB-KVTO")]
        [DataRow("TWNK-KD5Y-MT3T-E1GS-DRDB-KVT!")]
        [DataRow("")]
        public void NormalizeRejectsWhatIsNotAKey(string typed)
        {
            Assert.IsNull(ClaimKey.Normalize(typed));
        }

        [TestMethod]
        public void NormalizeRejectsNull()
        {
            Assert.IsNull(ClaimKey.Normalize(null));
        }
    }
}
