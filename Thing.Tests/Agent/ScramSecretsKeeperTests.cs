using nanoFramework.TestFramework;
using SiotThing.Protocol.Agent;
using SiotThing.Protocol.Sasl;
using SiotThing.Protocol.Storage;

namespace SiotThing.Tests.Agent
{
    /// <summary>The SCRAM secrets in the stored state: written once, not at every login.</summary>
    [TestClass]
    public class ScramSecretsKeeperTests
    {
        [TestMethod]
        public void NothingStoredAtFirst()
        {
            var memory = new Storage.MemoryStateStore();
            var store = new ThingStateStore(memory);
            var keeper = new ScramSecretsKeeper(store, store.Load());

            Assert.IsNull(keeper.Stored);
            Assert.IsFalse(keeper.Keep(null));
            Assert.AreEqual(0, memory.Writes);
        }

        [TestMethod]
        public void SecretsAreSavedOnceAndSurviveAReload()
        {
            var memory = new Storage.MemoryStateStore();
            var store = new ThingStateStore(memory);
            var keeper = new ScramSecretsKeeper(store, store.Load());

            Assert.IsTrue(keeper.Keep(Secrets(1)));
            var writes = memory.Writes;
            Assert.IsFalse(keeper.Keep(Secrets(1)), "the same secrets again");
            Assert.AreEqual(writes, memory.Writes);

            var reloaded = new ScramSecretsKeeper(store, store.Load()).Stored;
            Assert.IsNotNull(reloaded);
            Assert.IsTrue(reloaded.Matches("SCRAM-SHA-1", Salt(1), 4096));
        }

        [TestMethod]
        public void ChangedSecretsAreSavedAgain()
        {
            var memory = new Storage.MemoryStateStore();
            var store = new ThingStateStore(memory);
            var keeper = new ScramSecretsKeeper(store, store.Load());
            keeper.Keep(Secrets(1));
            var writes = memory.Writes;

            Assert.IsTrue(keeper.Keep(Secrets(2)));

            Assert.AreEqual(writes + 1, memory.Writes);
            Assert.IsTrue(keeper.Stored.Matches("SCRAM-SHA-1", Salt(2), 4096));
        }

        private static ScramSecrets Secrets(byte seed)
        {
            var salted = new byte[20];
            for (var i = 0; i < salted.Length; i++)
            {
                salted[i] = (byte)(seed + i);
            }

            return new ScramSecrets("SCRAM-SHA-1", Salt(seed), 4096, salted);
        }

        private static byte[] Salt(byte seed)
        {
            var salt = new byte[8];
            for (var i = 0; i < salt.Length; i++)
            {
                salt[i] = (byte)(seed * 16 + i);
            }

            return salt;
        }
    }
}
