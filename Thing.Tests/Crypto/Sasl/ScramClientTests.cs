using System;
using nanoFramework.TestFramework;
using SiotThing.Protocol.Sasl;
using SiotThing.Protocol.Text;

namespace SiotThing.Tests.Sasl
{
    [TestClass]
    public class ScramClientTests
    {
        // RFC 5802 §5: SCRAM-SHA-1, user "user", password "pencil".
        private const string Sha1Nonce = "fyko+d2lbbFgONRv9qkxdawL";
        private const string Sha1ServerFirst = "r=fyko+d2lbbFgONRv9qkxdawL3rfcNHYJY1ZVvWVs7j,s=QSXCR+Q6sek8bf92,i=4096";
        private const string Sha1ClientFinal = "c=biws,r=fyko+d2lbbFgONRv9qkxdawL3rfcNHYJY1ZVvWVs7j,p=v0X8v3Bz2T0CJGbJQyF0X+HI4Ts=";
        private const string Sha1ServerFinal = "v=rmF9pqV8S7suAoZWja4dJRkFsKQ=";

        // RFC 7677 §3: SCRAM-SHA-256, the same user and password.
        private const string Sha256Nonce = "rOprNGfwEbeRWgbNEkqO";
        private const string Sha256ServerFirst = "r=rOprNGfwEbeRWgbNEkqO%hvYDpWUa2RaTCAfuxFIlj)hNlF$k0,s=W22ZaJ0SNY7soEsUEjb6gQ==,i=4096";
        private const string Sha256ClientFinal = "c=biws,r=rOprNGfwEbeRWgbNEkqO%hvYDpWUa2RaTCAfuxFIlj)hNlF$k0,p=dHzbZapWIk4jUhN+Ute9ytag9zjfMHgsqmmiz7AndVQ=";
        private const string Sha256ServerFinal = "v=6rriTRBi23WpRR/wtup+mMhUZUn/dB5nLTJRsjl95G4=";

        [TestMethod]
        public void ScramSha1ExchangeMatchesRfc5802()
        {
            var client = new ScramClient(ScramClient.ScramSha1, "user", "pencil", Sha1Nonce);

            Assert.AreEqual("n,,n=user,r=fyko+d2lbbFgONRv9qkxdawL", Text(client.CreateClientFirst()));
            Assert.AreEqual(Sha1ClientFinal, Text(ServerFirst(client, Sha1ServerFirst)));
            Assert.IsFalse(client.Succeeded, "not before the server proved itself");
            Assert.IsTrue(ServerFinal(client, Sha1ServerFinal));
            Assert.IsTrue(client.Succeeded);
            Assert.IsNull(client.Error);
        }

        [TestMethod]
        public void ScramSha256ExchangeMatchesRfc7677()
        {
            var client = new ScramClient(ScramClient.ScramSha256, "user", "pencil", Sha256Nonce);

            Assert.AreEqual("n,,n=user,r=rOprNGfwEbeRWgbNEkqO", Text(client.CreateClientFirst()));
            Assert.AreEqual(Sha256ClientFinal, Text(ServerFirst(client, Sha256ServerFirst)));
            Assert.IsTrue(ServerFinal(client, Sha256ServerFinal));
            Assert.IsTrue(client.Succeeded);
        }

        [TestMethod]
        public void ReadsMessagesFromTheGivenRange()
        {
            var client = new ScramClient(ScramClient.ScramSha1, "user", "pencil", Sha1Nonce);
            client.CreateClientFirst();
            var serverFirst = Utf8.Encode("<<" + Sha1ServerFirst + ">>");
            var serverFinal = Utf8.Encode("<<" + Sha1ServerFinal + ">>");

            Assert.AreEqual(Sha1ClientFinal, Text(client.HandleServerFirst(serverFirst, 2, serverFirst.Length - 4)));
            Assert.IsTrue(client.HandleServerFinal(serverFinal, 2, serverFinal.Length - 4));
        }

        [TestMethod]
        public void ExtensionsAfterTheIterationCountAreIgnored()
        {
            var client = Started(ScramClient.ScramSha1);

            // The signatures cover the message as sent, extension included: only the proof changes.
            var final = Text(ServerFirst(client, Sha1ServerFirst + ",x=future"));

            Assert.StartsWith("c=biws,r=fyko+d2lbbFgONRv9qkxdawL3rfcNHYJY1ZVvWVs7j,p=", final);
            Assert.AreNotEqual(Sha1ClientFinal, final);
        }

