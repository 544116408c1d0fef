using nanoFramework.TestFramework;
using SiotThing.Protocol.Xmpp;

namespace SiotThing.Tests.Xmpp
{
    [TestClass]
    public class JidTests
    {
        [TestMethod]
        public void ParsesFullJid()
        {
            var jid = Jid.Parse("thing@example.org/f65dece8");

            Assert.AreEqual("thing", jid.Local);
            Assert.AreEqual("example.org", jid.Domain);
            Assert.AreEqual("f65dece8", jid.Resource);
            Assert.AreEqual("thing@example.org", jid.Bare);
            Assert.AreEqual("thing@example.org/f65dece8", jid.ToString());
            Assert.IsFalse(jid.IsBare);
        }

        [TestMethod]
        public void ParsesDomainJidOfAComponent()
        {
            var jid = Jid.Parse("provisioning.example.org");

            Assert.IsNull(jid.Local);
            Assert.AreEqual("provisioning.example.org", jid.Bare);
            Assert.IsTrue(jid.IsBare);
        }

        [TestMethod]
        public void ResourceMayContainAtAndSlash()
        {
            var jid = Jid.Parse("a@b.example/c@d/e");

            Assert.AreEqual("a@b.example", jid.Bare);
            Assert.AreEqual("c@d/e", jid.Resource);
        }

        [TestMethod]
        public void LowerCasesLocalAndDomainButNotResource()
        {
            var jid = Jid.Parse("Thing@Example.ORG./Res");

            Assert.AreEqual("thing@example.org", jid.Bare);
            Assert.AreEqual("Res", jid.Resource);
        }

        [TestMethod]
        [DataRow("")]
        [DataRow("@example.org")]
        [DataRow("thing@")]
        [DataRow("thing@example.org/")]
        [DataRow("a@b@example.org")]
        [DataRow("th ing@example.org")]
        [DataRow("th'ing@example.org")]
        public void RejectsWhatIsNotAJid(string text)
        {
            Assert.IsNull(Jid.Parse(text));
        }

        [TestMethod]
        public void BareEqualsIgnoresResourceAndCase()
        {
            Assert.IsTrue(Jid.BareEquals("owner@example.com/phone", "Owner@example.com"));
            Assert.IsFalse(Jid.BareEquals("owner@example.com", "other@example.com"));
            Assert.IsFalse(Jid.BareEquals("provisioning.example.org", "evil@provisioning.example.org"));
            Assert.IsFalse(Jid.BareEquals(null, "owner@example.com"));
        }
    }
}
