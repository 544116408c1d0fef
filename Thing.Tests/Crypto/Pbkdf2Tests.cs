using System;
using nanoFramework.TestFramework;
using SiotThing.Protocol.Crypto;
using SiotThing.Protocol.Text;

namespace SiotThing.Tests.Crypto
{
    [TestClass]
    public class Pbkdf2Tests
    {
        // RFC 6070 §2, without the case of 16777216 iterations (minutes in the emulator).
        [TestMethod]
        [DataRow("password", "salt", 1, 20, "0c60c80f961f0e71f3a9b524af6012062fe037a6")]
        [DataRow("password", "salt", 2, 20, "ea6c014dc72d6f8ccd1ed92ace1d41f0d8de8957")]
        [DataRow("password", "salt", 4096, 20, "4b007901b765489abead49d926f721d065a429c1")]
        [DataRow("passwordPASSWORDpassword", "saltSALTsaltSALTsaltSALTsaltSALTsalt", 4096, 25, "3d2eec4fe41c849b80c8d83662c0e44a8b291a964cf2f07038")]
        public void HmacSha1MatchesRfc6070(string password, string salt, int iterations, int length, string expected)
        {
            Assert.AreEqual(expected, Derive(new Sha1(), Utf8.Encode(password), Utf8.Encode(salt), iterations, length));
        }

        [TestMethod]
        public void HmacSha1MatchesRfc6070WithNulInPasswordAndSalt()
        {
            // "pass\0word" and "sa\0lt": bytes, since a nanoFramework string cannot hold NUL.
            Assert.AreEqual("56fa6aa75548099dcc37d7f03425e0c3", Derive(new Sha1(), Hex.Parse("7061737300776f7264"), Hex.Parse("7361006c74"), 4096, 16));
        }

        [TestMethod]
        public void HmacSha256MatchesRfc7914()
        {
            // RFC 7914 §11: P = "passwd", S = "salt", c = 1, dkLen = 64 (two blocks of SHA-256).
            Assert.AreEqual(
                "55ac046e56e3089fec1691c22544b605f94185216dde0465e68b9d57c20dacbc49ca9cccf179b645991664b39d77ef317c71b845b1e30bd509112041d3a19783",
                Derive(new Sha256(), Utf8.Encode("passwd"), Utf8.Encode("salt"), 1, 64));
        }

        [TestMethod]
        public void HiIsPbkdf2WithOneDigestOfOutput()
        {
            // RFC 5802 §5's salted password for "pencil" (salt QSXCR+Q6sek8bf92, 4096 iterations).
            var prf = new Hmac(new Sha1(), Utf8.Encode("pencil"));

            Assert.AreEqual("1d96ee3a529b5a5f9e47c01f229a2cb8a6e15f7d", Hex.Format(Pbkdf2.Hi(prf, Convert.FromBase64String("QSXCR+Q6sek8bf92"), 4096)));
        }

        [TestMethod]
        public void WritesAtTheOffsetOnly()
        {
            var prf = new Hmac(new Sha1(), Utf8.Encode("password"));
            var output = new byte[24];
            Pbkdf2.DeriveKey(prf, Utf8.Encode("salt"), 2, output, 2, 20);

            Assert.AreEqual("0000ea6c014dc72d6f8ccd1ed92ace1d41f0d8de89570000", Hex.Format(output));
        }

        [TestMethod]
        public void DiscardsAMessageInProgressOnThePrf()
        {
            var prf = new Hmac(new Sha1(), Utf8.Encode("password"));
            prf.Update(new byte[7], 0, 7);

            Assert.AreEqual("ea6c014dc72d6f8ccd1ed92ace1d41f0d8de8957", Hex.Format(Pbkdf2.Hi(prf, Utf8.Encode("salt"), 2)));
        }

        [TestMethod]
        public void ZeroIterationsAreRefused()
        {
            var prf = new Hmac(new Sha1(), Utf8.Encode("password"));

            Assert.ThrowsException(typeof(ArgumentOutOfRangeException), () => Pbkdf2.Hi(prf, Utf8.Encode("salt"), 0));
        }

        private static string Derive(IHashFunction hash, byte[] password, byte[] salt, int iterations, int length)
        {
            var key = new byte[length];
            Pbkdf2.DeriveKey(new Hmac(hash, password), salt, iterations, key, 0, length);
            return Hex.Format(key);
        }
    }
}
