using System;
using nanoFramework.TestFramework;
using SiotThing.Protocol.Sasl;

namespace SiotThing.Tests.Sasl
{
    [TestClass]
    public class ScramSecretsTests
    {
        // RFC 5802 §5 and RFC 7677 §3 again (see ScramClientTests).
        private const string Sha1ServerFirst = "r=fyko+d2lbbFgONRv9qkxdawL3rfcNHYJY1ZVvWVs7j,s=QSXCR+Q6sek8bf92,i=4096";
        private const string Sha1ClientFinal = "c=biws,r=fyko+d2lbbFgONRv9qkxdawL3rfcNHYJY1ZVvWVs7j,p=v0X8v3Bz2T0CJGbJQyF0X+HI4Ts=";
        private const string Sha256ServerFirst = "r=rOprNGfwEbeRWgbNEkqO%hvYDpWUa2RaTCAfuxFIlj)hNlF$k0,s=W22ZaJ0SNY7soEsUEjb6gQ==,i=4096";
        private const string Sha256ClientFinal = "c=biws,r=rOprNGfwEbeRWgbNEkqO%hvYDpWUa2RaTCAfuxFIlj)hNlF$k0,p=dHzbZapWIk4jUhN+Ute9ytag9zjfMHgsqmmiz7AndVQ=";

        // Hi("pencil", salt, 4096) of the two RFC examples.
        private const string Sha1SaltedPassword = "1d96ee3a529b5a5f9e47c01f229a2cb8a6e15f7d";
        private const string Sha256SaltedPassword = "c4a49510323ab4f952cac1fa99441939e78ea74d6be81ddf7096e87513dc615d";

        [TestMethod]
        public void FreshLoginReportsTheSecretsItDerived()
        {
            var client = ScramClientTests.Started(ScramClient.ScramSha1);
            ScramClientTests.ServerFirst(client, Sha1ServerFirst);
            var secrets = client.Secrets;

            Assert.AreEqual(ScramClient.ScramSha1, secrets.Mechanism);
            Assert.AreEqual("QSXCR+Q6sek8bf92", Convert.ToBase64String(secrets.Salt));
            Assert.AreEqual(4096, secrets.Iterations);
            Assert.AreEqual(Sha1SaltedPassword, Hex.Format(secrets.SaltedPassword));
        }

        [TestMethod]
        public void CachedSecretsSkipPbkdf2()
        {
            // With the cache, the password is never hashed: a wrong one still gives the RFC's
            // proof. Without the cache it would not (see PasswordCountsWithoutTheCache).
            var client = new ScramClient(ScramClient.ScramSha1, "user", "not pencil", "fyko+d2lbbFgONRv9qkxdawL");
            var cached = Sha1Secrets();
            client.Secrets = cached;
            client.CreateClientFirst();

            Assert.AreEqual(Sha1ClientFinal, ScramClientTests.Text(ScramClientTests.ServerFirst(client, Sha1ServerFirst)));
            Assert.IsTrue(ScramClientTests.ServerFinal(client, "v=rmF9pqV8S7suAoZWja4dJRkFsKQ="));
            Assert.AreSame(cached, client.Secrets, "reused secrets need no new write to the store");
        }

        [TestMethod]
        public void CachedSecretsSkipPbkdf2ForScramSha256()
        {
            var client = new ScramClient(ScramClient.ScramSha256, "user", "not pencil", "rOprNGfwEbeRWgbNEkqO");
            client.Secrets = new ScramSecrets(ScramClient.ScramSha256, Convert.FromBase64String("W22ZaJ0SNY7soEsUEjb6gQ=="), 4096, Hex.Parse(Sha256SaltedPassword));
            client.CreateClientFirst();

            Assert.AreEqual(Sha256ClientFinal, ScramClientTests.Text(ScramClientTests.ServerFirst(client, Sha256ServerFirst)));
        }

        [TestMethod]
        public void PasswordCountsWithoutTheCache()
        {
            var client = new ScramClient(ScramClient.ScramSha1, "user", "not pencil", "fyko+d2lbbFgONRv9qkxdawL");
            client.CreateClientFirst();

            Assert.AreNotEqual(Sha1ClientFinal, ScramClientTests.Text(ScramClientTests.ServerFirst(client, Sha1ServerFirst)));
        }

        [TestMethod]
        [DataRow(ScramClient.ScramSha1, "QSXCR+Q6sek8bf92", 4097)]
        [DataRow(ScramClient.ScramSha1, "QSXCR+Q6sek8bf93", 4096)]
        [DataRow(ScramClient.ScramSha256, "QSXCR+Q6sek8bf92", 4096)]
        public void SecretsThatDoNotMatchAreDerivedAgain(string mechanism, string salt, int iterations)
        {
            // Stale secrets (another salt, count or mechanism) with a salted password that
            // would give a wrong proof: the client must derive the right one from the password.
            var stale = new ScramSecrets(mechanism, Convert.FromBase64String(salt), iterations, new byte[mechanism == ScramClient.ScramSha1 ? 20 : 32]);
            var client = ScramClientTests.Started(ScramClient.ScramSha1);
            client.Secrets = stale;

            Assert.AreEqual(Sha1ClientFinal, ScramClientTests.Text(ScramClientTests.ServerFirst(client, Sha1ServerFirst)));
            Assert.AreNotSame(stale, client.Secrets, "new secrets are stored");
            Assert.AreEqual(Sha1SaltedPassword, Hex.Format(client.Secrets.SaltedPassword));
        }

