using nanoFramework.TestFramework;
using SiotThing.Protocol.Crypto;
using SiotThing.Protocol.Sasl;
using SiotThing.Protocol.Text;

namespace SiotThing.Tests.Crypto.Sasl
{
    /// <summary>SCRAM through the MAC port: a one-shot MAC (the shape of the ESP32's native HMAC-SHA-256) gives the RFCs' exchanges byte for byte.</summary>
    [TestClass]
    public class ScramMacProviderTests
    {
        [TestMethod]
        public void ScramSha256ThroughAOneShotMacMatchesRfc7677()
        {
            var provider = new OneShotMacProvider();
            var client = new ScramClient(ScramClient.ScramSha256, "user", "pencil", "rOprNGfwEbeRWgbNEkqO");
            client.Macs = provider;

            client.CreateClientFirst();
            var serverFirst = Utf8.Encode("r=rOprNGfwEbeRWgbNEkqO%hvYDpWUa2RaTCAfuxFIlj)hNlF$k0,s=W22ZaJ0SNY7soEsUEjb6gQ==,i=4096");

            Assert.IsNotNull(client.HandleServerFirst(serverFirst, 0, serverFirst.Length));
            Assert.AreEqual(1, provider.Sha256Created);
            Assert.AreEqual(0, provider.Sha1Created);

            // 4096 PBKDF2 iterations, Client Key, Server Key, the proof and the server's signature.
            Assert.AreEqual(4096 + 4, provider.Calls);
        }

        [TestMethod]
        public void ScramExchangesThroughAOneShotMacMatchTheRfcs()
        {
            Exchange(ScramClient.ScramSha256, "rOprNGfwEbeRWgbNEkqO", "r=rOprNGfwEbeRWgbNEkqO%hvYDpWUa2RaTCAfuxFIlj)hNlF$k0,s=W22ZaJ0SNY7soEsUEjb6gQ==,i=4096", "c=biws,r=rOprNGfwEbeRWgbNEkqO%hvYDpWUa2RaTCAfuxFIlj)hNlF$k0,p=dHzbZapWIk4jUhN+Ute9ytag9zjfMHgsqmmiz7AndVQ=", "v=6rriTRBi23WpRR/wtup+mMhUZUn/dB5nLTJRsjl95G4=");
            Exchange(ScramClient.ScramSha1, "fyko+d2lbbFgONRv9qkxdawL", "r=fyko+d2lbbFgONRv9qkxdawL3rfcNHYJY1ZVvWVs7j,s=QSXCR+Q6sek8bf92,i=4096", "c=biws,r=fyko+d2lbbFgONRv9qkxdawL3rfcNHYJY1ZVvWVs7j,p=v0X8v3Bz2T0CJGbJQyF0X+HI4Ts=", "v=rmF9pqV8S7suAoZWja4dJRkFsKQ=");
        }

        [TestMethod]
        public void OneShotMacMatchesTheManagedHmacForEveryMessageLength()
        {
            var key = new byte[100];
            var message = new byte[300];
            for (var i = 0; i < message.Length; i++)
            {
                message[i] = (byte)(i * 7);
                if (i < key.Length)
                {
                    key[i] = (byte)(i + 1);
                }
            }

            var managed = new Hmac(new Sha256(), key);
            var oneShot = new OneShotMacProvider().CreateHmacSha256(key);
            var expected = new byte[32];
            var actual = new byte[32];
            for (var count = 0; count <= message.Length; count += 37)
            {
                managed.Compute(message, 0, count, expected, 0);
                oneShot.Update(message, 0, count / 2);
                oneShot.Update(message, count / 2, count - count / 2);
                oneShot.Final(actual, 0);
                Assert.AreEqual(Hex.Format(expected), Hex.Format(actual), "length " + count);
            }
        }

        private static void Exchange(string mechanism, string nonce, string serverFirst, string clientFinal, string serverFinal)
        {
            var client = new ScramClient(mechanism, "user", "pencil", nonce);
            client.Macs = new OneShotMacProvider();
            client.CreateClientFirst();
            var first = Utf8.Encode(serverFirst);
            var answer = client.HandleServerFirst(first, 0, first.Length);
            Assert.AreEqual(clientFinal, Utf8.Decode(answer, 0, answer.Length), mechanism);
            var last = Utf8.Encode(serverFinal);
            Assert.IsTrue(client.HandleServerFinal(last, 0, last.Length), mechanism);
        }
    }
}
