using nanoFramework.TestFramework;
using SiotThing.Protocol.Storage;
using SiotThing.Protocol.Text;

namespace SiotThing.Tests.Storage
{
    /// <summary>When the ESP32 replaces its stored CA bundle by the configured CA: only when that CA changed.</summary>
    [TestClass]
    public class StoredCaMarkerTests
    {
        private static readonly byte[] Ca = Utf8.Encode("-----BEGIN CERTIFICATE-----\nMIIB...\n-----END CERTIFICATE-----\n");

        [TestMethod]
        public void TheMarkerOfACaMatchesThatCaOnly()
        {
            var marker = StoredCaMarker.For(Ca);
            Assert.AreEqual(StoredCaMarker.Size, marker.Length);
            Assert.IsTrue(StoredCaMarker.Matches(marker, Ca), "the same CA: no flash write");

            var other = Utf8.Encode("-----BEGIN CERTIFICATE-----\nMIIC...\n-----END CERTIFICATE-----\n");
            Assert.IsFalse(StoredCaMarker.Matches(marker, other), "a new CA replaces the store");
        }

        [TestMethod]
        public void NoMarkerOrATornOneMeansTheStoreIsWritten()
        {
            var marker = StoredCaMarker.For(Ca);
            Assert.IsFalse(StoredCaMarker.Matches(null, Ca), "never stored");
            var torn = new byte[marker.Length - 1];
            System.Array.Copy(marker, torn, torn.Length);
            Assert.IsFalse(StoredCaMarker.Matches(torn, Ca), "cut short by a power loss");
            var flipped = StoredCaMarker.For(Ca);
            flipped[flipped.Length - 1] ^= 1;
            Assert.IsFalse(StoredCaMarker.Matches(flipped, Ca), "damaged");
        }
    }
}
