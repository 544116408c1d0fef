using nanoFramework.TestFramework;
using SiotThing.Protocol.Text;
using SiotThing.Protocol.Xmpp;

namespace SiotThing.Tests.Agent
{
    /// <summary>
    /// What anyone with an XMPP account can send a thing that is beyond its limits (issue 13, B1):
    /// one log line, the session kept, and a subscription request still answered.
    /// </summary>
    [TestClass]
    public class ThingAgentPoisonTests
    {
        [TestMethod]
        public void AHugeChatMessageFromAStrangerIsLoggedOnceAndTheThingStaysOnline()
        {
            var thing = new AgentHarness();
            thing.OnlineAndRegistered();

            thing.Deliver("<message from='stranger@example.net/x' to='thing@example.org/bulb' type='chat'><body>" + new string('x', 20000) + "</body></message>");

            Assert.AreEqual(string.Empty, thing.Output());
            Assert.AreEqual((int)XmppClientState.Online, (int)thing.Harness.Client.State);
            Assert.Contains("skipped a message from stranger@example.net/x: a stanza or stream header is larger than the limit", thing.Log.Text);
            Assert.AreEqual(Utf16.IndexOf(thing.Log.Text, "skipped", 0), thing.Log.Text.LastIndexOf("skipped"), "once");
        }

        [TestMethod]
        public void AHugeIqIsLoggedAsAnIq()
        {
            var thing = new AgentHarness();
            thing.OnlineAndRegistered();

            thing.Deliver("<iq from='stranger@example.net/x' to='thing@example.org/bulb' type='result' id='x'><query xmlns='x'>" + new string('x', 20000) + "</query></iq>");

            Assert.Contains("skipped an iq from stranger@example.net/x: ", thing.Log.Text);
        }

        [TestMethod]
        public void ASubscriptionWithAHugeStatusIsStillAskedAbout()
        {
            // The server keeps the request (status and all) and delivers it at every login: it
            // is answered, its status cut off, rather than refused or left to come back for ever.
            var thing = new AgentHarness();
            thing.OnlineAndRegistered();

            thing.Deliver("<presence from='stranger@example.net/x' to='thing@example.org' type='subscribe'><status>" + new string('s', 20000) + "</status></presence>");

            Assert.Contains("<is-friend-query xmlns='urn:xmpp:siot:1' jid='stranger@example.net'/>", thing.Output());
            Assert.AreEqual(1, thing.Agent.PendingRequests);
        }

        [TestMethod]
        public void ASenderAddressIsLoggedNoLongerThan100Bytes()
        {
            var thing = new AgentHarness();
            thing.OnlineAndRegistered();
            var local = new string('\u00E9', 200);

            thing.Deliver("<message from='" + local + "@example.net' type='chat'><body>" + new string('x', 20000) + "</body></message>");

            // 100 bytes of two-byte characters: 50 of them, and not half of the 51st.
            Assert.Contains("skipped a message from " + new string('\u00E9', 50) + ": ", thing.Log.Text);
        }
    }
}
