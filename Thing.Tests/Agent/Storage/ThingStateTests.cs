using System;
using nanoFramework.TestFramework;
using SiotThing.Protocol.Storage;

namespace SiotThing.Tests.Storage
{
    [TestClass]
    public class ThingStateTests
    {
        [TestMethod]
        public void NewStateIsEmpty()
        {
            var state = new ThingState();

            Assert.IsNull(state.ClaimKey);
            Assert.IsFalse(state.Registered);
            Assert.IsNull(state.Owner);
            Assert.AreEqual(0, state.PendingRequests.Count);
            Assert.IsFalse(state.RosterCleanupPending);
            Assert.IsNull(state.ScramSecretsBytes);
        }

        [TestMethod]
        public void EveryFieldRoundTrips()
        {
            var state = new ThingState();
            state.ClaimKey = StorageTesting.Key;
            state.Registered = true;
            state.Owner = "owner@example.org";
            state.RosterCleanupPending = true;
            state.ScramSecretsBytes = StorageTesting.SecretsBytes();
            state.PendingRequests.Add("friend@example.net");
            state.PendingRequests.Add("jürgen@example.de");
            state.PendingRequests.Add("example.com");

            var copy = ThingState.FromBytes(state.ToBytes());

            Assert.IsNotNull(copy);
            Assert.AreEqual(StorageTesting.Key, copy.ClaimKey);
            Assert.IsTrue(copy.Registered);
            Assert.AreEqual("owner@example.org", copy.Owner);
            Assert.IsTrue(copy.RosterCleanupPending);
            CollectionAssert.AreEqual(StorageTesting.SecretsBytes(), copy.ScramSecretsBytes);
            Assert.AreEqual(3, copy.PendingRequests.Count);
            Assert.AreEqual("friend@example.net", copy.PendingRequests[0]);
            Assert.AreEqual("jürgen@example.de", copy.PendingRequests[1]);
            Assert.AreEqual("example.com", copy.PendingRequests[2]);
        }

        [TestMethod]
        [DataRow(false, false)]
        [DataRow(true, false)]
        [DataRow(false, true)]
        [DataRow(true, true)]
        public void FlagsRoundTripAlone(bool registered, bool cleanup)
        {
            var state = new ThingState();
            state.Registered = registered;
            state.RosterCleanupPending = cleanup;

            var copy = ThingState.FromBytes(state.ToBytes());

            Assert.AreEqual(registered, copy.Registered);
            Assert.AreEqual(cleanup, copy.RosterCleanupPending);
            Assert.IsNull(copy.ClaimKey);
            Assert.IsNull(copy.Owner);
            Assert.IsNull(copy.ScramSecretsBytes);
            Assert.AreEqual(0, copy.PendingRequests.Count);
        }

        [TestMethod]
        public void LayoutIsStable()
        {
            // Stored states must stay readable across firmware updates: this pins version 1.
            Assert.AreEqual(
                "01011d54574e4b2d4b4435592d4d5433542d453147532d445244422d4b565457116f776e6572406578616d706c652e6f7267000112667269656e64406578616d706c652e6e6574",
                Hex.Format(SmallState().ToBytes()));
            Assert.AreEqual("010000000000", Hex.Format(new ThingState().ToBytes()));
        }

        [TestMethod]
        public void LargestStateFitsOneRecord()
        {
            var bytes = StorageTesting.LargestState().ToBytes();

            Assert.AreEqual(2006, bytes.Length);
            Assert.IsTrue(bytes.Length <= DurableRecord.MaxPayloadLength);
            var copy = ThingState.FromBytes(bytes);
            Assert.IsNotNull(copy);
            Assert.AreEqual(ThingState.MaxPendingRequests, copy.PendingRequests.Count);
            Assert.AreEqual(StorageTesting.JidOfLength(ThingState.MaxJidLength, 'p'), copy.PendingRequests[15]);
        }