        [TestMethod]
        public void WrongServerSignatureFails()
        {
            var client = Started(ScramClient.ScramSha1);
            ServerFirst(client, Sha1ServerFirst);

            Assert.IsFalse(ServerFinal(client, "v=rmF9pqV8S7suAoZWja4dJRkFsKA="));
            Assert.AreEqual(ScramError.ServerSignatureMismatch, client.Error);
            Assert.IsFalse(client.Succeeded);
        }

        [TestMethod]
        public void ServerSignatureOfTheOtherMechanismFails()
        {
            var client = Started(ScramClient.ScramSha1);
            ServerFirst(client, Sha1ServerFirst);

            Assert.IsFalse(ServerFinal(client, Sha256ServerFinal));
            Assert.AreEqual(ScramError.ServerSignatureMismatch, client.Error);
        }

        [TestMethod]
        [DataRow("r=fyko+d2lbbFgONRv9qkxdawX3rfcNHYJY1ZVvWVs7j,s=QSXCR+Q6sek8bf92,i=4096")]
        [DataRow("r=3rfcNHYJY1ZVvWVs7jfyko+d2lbbFgONRv9qkxdawL,s=QSXCR+Q6sek8bf92,i=4096")]
        [DataRow("r=fyko+d2lbbFgONRv9qkxdawL,s=QSXCR+Q6sek8bf92,i=4096")]
        [DataRow("r=fyko+d2lbbFgONRv9qkxdaw,s=QSXCR+Q6sek8bf92,i=4096")]
        public void ServerNonceMustExtendOurs(string serverFirst)
        {
            var client = Started(ScramClient.ScramSha1);

            Assert.IsNull(ServerFirst(client, serverFirst));
            Assert.AreEqual(ScramError.NonceMismatch, client.Error);
        }

        [TestMethod]
        [DataRow("r=fyko+d2lbbFgONRv9qkxdawL3rfcNHYJY1ZVvWVs7j,i=4096")]
        [DataRow("r=fyko+d2lbbFgONRv9qkxdawL3rfcNHYJY1ZVvWVs7j")]
        [DataRow("r=fyko+d2lbbFgONRv9qkxdawL3rfcNHYJY1ZVvWVs7j,s=,i=4096")]
        [DataRow("r=fyko+d2lbbFgONRv9qkxdawL3rfcNHYJY1ZVvWVs7j,s=QSXCR+Q6sek8bf9,i=4096")]
        [DataRow("r=fyko+d2lbbFgONRv9qkxdawL3rfcNHYJY1ZVvWVs7j,s=QSXCR Q6sek8bf92,i=4096")]
        [DataRow("r=fyko+d2lbbFgONRv9qkxdawL3rfcNHYJY1ZVvWVs7j,s=====,i=4096")]
        public void SaltMustBePresentAndBase64(string serverFirst)
        {
            var client = Started(ScramClient.ScramSha1);

            Assert.IsNull(ServerFirst(client, serverFirst));
            Assert.AreEqual(ScramError.InvalidSalt, client.Error);
        }

        [TestMethod]
        [DataRow("4095", ScramError.IterationCountTooLow)]
        [DataRow("1", ScramError.IterationCountTooLow)]
        [DataRow("1000001", ScramError.IterationCountTooHigh)]
        [DataRow("99999999999999999999", ScramError.IterationCountTooHigh)]
        [DataRow("", ScramError.MalformedMessage)]
        [DataRow("04096", ScramError.MalformedMessage)]
        [DataRow("-4096", ScramError.MalformedMessage)]
        [DataRow("4096x", ScramError.MalformedMessage)]
        public void IterationCountMustBeSane(string count, string error)
        {
            var client = Started(ScramClient.ScramSha1);

            Assert.IsNull(ServerFirst(client, "r=fyko+d2lbbFgONRv9qkxdawL3rfcNHYJY1ZVvWVs7j,s=QSXCR+Q6sek8bf92,i=" + count));
            Assert.AreEqual(error, client.Error);
        }

