using nanoFramework.TestFramework;
using SiotThing.Protocol.Sasl;

namespace SiotThing.Tests.Sasl
{
    [TestClass]
    public class SaslMechanismSelectorTests
    {
        // Offers are space-separated in the data rows: nanoFramework's data rows take no arrays.
        [TestMethod]
        [DataRow("PLAIN SCRAM-SHA-1 SCRAM-SHA-256", true, "SCRAM-SHA-256")]
        [DataRow("SCRAM-SHA-256 SCRAM-SHA-1 PLAIN", false, "SCRAM-SHA-256")]
        [DataRow("PLAIN SCRAM-SHA-1", true, "SCRAM-SHA-1")]
        [DataRow("SCRAM-SHA-1-PLUS SCRAM-SHA-1", true, "SCRAM-SHA-1")]
        [DataRow("SCRAM-SHA-1", false, "SCRAM-SHA-1")]
        [DataRow("DIGEST-MD5 PLAIN", true, "PLAIN")]
        [DataRow("SCRAM-SHA-256-PLUS SCRAM-SHA-1-PLUS X-OAUTH2 PLAIN", true, "PLAIN")]
        public void PicksTheStrongestAcceptable(string offered, bool tls, string expected)
        {
            Assert.AreEqual(expected, SaslMechanismSelector.Select(offered.Split(' '), tls));
        }

        [TestMethod]
        [DataRow("PLAIN", false)]
        [DataRow("DIGEST-MD5 PLAIN ANONYMOUS", false)]
        [DataRow("SCRAM-SHA-1-PLUS SCRAM-SHA-256-PLUS", true)]
        [DataRow("scram-sha-1 DIGEST-MD5 EXTERNAL", true)]
        [DataRow("", true)]
        public void RefusesWhenNothingIsAcceptable(string offered, bool tls)
        {
            Assert.IsNull(SaslMechanismSelector.Select(offered.Split(' '), tls));
        }

        [TestMethod]
        public void NoOfferSelectsNothing()
        {
            Assert.IsNull(SaslMechanismSelector.Select(null, true));
            Assert.IsNull(SaslMechanismSelector.Select(new string[0], true));
        }
    }
}