        [TestMethod]
        public void EveryTruncationIsRefused()
        {
            var state = SmallState();
            state.ScramSecretsBytes = StorageTesting.SecretsBytes();
            var bytes = state.ToBytes();
            for (var length = 0; length < bytes.Length; length++)
            {
                var cut = new byte[length];
                Array.Copy(bytes, 0, cut, 0, length);
                Assert.IsNull(ThingState.FromBytes(cut), "cut to " + length.ToString() + " bytes");
            }
        }

        [TestMethod]
        public void TrailingByteIsRefused()
        {
            var bytes = SmallState().ToBytes();
            var longer = new byte[bytes.Length + 1];
            Array.Copy(bytes, 0, longer, 0, bytes.Length);

            Assert.IsNull(ThingState.FromBytes(longer));
        }

        [TestMethod]
        [DataRow("020000000000")]
        [DataRow("010400000000")]
        [DataRow("018000000000")]
        [DataRow("01001c54574e4b2d4b4435592d4d5433542d453147532d445244422d4b5654000000")]
        [DataRow("01001d74776e6b2d6b6435792d6d7433742d653167732d647264622d6b767477000000")]
        [DataRow("01001d54574e4b4b4435594d54335445314753445244424b5654572d2d2d2d2d000000")]
        [DataRow("010000114f776e6572406578616d706c652e6f72670000")]
        [DataRow("010000176f776e6572406578616d706c652e6f72672f70686f6e650000")]
        [DataRow("0100000b6e6f7420612040206a69640000")]
        [DataRow("010000000011")]
        [DataRow("01000000050102")]
        [DataRow("01000000000201610161")]
        [DataRow("01000000000100")]
        [DataRow("01000000000102c328")]
        [DataRow("01000002c3280000")]
        public void MalformedStateIsRefused(string hex)
        {
            // In order: version 2; an unknown flag; another unknown flag; a key of 28 characters;
            // a key in lower case; a key with its separators at the end; an owner not lower-cased; an
            // owner with a resource; an owner that is not a JID; 17 pending requests; secrets
            // longer than the rest; the same request twice; an empty request; a request that is
            // not UTF-8; an owner that is not UTF-8.
            Assert.IsNull(ThingState.FromBytes(Hex.Parse(hex)));
        }

        [TestMethod]
        public void GarbageNeverThrows()
        {
            // Random bytes (behind a valid version byte, to get past the first check) must give
            // null or a state, never an exception.
            var entropy = new DeterministicEntropy(0xF00D);
            for (var length = 1; length < 300; length++)
            {
                var bytes = DurableRecordTests.Noise(entropy, length);
                bytes[0] = ThingState.FormatVersion;
                ThingState.FromBytes(bytes);
            }

            Assert.IsNull(ThingState.FromBytes(null));
        }

        [TestMethod]
        public void PendingRequestsStopAtTheCap()
        {
            var requests = new ThingState().PendingRequests;
            for (var i = 0; i < ThingState.MaxPendingRequests; i++)
            {
                Assert.IsTrue(requests.Add("requestor" + i.ToString() + "@example.net"), "request " + i.ToString());
            }

            Assert.AreEqual(16, ThingState.MaxPendingRequests);
            Assert.IsFalse(requests.Add("one.too.many@example.net"));
            Assert.IsFalse(requests.Contains("one.too.many@example.net"));
            Assert.IsTrue(requests.Add("requestor3@example.net"), "one already kept is still kept");
            Assert.AreEqual(ThingState.MaxPendingRequests, requests.Count);

            Assert.IsTrue(requests.Remove("requestor3@example.net"));
            Assert.IsTrue(requests.Add("one.too.many@example.net"), "room again");
            Assert.AreEqual("one.too.many@example.net", requests[ThingState.MaxPendingRequests - 1]);
        }

