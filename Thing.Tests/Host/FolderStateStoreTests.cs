using System;
using System.IO;
using SiotThing.Firmware.Host;
using SiotThing.Protocol.Storage;
using Xunit;

namespace SiotThing.Tests.Host
{
    /// <summary>The .NET state store: real files in a temporary folder, through <see cref="ThingStateStore"/>.</summary>
    public sealed class FolderStateStoreTests : IDisposable
    {
        private const string Key = "TWNK-KD5Y-MT3T-E1GS-DRDB-KVTW";

        private readonly string folder = Path.Combine(Path.GetTempPath(), "siot-state-test-" + Guid.NewGuid().ToString("N"), "state");

        public void Dispose()
        {
            var parent = Path.GetDirectoryName(folder);
            if (Directory.Exists(parent))
            {
                Directory.Delete(parent, recursive: true);
            }
        }

        [Fact]
        public void MissingFolderGivesAFreshState()
        {
            var state = new ThingStateStore(new FolderStateStore(folder)).Load();

            Assert.Null(state.ClaimKey);
            Assert.False(Directory.Exists(folder));
        }

        [Fact]
        public void SavedStateIsReadBackByANewStore()
        {
            var state = new ThingState { ClaimKey = Key, Registered = true, Owner = "owner@example.org" };
            state.PendingRequests.Add("friend@example.net");

            new ThingStateStore(new FolderStateStore(folder)).Save(state);
            var loaded = new ThingStateStore(new FolderStateStore(folder)).Load();

            Assert.Equal(Key, loaded.ClaimKey);
            Assert.True(loaded.Registered);
            Assert.Equal("owner@example.org", loaded.Owner);
            Assert.True(loaded.PendingRequests.Contains("friend@example.net"));
            Assert.True(File.Exists(Path.Combine(folder, "siot-state-0.bin")));
        }

        [Fact]
        public void TruncatedSlotFileLeavesThePreviousState()
        {
            var slots = new FolderStateStore(folder);
            var store = new ThingStateStore(slots);
            var state = new ThingState { ClaimKey = Key, Owner = "owner@example.org" };
            store.Save(state);
            state.Owner = "new.owner@example.org";
            store.Save(state);

            // A power loss in the middle of the second save: slot 1 holds half a record.
            var newest = File.ReadAllBytes(slots.PathOf(1));
            File.WriteAllBytes(slots.PathOf(1), newest.AsSpan(0, newest.Length / 2).ToArray());

            var afterReboot = new ThingStateStore(new FolderStateStore(folder));
            Assert.Equal("owner@example.org", afterReboot.Load().Owner);

            // The next save replaces the torn file, not the good one.
            state.Owner = "third.owner@example.org";
            afterReboot.Save(state);
            Assert.Equal("third.owner@example.org", new ThingStateStore(new FolderStateStore(folder)).Load().Owner);
            Assert.Equal("owner@example.org", ThingState.FromBytes(Payload(File.ReadAllBytes(slots.PathOf(0)))).Owner);
        }

        [Fact]
        public void EmptySlotFileIsIgnored()
        {
            var slots = new FolderStateStore(folder);
            new ThingStateStore(slots).Save(new ThingState { ClaimKey = Key });
            File.WriteAllBytes(slots.PathOf(1), Array.Empty<byte>());

            Assert.Equal(Key, new ThingStateStore(new FolderStateStore(folder)).Load().ClaimKey);
        }

        [Fact]
        public void OnlyTwoSlots()
        {
            var slots = new FolderStateStore(folder);

            Assert.Throws<ArgumentOutOfRangeException>(() => slots.ReadSlot(2));
            Assert.Throws<ArgumentOutOfRangeException>(() => slots.WriteSlot(-1, new byte[1], 1));
        }

        private static byte[] Payload(byte[] record) =>
            record.AsSpan(DurableRecord.HeaderLength, record.Length - DurableRecord.HeaderLength - DurableRecord.ChecksumLength).ToArray();
    }
}
