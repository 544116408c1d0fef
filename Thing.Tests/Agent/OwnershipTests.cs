using nanoFramework.TestFramework;
using SiotThing.Protocol.Agent;
using SiotThing.Protocol.Storage;
using SiotThing.Tests.Storage;

namespace SiotThing.Tests.Agent
{
    /// <summary>What the owner the service names does to the thing's state, without a client or an agent.</summary>
    [TestClass]
    public class OwnershipTests
    {
        [TestMethod]
        public void AClaimIsSavedAndItsDuplicateWritesNothing()
        {
            var flash = new MemoryStateStore();
            var log = new RecordingLog();
            var ownership = new Ownership(new ThingStateStore(flash), CollaboratorTesting.FreshState(flash), log);

            Assert.IsFalse(ownership.OwnerNamed("Owner@Example.com/phone"));
            Assert.AreEqual("owner@example.com", new ThingStateStore(flash).Load().Owner);
            var writes = flash.Writes;
            Assert.IsFalse(ownership.OwnerNamed("owner@example.com"));

            Assert.AreEqual(writes, flash.Writes);
            Assert.Contains("owned by owner@example.com", log.Text);
            Assert.Contains("owner owner@example.com again", log.Text);
        }

        [TestMethod]
        public void AnOwnerTooLongToKeepIsIgnored()
        {
            var flash = new MemoryStateStore();
            var state = CollaboratorTesting.FreshState(flash);
            var log = new RecordingLog();

            Assert.IsFalse(new Ownership(new ThingStateStore(flash), state, log).OwnerNamed(StorageTesting.JidOfLength(ThingState.MaxJidLength + 1, 'o')));

            Assert.IsNull(state.Owner);
            Assert.Contains("ignored: its JID is too long to store", log.Text);
        }

        [TestMethod]
        public void ADisowningDropsTheOwnerOnce()
        {
            var flash = new MemoryStateStore();
            var state = CollaboratorTesting.FreshState(flash);
            state.Owner = "owner@example.com";
            state.RosterCleanupPending = false;
            var log = new RecordingLog();
            var ownership = new Ownership(new ThingStateStore(flash), state, log);

            Assert.IsTrue(ownership.OwnerNamed(null));
            Assert.IsNull(new ThingStateStore(flash).Load().Owner);
            Assert.IsTrue(state.RosterCleanupPending, "the old friends are to go");
            Assert.IsFalse(ownership.OwnerNamed(null), "delivered again");
            Assert.Contains("disown ignored: no owner", log.Text);
        }
    }
}