        [TestMethod]
        public void RequestsAreKeptAsBareJids()
        {
            var requests = new ThingState().PendingRequests;

            Assert.IsTrue(requests.Add("Friend@Example.NET/phone"));
            Assert.IsTrue(requests.Add("friend@example.net"), "the same bare JID");

            Assert.AreEqual(1, requests.Count);
            Assert.AreEqual("friend@example.net", requests[0]);
            Assert.IsTrue(requests.Contains("FRIEND@example.net/laptop"));
            Assert.IsFalse(requests.Contains("friend@example.org"));
        }

        [TestMethod]
        public void RemoveKeepsTheArrivalOrder()
        {
            var requests = new ThingState().PendingRequests;
            requests.Add("a@example.net");
            requests.Add("b@example.net");
            requests.Add("c@example.net");

            Assert.IsTrue(requests.Remove("b@example.net/any"));
            Assert.IsFalse(requests.Remove("b@example.net"));
            Assert.IsFalse(requests.Remove("not a jid@"));

            Assert.AreEqual(2, requests.Count);
            Assert.AreEqual("a@example.net", requests[0]);
            Assert.AreEqual("c@example.net", requests[1]);
            Assert.ThrowsException(typeof(ArgumentOutOfRangeException), () => Ignore(requests[2]));
            Assert.ThrowsException(typeof(ArgumentOutOfRangeException), () => Ignore(requests[-1]));
        }

        [TestMethod]
        [DataRow(100, true)]
        [DataRow(101, false)]
        [DataRow(3071, false)]
        public void RequestorJidsHaveASizeCap(int utf8Length, bool kept)
        {
            var requests = new ThingState().PendingRequests;
            var jid = StorageTesting.JidOfLength(utf8Length, 'r');

            Assert.AreEqual(kept, requests.Add(jid));
            Assert.AreEqual(kept, requests.Contains(jid));
            Assert.AreEqual(kept ? 1 : 0, requests.Count);
            Assert.AreEqual(kept, ThingState.IsStorableJid(jid));
        }

        [TestMethod]
        public void JidSizeIsCountedInUtf8Bytes()
        {
            // 44 and 45 two-byte letters: 100 and 102 bytes, but 56 and 57 characters.
            var fits = new string('é', 44) + "@example.org";
            var tooLong = new string('é', 45) + "@example.org";
            var requests = new ThingState().PendingRequests;

            Assert.IsTrue(requests.Add(fits));
            Assert.IsFalse(requests.Add(tooLong));
            Assert.AreEqual(fits, ThingState.FromBytes(StateWith(fits).ToBytes()).PendingRequests[0]);
        }

        [TestMethod]
        [DataRow("")]
        [DataRow("@example.org")]
        [DataRow("user@")]
        [DataRow("a b@example.org")]
        public void NonJidsAreNotKept(string jid)
        {
            var requests = new ThingState().PendingRequests;

            Assert.IsFalse(requests.Add(jid));
            Assert.IsFalse(ThingState.IsStorableJid(jid));
            Assert.AreEqual(0, requests.Count);
        }

        [TestMethod]
        public void NullIsNotAJid()
        {
            Assert.IsFalse(new ThingState().PendingRequests.Add(null));
            Assert.IsFalse(ThingState.IsStorableJid(null));
        }

        [TestMethod]
        public void OwnerIsKeptAsABareJid()
        {
            var state = new ThingState();

            state.Owner = "Owner@Example.org/phone";
            Assert.AreEqual("owner@example.org", state.Owner);

            state.Owner = null;
            Assert.IsNull(state.Owner);
        }

        [TestMethod]
        public void OwnerThatCannotBeStoredIsRefused()
        {
            var state = new ThingState();
            state.Owner = StorageTesting.JidOfLength(ThingState.MaxJidLength, 'o');

            Assert.ThrowsException(typeof(ArgumentException), () => state.Owner = StorageTesting.JidOfLength(ThingState.MaxJidLength + 1, 'o'));
            Assert.ThrowsException(typeof(ArgumentException), () => state.Owner = "not a jid@");
            Assert.ThrowsException(typeof(ArgumentException), () => state.Owner = string.Empty);
            Assert.AreEqual(StorageTesting.JidOfLength(ThingState.MaxJidLength, 'o'), state.Owner, "unchanged");
        }

