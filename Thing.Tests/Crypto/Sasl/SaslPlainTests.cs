using System;
using nanoFramework.TestFramework;
using SiotThing.Protocol.Sasl;

namespace SiotThing.Tests.Sasl
{
    [TestClass]
    public class SaslPlainTests
    {
        [TestMethod]
        public void MessageMatchesRfc6120Example()
        {
            // RFC 6120 §6.4.2's example: juliet with password r0m30myr0m30, no authorization identity.
            Assert.AreEqual("AGp1bGlldAByMG0zMG15cjBtMzA=", Convert.ToBase64String(SaslPlain.CreateMessage(null, "juliet", "r0m30myr0m30")));
        }

        [TestMethod]
        public void EmptyAuthorizationIdentityIsLeftOut()
        {
            Assert.AreEqual("006a756c69657400707721", Hex.Format(SaslPlain.CreateMessage(string.Empty, "juliet", "pw!")));
        }

        [TestMethod]
        public void AuthorizationIdentityComesFirst()
        {
            Assert.AreEqual("61646d696e006a756c69657400707721", Hex.Format(SaslPlain.CreateMessage("admin", "juliet", "pw!")));
        }

        [TestMethod]
        public void NonAsciiIsUtf8()
        {
            // "Glühbirne" as password: ü is C3 BC in UTF-8.
            Assert.AreEqual("0062756c6200476cc3bc686269726e65", Hex.Format(SaslPlain.CreateMessage(null, "bulb", "Gl\u00FChbirne")));
        }

        [TestMethod]
        public void MechanismName()
        {
            Assert.AreEqual("PLAIN", SaslPlain.Mechanism);
        }

        [TestMethod]
        public void EmptyNameOrPasswordIsRefused()
        {
            Assert.ThrowsException(typeof(ArgumentException), () => SaslPlain.CreateMessage(null, "", "pw"));
            Assert.ThrowsException(typeof(ArgumentException), () => SaslPlain.CreateMessage(null, "juliet", ""));
            Assert.ThrowsException(typeof(ArgumentException), () => SaslPlain.CreateMessage(null, null, "pw"));
            Assert.ThrowsException(typeof(ArgumentException), () => SaslPlain.CreateMessage(null, "juliet", null));
        }
    }
}