        [TestMethod]
        public void IterationLimitsCanBeChanged()
        {
            var client = Started(ScramClient.ScramSha1);
            client.MaximumIterations = 4095;

            Assert.IsNull(ServerFirst(client, Sha1ServerFirst));
            Assert.AreEqual(ScramError.IterationCountTooHigh, client.Error);

            var lenient = new ScramClient(ScramClient.ScramSha1, "user", "pencil", Sha1Nonce);
            lenient.MinimumIterations = 2;
            lenient.CreateClientFirst();

            Assert.IsNotNull(ServerFirst(lenient, "r=fyko+d2lbbFgONRv9qkxdawL3rfcNHYJY1ZVvWVs7j,s=QSXCR+Q6sek8bf92,i=2"));
        }

        [TestMethod]
        public void MandatoryExtensionFails()
        {
            var client = Started(ScramClient.ScramSha1);

            Assert.IsNull(ServerFirst(client, "m=secret," + Sha1ServerFirst));
            Assert.AreEqual(ScramError.MandatoryExtension, client.Error);
        }

        [TestMethod]
        [DataRow("", ScramError.MalformedMessage)]
        [DataRow("s=QSXCR+Q6sek8bf92,i=4096", ScramError.MalformedMessage)]
        [DataRow("r=,s=QSXCR+Q6sek8bf92,i=4096", ScramError.MalformedMessage)]
        [DataRow("r=fyko+d2lbbFgONRv9qkxdawL3rfcNHYJY1ZVvWVs7j,s=QSXCR+Q6sek8bf92", ScramError.MalformedMessage)]
        [DataRow("r=fyko+d2lbbFgONRv9qkxdawL3rfcNHYJY1ZVvWVs7j,s=QSXCR+Q6sek8bf92,", ScramError.MalformedMessage)]
        [DataRow("r=fyko+d2lbbFgONRv9qkxdawL3rfcNHYJY1ZVvWVs7j\u0001,s=QSXCR+Q6sek8bf92,i=4096", ScramError.MalformedMessage)]
        [DataRow("r=fyko+d2lbbFgONRv9qkxdawL3rfcNHYJY1ZVvWVs7j,i=4096,s=QSXCR+Q6sek8bf92", ScramError.InvalidSalt)]
        public void MalformedServerFirstFails(string serverFirst, string error)
        {
            var client = Started(ScramClient.ScramSha1);

            Assert.IsNull(ServerFirst(client, serverFirst));
            Assert.AreEqual(error, client.Error);
        }

        [TestMethod]
        public void ServerFirstThatIsNotUtf8Fails()
        {
            var client = Started(ScramClient.ScramSha1);
            var message = Hex.Parse("723dff2c733d41413d3d2c693d34303936");

            Assert.IsNull(client.HandleServerFirst(message, 0, message.Length));
            Assert.AreEqual(ScramError.MalformedMessage, client.Error);
        }

        [TestMethod]
        public void ServerErrorIsReported()
        {
            var client = Started(ScramClient.ScramSha1);
            ServerFirst(client, Sha1ServerFirst);

            Assert.IsFalse(ServerFinal(client, "e=invalid-proof"));
            Assert.AreEqual(ScramError.ServerError, client.Error);
            Assert.AreEqual("invalid-proof", client.ServerError);
            Assert.IsFalse(client.Succeeded);
        }

        [TestMethod]
        [DataRow("")]
        [DataRow("v=")]
        [DataRow("v=not base64!")]
        [DataRow("x=rmF9pqV8S7suAoZWja4dJRkFsKQ=")]
        public void MalformedServerFinalFails(string serverFinal)
        {
            var client = Started(ScramClient.ScramSha1);
            ServerFirst(client, Sha1ServerFirst);

            Assert.IsFalse(ServerFinal(client, serverFinal));
            Assert.AreEqual(ScramError.MalformedMessage, client.Error);
        }

        [TestMethod]
        public void StepsOutOfOrderThrow()
        {
            var client = new ScramClient(ScramClient.ScramSha1, "user", "pencil", Sha1Nonce);
            var serverFirst = Utf8.Encode(Sha1ServerFirst);

            Assert.ThrowsException(typeof(InvalidOperationException), () => client.HandleServerFirst(serverFirst, 0, serverFirst.Length));
            client.CreateClientFirst();
            Assert.ThrowsException(typeof(InvalidOperationException), () => client.CreateClientFirst());
            Assert.ThrowsException(typeof(InvalidOperationException), () => client.HandleServerFinal(serverFirst, 0, serverFirst.Length));
        }