        [TestMethod]
        public void RoundTripsThroughBytes()
        {
            var secrets = Sha1Secrets();
            var copy = ScramSecrets.FromBytes(secrets.ToBytes());

            Assert.IsNotNull(copy);
            Assert.AreEqual(secrets.Mechanism, copy.Mechanism);
            CollectionAssert.AreEqual(secrets.Salt, copy.Salt);
            Assert.AreEqual(secrets.Iterations, copy.Iterations);
            CollectionAssert.AreEqual(secrets.SaltedPassword, copy.SaltedPassword);
        }

        [TestMethod]
        public void RecordLayoutIsStable()
        {
            // Stored records must stay readable across firmware updates: this pins version 1.
            Assert.AreEqual(
                "010b534352414d2d5348412d3100001000000c4125c247e43ab1e93c6dff76141d96ee3a529b5a5f9e47c01f229a2cb8a6e15f7d",
                Hex.Format(Sha1Secrets().ToBytes()));
        }

        [TestMethod]
        public void SecretsReadBackLogIn()
        {
            var stored = ScramSecrets.FromBytes(Sha1Secrets().ToBytes());
            var client = new ScramClient(ScramClient.ScramSha1, "user", "not pencil", "fyko+d2lbbFgONRv9qkxdawL");
            client.Secrets = stored;
            client.CreateClientFirst();

            Assert.AreEqual(Sha1ClientFinal, ScramClientTests.Text(ScramClientTests.ServerFirst(client, Sha1ServerFirst)));
        }

        [TestMethod]
        public void ReadsFromTheGivenRange()
        {
            var record = Sha1Secrets().ToBytes();
            var buffer = new byte[record.Length + 4];
            Array.Copy(record, 0, buffer, 2, record.Length);

            Assert.IsNotNull(ScramSecrets.FromBytes(buffer, 2, record.Length));
            Assert.IsNull(ScramSecrets.FromBytes(buffer, 2, record.Length + 1), "a trailing byte");
        }

        [TestMethod]
        public void EveryTruncationIsRefused()
        {
            var record = Sha1Secrets().ToBytes();
            for (var length = 0; length < record.Length; length++)
            {
                Assert.IsNull(ScramSecrets.FromBytes(record, 0, length), "cut to " + length.ToString() + " bytes");
            }
        }

        [TestMethod]
        [DataRow("")]
        [DataRow("00")]
        [DataRow("020b534352414d2d5348412d3100001000000c4125c247e43ab1e93c6dff76141d96ee3a529b5a5f9e47c01f229a2cb8a6e15f7d")]
        [DataRow("010b5343524d4d2d5348412d3100001000000c4125c247e43ab1e93c6dff76141d96ee3a529b5a5f9e47c01f229a2cb8a6e15f7d")]
        [DataRow("010b534352414d2d5348412d3100000000000c4125c247e43ab1e93c6dff76141d96ee3a529b5a5f9e47c01f229a2cb8a6e15f7d")]
        [DataRow("010b534352414d2d5348412d310000100000001420")]
        [DataRow("010b534352414d2d5348412d3100001000000c4125c247e43ab1e93c6dff76201d96ee3a529b5a5f9e47c01f229a2cb8a6e15f7d000000000000000000000000")]
        [DataRow("010d534352414d2d5348412d32353600001000000c4125c247e43ab1e93c6dff76141d96ee3a529b5a5f9e47c01f229a2cb8a6e15f7d")]
        [DataRow("01ff5343")]
        [DataRow("ffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffff")]
        public void GarbageIsRefused(string hex)
        {
            // In order: empty, a lone zero, version 2, an unknown mechanism name, 0 iterations,
            // an empty salt, a salted password too long for SHA-1, a SHA-1-long salted
            // password for SCRAM-SHA-256, a name longer than the record, noise.
            Assert.IsNull(ScramSecrets.FromBytes(Hex.Parse(hex)));
        }

        [TestMethod]
        public void NullIsRefused()
        {
            Assert.IsNull(ScramSecrets.FromBytes(null));
        }

        [TestMethod]
        public void ConstructorRefusesSecretsThatCannotBeRight()
        {
            var salt = new byte[16];
            Assert.ThrowsException(typeof(ArgumentException), () => new ScramSecrets("PLAIN", salt, 4096, new byte[20]));
            Assert.ThrowsException(typeof(ArgumentException), () => new ScramSecrets(ScramClient.ScramSha1, salt, 4096, new byte[32]));
            Assert.ThrowsException(typeof(ArgumentException), () => new ScramSecrets(ScramClient.ScramSha256, salt, 4096, new byte[20]));
            Assert.ThrowsException(typeof(ArgumentException), () => new ScramSecrets(ScramClient.ScramSha1, new byte[0], 4096, new byte[20]));
            Assert.ThrowsException(typeof(ArgumentException), () => new ScramSecrets(ScramClient.ScramSha1, salt, 0, new byte[20]));
        }

        private static ScramSecrets Sha1Secrets()
        {
            return new ScramSecrets(ScramClient.ScramSha1, Convert.FromBase64String("QSXCR+Q6sek8bf92"), 4096, Hex.Parse(Sha1SaltedPassword));
        }
    }
}
