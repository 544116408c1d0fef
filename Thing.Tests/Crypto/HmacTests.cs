using nanoFramework.TestFramework;
using SiotThing.Protocol.Crypto;
using SiotThing.Protocol.Text;

namespace SiotThing.Tests.Crypto
{
    [TestClass]
    public class HmacTests
    {
        // Keys and data are hex, or "aa*80" for the byte 0xaa repeated 80 times.

        // RFC 2202 §3, test cases 1 to 7 (6 and 7 have a key longer than a block).
        [TestMethod]
        [DataRow("0b*20", "4869205468657265", "b617318655057264e28bc0b6fb378c8ef146be00")]
        [DataRow("4a656665", "7768617420646f2079612077616e7420666f72206e6f7468696e673f", "effcdf6ae5eb2fa2d27416d5f184df9c259a7c79")]
        [DataRow("aa*20", "dd*50", "125d7342b9ac11cd91a39af48aa17b4f63f175d3")]
        [DataRow("0102030405060708090a0b0c0d0e0f10111213141516171819", "cd*50", "4c9007f4026250c6bc8414f9bf50c86c2d7235da")]
        [DataRow("0c*20", "546573742057697468205472756e636174696f6e", "4c1a03424b55e07fe7f27be1d58bb9324a9a5a04")]
        [DataRow("aa*80", "54657374205573696e67204c6172676572205468616e20426c6f636b2d53697a65204b6579202d2048617368204b6579204669727374", "aa4ae5e15272d00e95705637ce8a3b55ed402112")]
        [DataRow("aa*80", "54657374205573696e67204c6172676572205468616e20426c6f636b2d53697a65204b657920616e64204c6172676572205468616e204f6e6520426c6f636b2d53697a652044617461", "e8e99d0f45237d786d6bbaa7965c7808bbff1a91")]
        public void HmacSha1MatchesRfc2202(string key, string data, string expected)
        {
            Assert.AreEqual(expected, Mac(new Hmac(new Sha1(), Bytes(key)), Bytes(data)));
        }

        // RFC 4231 §4, test cases 1 to 4, 6 and 7 (6 and 7 have a key longer than a block; case 5 truncates).
        [TestMethod]
        [DataRow("0b*20", "4869205468657265", "b0344c61d8db38535ca8afceaf0bf12b881dc200c9833da726e9376c2e32cff7")]
        [DataRow("4a656665", "7768617420646f2079612077616e7420666f72206e6f7468696e673f", "5bdcc146bf60754e6a042426089575c75a003f089d2739839dec58b964ec3843")]
        [DataRow("aa*20", "dd*50", "773ea91e36800e46854db8ebd09181a72959098b3ef8c122d9635514ced565fe")]
        [DataRow("0102030405060708090a0b0c0d0e0f10111213141516171819", "cd*50", "82558a389a443c0ea4cc819899f2083a85f0faa3e578f8077a2e3ff46729665b")]
        [DataRow("aa*131", "54657374205573696e67204c6172676572205468616e20426c6f636b2d53697a65204b6579202d2048617368204b6579204669727374", "60e431591ee0b67f0d8a26aacbf5b77f8e0bc6213728c5140546040f0ee37f54")]
        [DataRow("aa*131", "5468697320697320612074657374207573696e672061206c6172676572207468616e20626c6f636b2d73697a65206b657920616e642061206c6172676572207468616e20626c6f636b2d73697a6520646174612e20546865206b6579206e6565647320746f20626520686173686564206265666f7265206265696e6720757365642062792074686520484d414320616c676f726974686d2e", "9b09ffa71b942fcb27635fbcd5b0e944bfdc63644f0713938a7f51535c3a35e2")]
        public void HmacSha256MatchesRfc4231(string key, string data, string expected)
        {
            Assert.AreEqual(expected, Mac(new Hmac(new Sha256(), Bytes(key)), Bytes(data)));
        }

        [TestMethod]
        public void OneKeyServesManyMessages()
        {
            var hmac = new Hmac(new Sha1(), Bytes("0b*20"));

            Assert.AreEqual("b617318655057264e28bc0b6fb378c8ef146be00", Mac(hmac, Bytes("4869205468657265")));
            Assert.AreEqual("b617318655057264e28bc0b6fb378c8ef146be00", Mac(hmac, Bytes("4869205468657265")));
            Assert.AreEqual(
                "c83d13faea5560e89ff3d8ac7927511cbd85822a",
                Mac(hmac, Bytes("cd*50")),
                "a different message with the same key");
        }

        [TestMethod]
        public void MessageMayArriveInPieces()
        {
            var hmac = new Hmac(new Sha256(), Bytes("4a656665"));
            var data = Bytes("7768617420646f2079612077616e7420666f72206e6f7468696e673f");
            var mac = new byte[hmac.HashSize];
            hmac.Update(data, 0, 5);
            hmac.Update(data, 5, 0);
            hmac.Update(data, 5, data.Length - 5);
            hmac.Final(mac, 0);

            Assert.AreEqual("5bdcc146bf60754e6a042426089575c75a003f089d2739839dec58b964ec3843", Hex.Format(mac));
        }

        [TestMethod]
        public void ResetDiscardsTheMessageInProgress()
        {
            var hmac = new Hmac(new Sha1(), Bytes("0b*20"));
            var junk = Bytes("ff*70");
            hmac.Update(junk, 0, junk.Length);
            hmac.Reset();

            Assert.AreEqual("b617318655057264e28bc0b6fb378c8ef146be00", Mac(hmac, Bytes("4869205468657265")));
        }

        [TestMethod]
        public void SetKeyReplacesTheKey()
        {
            var hmac = new Hmac(new Sha256(), Bytes("0b*20"));
            var key = Bytes("00aa*131");
            hmac.SetKey(key, 1, 131);

            Assert.AreEqual(
                "60e431591ee0b67f0d8a26aacbf5b77f8e0bc6213728c5140546040f0ee37f54",
                Mac(hmac, Bytes("54657374205573696e67204c6172676572205468616e20426c6f636b2d53697a65204b6579202d2048617368204b6579204669727374")));
        }

        [TestMethod]
        public void ComputeMayWriteOverItsInput()
        {
            var hmac = new Hmac(new Sha1(), Bytes("0b*20"));
            var buffer = new byte[20];
            var hiThere = Bytes("4869205468657265");
            System.Array.Copy(hiThere, 0, buffer, 0, hiThere.Length);
            hmac.Compute(buffer, 0, hiThere.Length, buffer, 0);

            Assert.AreEqual("b617318655057264e28bc0b6fb378c8ef146be00", Hex.Format(buffer));
        }

        private static string Mac(Hmac hmac, byte[] data)
        {
            var mac = new byte[hmac.HashSize];
            hmac.Compute(data, 0, data.Length, mac, 0);
            return Hex.Format(mac);
        }

        /// <summary>Hex, where "aa*80" stands for the last byte before '*' repeated 80 times.</summary>
        private static byte[] Bytes(string vector)
        {
            var star = Utf16.IndexOf(vector, '*', 0);
            if (star < 0)
            {
                return Hex.Parse(vector);
            }

            var prefix = Hex.Parse(vector.Substring(0, star - 2));
            var repeat = int.Parse(vector.Substring(star + 1));
            var bytes = new byte[prefix.Length + repeat];
            System.Array.Copy(prefix, bytes, prefix.Length);
            var value = Hex.Parse(vector.Substring(star - 2, 2))[0];
            for (var i = prefix.Length; i < bytes.Length; i++)
            {
                bytes[i] = value;
            }

            return bytes;
        }
    }
}
