using nanoFramework.TestFramework;
using SiotThing.Protocol.Text;
using SiotThing.Tests.Xmpp;

namespace SiotThing.Tests.Agent
{
    /// <summary>
    /// Text outside the BMP through the whole thing: a requestor whose address holds an emoji and a
    /// thing named in Japanese with an emoji. nanoFramework keeps strings as UTF-8 and gets such
    /// characters wrong in its indexer and its IndexOf (docs/device-rules.md); the thing must
    /// still read, store, compare and write them byte for byte.
    /// </summary>
    [TestClass]
    public class ThingAgentTextBeyondTheBmpTests
    {
        // U+1F335 CACTUS before the '@' and in the resource: String.IndexOf would stop at it.
        private const string Requestor = "\uD83C\uDF35cactus@example.net";

        [TestMethod]
        public void ARequestorWithAnEmojiInTheAddressIsAskedAboutKeptAndApproved()
        {
            var thing = new AgentHarness();
            thing.OnlineAndRegistered();

            thing.Deliver("<presence from='" + Requestor + "/ph\uD83C\uDF35ne' to='thing@example.org' type='subscribe' id='subscribe-1'/>");
            var query = thing.Output();

            Assert.AreEqual("<iq type='get' id='" + ClientHarness.IdOf(query) + "' to='provisioning.example.org'>"
                + "<is-friend-query xmlns='urn:xmpp:siot:1' jid='" + Requestor + "'/></iq>", query);
            Assert.AreEqual(1, new AgentHarness(thing.Store).Agent.PendingRequests, "kept across a reboot");

            thing.Deliver("<iq from='provisioning.example.org' to='thing@example.org/bulb' type='result' id='" + ClientHarness.IdOf(query)
                + "'><is-friend-result xmlns='urn:xmpp:siot:1' friend='yes'/></iq>");

            Assert.AreEqual("<presence to='" + Requestor + "' type='subscribed'/>", thing.Output());
            Assert.AreEqual(0, thing.Agent.PendingRequests);
        }

        [TestMethod]
        public void ANameInJapaneseWithAnEmojiIsRegisteredAsWritten()
        {
            // "電球 💡" (light bulb), and a default name with U+1D11E.
            var thing = new AgentHarness(new[] { string.Empty, "ja" }, new[] { "Bulb \uD834\uDD1E", "\u96FB\u7403 \uD83D\uDCA1" });

            var register = thing.OnlineWithRoster(string.Empty);

            var names = "<name>Bulb \uD834\uDD1E</name><name xml:lang='ja'>\u96FB\u7403 \uD83D\uDCA1</name></register></iq>";
            Assert.IsTrue(Utf16.IndexOf(register, names, 0) >= 0, register);
            Assert.AreEqual(names.Length, register.Length - Utf16.IndexOf(register, names, 0), "at the end, nothing after it");
        }
    }
}