        [TestMethod]
        [DataRow("twnk-kd5y-mt3t-e1gs-drdb-kvtw")]
        [DataRow("TWNKKD5YMT3TE1GSDRDBKVTW")]
        [DataRow("TWNK-KD5Y-MT3T-E1GS-DRDB-KVT0")]
        [DataRow("")]
        public void KeyMustBeInItsGroupedForm(string key)
        {
            var state = new ThingState();

            Assert.ThrowsException(typeof(ArgumentException), () => state.ClaimKey = key);
            Assert.ThrowsException(typeof(ArgumentException), () => state.FactoryReset(key));
            Assert.IsNull(state.ClaimKey);
        }

        [TestMethod]
        public void SecretsHaveASizeCap()
        {
            var state = new ThingState();
            state.ScramSecretsBytes = new byte[ThingState.MaxScramSecretsLength];

            Assert.ThrowsException(typeof(ArgumentException), () => state.ScramSecretsBytes = new byte[ThingState.MaxScramSecretsLength + 1]);
            Assert.ThrowsException(typeof(ArgumentException), () => state.ScramSecretsBytes = new byte[0]);
            Assert.AreEqual(ThingState.MaxScramSecretsLength, state.ScramSecretsBytes.Length);

            state.ScramSecretsBytes = null;
            Assert.IsNull(state.ScramSecretsBytes);
        }

        [TestMethod]
        public void FactoryResetForgetsTheOwnerButKeepsTheAccount()
        {
            var state = SmallState();
            state.ScramSecretsBytes = StorageTesting.SecretsBytes();

            state.FactoryReset(StorageTesting.NewKey);

            Assert.AreEqual(StorageTesting.NewKey, state.ClaimKey);
            Assert.IsFalse(state.Registered);
            Assert.IsNull(state.Owner);
            Assert.IsTrue(state.PendingRequests.Contains("friend@example.net"), "kept, to be refused");
            Assert.IsTrue(state.RefusePendingRequests);
            Assert.IsTrue(state.RosterCleanupPending);
            CollectionAssert.AreEqual(StorageTesting.SecretsBytes(), state.ScramSecretsBytes);

            var copy = ThingState.FromBytes(state.ToBytes());
            Assert.IsTrue(copy.RosterCleanupPending);
            Assert.IsTrue(copy.RefusePendingRequests);
            Assert.IsTrue(copy.PendingRequests.Contains("friend@example.net"));
            Assert.AreEqual(StorageTesting.NewKey, copy.ClaimKey);
            CollectionAssert.AreEqual(StorageTesting.SecretsBytes(), copy.ScramSecretsBytes);
        }

        [TestMethod]
        public void AResetWithoutRequestsHasNothingToRefuse()
        {
            var state = new ThingState();
            state.ClaimKey = StorageTesting.Key;

            state.FactoryReset(StorageTesting.NewKey);

            Assert.IsFalse(state.RefusePendingRequests);
            Assert.IsFalse(ThingState.FromBytes(state.ToBytes()).RefusePendingRequests);
        }

        [TestMethod]
        public void FactoryResetNeedsAKey()
        {
            var state = SmallState();

            Assert.ThrowsException(typeof(ArgumentException), () => state.FactoryReset(null));
            Assert.AreEqual("owner@example.org", state.Owner, "nothing changed");
        }

        private static ThingState SmallState()
        {
            var state = new ThingState();
            state.ClaimKey = StorageTesting.Key;
            state.Registered = true;
            state.Owner = "owner@example.org";
            state.PendingRequests.Add("friend@example.net");
            return state;
        }

        private static ThingState StateWith(string requestor)
        {
            var state = new ThingState();
            state.PendingRequests.Add(requestor);
            return state;
        }

        private static void Ignore(string value)
        {
        }
    }
}