        [TestMethod]
        public void NothingGoesOnAfterAFailure()
        {
            var client = Started(ScramClient.ScramSha1);
            ServerFirst(client, "m=x");
            var serverFirst = Utf8.Encode(Sha1ServerFirst);

            Assert.ThrowsException(typeof(InvalidOperationException), () => client.HandleServerFirst(serverFirst, 0, serverFirst.Length));
        }

        [TestMethod]
        [DataRow("user", "user")]
        [DataRow("a=b", "a=3Db")]
        [DataRow("a,b", "a=2Cb")]
        [DataRow("=,x,=", "=3D=2Cx=2C=3D")]
        public void UsernameIsEscaped(string username, string escaped)
        {
            Assert.AreEqual(escaped, ScramClient.EscapeUsername(username));
            var client = new ScramClient(ScramClient.ScramSha1, username, "pencil", Sha1Nonce);
            Assert.AreEqual("n,,n=" + escaped + ",r=" + Sha1Nonce, Text(client.CreateClientFirst()));
        }

        [TestMethod]
        public void DrawnNonceIsPrintableAndFresh()
        {
            var first = Nonce(new ScramClient(ScramClient.ScramSha256, "user", "pencil", new DeterministicEntropy(7)));
            var second = Nonce(new ScramClient(ScramClient.ScramSha256, "user", "pencil", new DeterministicEntropy(8)));

            Assert.AreEqual(32, first.Length, first);
            for (var i = 0; i < first.Length; i++)
            {
                Assert.IsTrue(first[i] > ' ' && first[i] <= '~' && first[i] != ',', first);
            }

            Assert.AreNotEqual(first, second);
        }

        [TestMethod]
        public void UnfitArgumentsAreRefused()
        {
            Assert.ThrowsException(typeof(ArgumentException), () => new ScramClient("SCRAM-SHA-1-PLUS", "user", "pencil", Sha1Nonce));
            Assert.ThrowsException(typeof(ArgumentException), () => new ScramClient("PLAIN", "user", "pencil", Sha1Nonce));
            Assert.ThrowsException(typeof(ArgumentException), () => new ScramClient(ScramClient.ScramSha1, "", "pencil", Sha1Nonce));
            Assert.ThrowsException(typeof(ArgumentException), () => new ScramClient(ScramClient.ScramSha1, "user", null, Sha1Nonce));
            Assert.ThrowsException(typeof(ArgumentException), () => new ScramClient(ScramClient.ScramSha1, "user", "pencil", "a,b"));
            Assert.ThrowsException(typeof(ArgumentException), () => new ScramClient(ScramClient.ScramSha1, "user", "pencil", "a b"));
            Assert.ThrowsException(typeof(ArgumentException), () => new ScramClient(ScramClient.ScramSha1, "user", "pencil", ""));
        }

        [TestMethod]
        public void ReturnedClientFirstIsACopy()
        {
            var client = new ScramClient(ScramClient.ScramSha1, "user", "pencil", Sha1Nonce);
            var clientFirst = client.CreateClientFirst();
            Array.Clear(clientFirst, 0, clientFirst.Length);

            Assert.AreEqual(Sha1ClientFinal, Text(ServerFirst(client, Sha1ServerFirst)));
        }

        internal static ScramClient Started(string mechanism)
        {
            var client = new ScramClient(mechanism, "user", "pencil", mechanism == ScramClient.ScramSha1 ? Sha1Nonce : Sha256Nonce);
            client.CreateClientFirst();
            return client;
        }

        internal static byte[] ServerFirst(ScramClient client, string message)
        {
            var bytes = Utf8.Encode(message);
            return client.HandleServerFirst(bytes, 0, bytes.Length);
        }

        internal static bool ServerFinal(ScramClient client, string message)
        {
            var bytes = Utf8.Encode(message);
            return client.HandleServerFinal(bytes, 0, bytes.Length);
        }

        internal static string Text(byte[] bytes)
        {
            return bytes == null ? null : Utf8.Decode(bytes, 0, bytes.Length);
        }

        private static string Nonce(ScramClient client)
        {
            var clientFirst = Text(client.CreateClientFirst());
            return clientFirst.Substring(Utf16.IndexOf(clientFirst, ",r=", 0) + 3);
        }
    }
}
