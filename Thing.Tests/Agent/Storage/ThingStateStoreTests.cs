using nanoFramework.TestFramework;
using SiotThing.Protocol.Storage;
using SiotThing.Protocol.Text;

namespace SiotThing.Tests.Storage
{
    [TestClass]
    public class ThingStateStoreTests
    {
        [TestMethod]
        public void EmptyStoreGivesAFreshState()
        {
            var state = new ThingStateStore(new MemoryStateStore()).Load();

            Assert.IsNotNull(state);
            Assert.IsNull(state.ClaimKey);
            Assert.IsNull(state.Owner);
            Assert.AreEqual(0, state.PendingRequests.Count);
            Assert.IsFalse(state.RosterCleanupPending);
        }

        [TestMethod]
        public void GarbageGivesAFreshState()
        {
            var store = new MemoryStateStore();
            store.SetSlot(0, Utf8.Encode("not a state"));
            store.SetSlot(1, new byte[0]);

            Assert.IsNull(new ThingStateStore(store).Load().ClaimKey);
        }

        [TestMethod]
        public void SavedStateSurvivesAReboot()
        {
            var store = new MemoryStateStore();
            new ThingStateStore(store).Save(Claimed());

            var state = new ThingStateStore(store).Load();

            Assert.AreEqual(StorageTesting.Key, state.ClaimKey);
            Assert.IsTrue(state.Registered);
            Assert.AreEqual("owner@example.org", state.Owner);
            Assert.IsTrue(state.PendingRequests.Contains("friend@example.net"));
            CollectionAssert.AreEqual(StorageTesting.SecretsBytes(), state.ScramSecretsBytes);
        }

        [TestMethod]
        public void SavesAlternateBetweenTheSlots()
        {
            var store = new MemoryStateStore();
            var states = new ThingStateStore(store);
            var state = states.Load();

            state.ClaimKey = StorageTesting.Key;
            states.Save(state);
            Assert.AreEqual(0, store.LastWrittenSlot);

            state.Registered = true;
            states.Save(state);
            Assert.AreEqual(1, store.LastWrittenSlot);

            Assert.IsTrue(new ThingStateStore(store).Load().Registered);
        }

        [TestMethod]
        public void LargestStateIsSaved()
        {
            var store = new MemoryStateStore();
            new ThingStateStore(store).Save(StorageTesting.LargestState());

            var state = new ThingStateStore(store).Load();

            Assert.AreEqual(ThingState.MaxPendingRequests, state.PendingRequests.Count);
            Assert.IsTrue(store.Slot(0).Length <= DurableRecord.MaxRecordLength);
        }

        [TestMethod]
        public void TornSaveAtEveryLengthLeavesThePreviousState()
        {
            var store = new MemoryStateStore();
            new ThingStateStore(store).Save(Claimed());
            var next = Claimed();
            next.PendingRequests.Add("second.friend@example.net");
            var length = DurableRecord.HeaderLength + next.ToBytes().Length + DurableRecord.ChecksumLength;

            for (var mode = TornWrite.Truncated; mode <= TornWrite.OverOldBytes; mode++)
            {
                for (var keep = 0; keep < length; keep++)
                {
                    var power = store.Copy();
                    var states = new ThingStateStore(power);
                    states.Load();
                    power.TearNextWrite(keep, mode);
                    states.Save(next);

                    var loaded = new ThingStateStore(power).Load();
                    var what = "torn at " + keep.ToString() + ", mode " + ((int)mode).ToString();
                    Assert.AreEqual(1, loaded.PendingRequests.Count, what);
                    Assert.AreEqual("owner@example.org", loaded.Owner, what);
                }
            }
        }

        [TestMethod]
        public void ResetThenATornSaveLeavesTheResetState()
        {
            // The reset is saved before anything else happens; whatever the thing saves next may
            // be cut short, and the reboot must still find the reset, not the old owner.
            var store = new MemoryStateStore();
            var before = new ThingStateStore(store);
            var state = Claimed();
            before.Save(state);
            state.FactoryReset(StorageTesting.NewKey);
            before.Save(state);
            state.Registered = true;
            var length = DurableRecord.HeaderLength + state.ToBytes().Length + DurableRecord.ChecksumLength;

            for (var mode = TornWrite.Truncated; mode <= TornWrite.OverOldBytes; mode++)
            {
                for (var keep = 0; keep < length; keep++)
                {
                    var power = store.Copy();
                    power.TearNextWrite(keep, mode);
                    new ThingStateStore(power).Save(state);

                    var loaded = new ThingStateStore(power).Load();
                    var what = "torn at " + keep.ToString() + ", mode " + ((int)mode).ToString();
                    Assert.AreEqual(StorageTesting.NewKey, loaded.ClaimKey, what);
                    Assert.IsFalse(loaded.Registered, what);
                    Assert.IsNull(loaded.Owner, what);
                    Assert.IsTrue(loaded.PendingRequests.Count == 0 || loaded.RefusePendingRequests, what + ": requests only to be refused");
                    Assert.IsTrue(loaded.RosterCleanupPending, what);
                    CollectionAssert.AreEqual(StorageTesting.SecretsBytes(), loaded.ScramSecretsBytes, what);
                }
            }
        }

        [TestMethod]
        public void UnreadableNewestStateGivesAFreshStateNotTheOlderOne()
        {
            // A newer firmware's format (after a downgrade) in the newest slot: going back to the
            // older copy could undo a factory reset, so the thing starts fresh.
            var store = new MemoryStateStore();
            new ThingStateStore(store).Save(Claimed());
            new DurableRecord(store).Write(Hex.Parse("020000000000"));

            var state = new ThingStateStore(store).Load();

            Assert.IsNull(state.Owner);
            Assert.IsNull(state.ClaimKey);
        }

        private static ThingState Claimed()
        {
            var state = new ThingState();
            state.ClaimKey = StorageTesting.Key;
            state.Registered = true;
            state.Owner = "owner@example.org";
            state.ScramSecretsBytes = StorageTesting.SecretsBytes();
            state.PendingRequests.Add("friend@example.net");
            return state;
        }
    }
}
