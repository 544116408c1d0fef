using nanoFramework.TestFramework;

namespace SiotThing.Tests.Agent
{
    /// <summary>Serving friends from ordinary clients: chat commands, ad-hoc commands, disco, presence; and nothing for strangers.</summary>
    [TestClass]
    public class ThingAgentServiceTests
    {
        private const string Friend = "friend@example.net/phone";

        [TestMethod]
        [DataRow("on", "on")]
        [DataRow(" TOGGLE ", "on")]
        [DataRow("off", "off")]
        public void FriendSwitchesTheBulbByChat(string command, string state)
        {
            var thing = FriendlyThing();

            thing.Deliver("<message from='" + Friend + "' type='chat'><body>" + command + "</body></message>");

            Assert.AreEqual(state == "on", thing.Pin.Level);
            Assert.AreEqual(
                "<presence><status>" + state + "</status></presence><message to='" + Friend + "' type='chat'><body>" + state + "</body></message>",
                thing.Output());
        }

        [TestMethod]
        public void StatusAndHelpAnswerWithoutSwitching()
        {
            var thing = FriendlyThing();

            thing.Deliver("<message from='" + Friend + "' type='chat'><body>status</body></message><message from='" + Friend + "' type='chat'><body>help</body></message>");

            Assert.AreEqual(
                "<message to='" + Friend + "' type='chat'><body>off</body></message>"
                + "<message to='" + Friend + "' type='chat'><body>commands: on off toggle status help</body></message>",
                thing.Output());
            Assert.AreEqual(0, thing.Pin.Writes - 1, "only the initial off");
        }

        [TestMethod]
        public void UnknownChatCommandGetsTheHelp()
        {
            var thing = FriendlyThing();

            thing.Deliver("<message from='" + Friend + "' type='chat'><body>dance</body></message>");

            Assert.Contains("unknown command &quot;dance&quot;; commands: on off toggle status help", thing.Output());
        }

        [TestMethod]
        public void StrangersChatCommandDoesNothing()
        {
            var thing = FriendlyThing();

            thing.Deliver("<message from='stranger@example.net/x' type='chat'><body>on</body></message>");

            Assert.AreEqual(string.Empty, thing.Output());
            Assert.IsFalse(thing.Pin.Level);
        }

        [TestMethod]
        public void OwnerIsAFriendWithoutASubscription()
        {
            var thing = FriendlyThing();
            thing.Deliver("<message from='provisioning.example.org'><owner xmlns='urn:xmpp:siot:1' jid='owner@example.com'/></message>");

            thing.Deliver("<message from='owner@example.com/laptop' type='chat'><body>on</body></message>");

            Assert.IsTrue(thing.Pin.Level);
        }

        [TestMethod]
        public void FriendRunsAnAdHocCommand()
        {
            var thing = FriendlyThing();

            thing.Deliver("<iq type='set' from='" + Friend + "' id='c1'><command xmlns='http://jabber.org/protocol/commands' node='toggle' action='execute'/></iq>");

            var output = thing.Output();
            Assert.Contains("<iq type='result' id='c1' to='" + Friend + "'><command xmlns='http://jabber.org/protocol/commands' node='toggle' sessionid='", output);
            Assert.Contains("status='completed'><note type='info'>on</note></command></iq>", output);
            Assert.Contains("<presence><status>on</status></presence>", output);
            Assert.IsTrue(thing.Pin.Level);
        }

        [TestMethod]
        public void StrangersAdHocCommandIsForbidden()
        {
            var thing = FriendlyThing();

            thing.Deliver("<iq type='set' from='stranger@example.net/x' id='c1'><command xmlns='http://jabber.org/protocol/commands' node='on' action='execute'/></iq>");

            Assert.AreEqual(
                "<iq type='error' id='c1' to='stranger@example.net/x'><error type='auth'><forbidden xmlns='urn:ietf:params:xml:ns:xmpp-stanzas'/></error></iq>",
                thing.Output());
            Assert.IsFalse(thing.Pin.Level);
        }

        [TestMethod]
        public void UnknownAdHocCommandIsNotFound()
        {
            var thing = FriendlyThing();

            thing.Deliver("<iq type='set' from='" + Friend + "' id='c1'><command xmlns='http://jabber.org/protocol/commands' node='explode'/></iq>");

            Assert.Contains("<item-not-found xmlns='urn:ietf:params:xml:ns:xmpp-stanzas'/>", thing.Output());
        }

        [TestMethod]
        public void DiscoInfoAndTheCommandListAreAnswered()
        {
            var thing = FriendlyThing();

            thing.Deliver("<iq type='get' from='anyone@example.net/x' id='d1'><query xmlns='http://jabber.org/protocol/disco#info'/></iq>");
            var info = thing.Output();
            thing.Deliver("<iq type='get' from='" + Friend + "' id='d2'><query xmlns='http://jabber.org/protocol/disco#items' node='http://jabber.org/protocol/commands'/></iq>");
            var items = thing.Output();

            Assert.Contains("<identity category='client' type='bot' name='Futuretec Light Bulb 10X'/>", info);
            Assert.Contains("<feature var='http://jabber.org/protocol/commands'/>", info);
            Assert.Contains("<feature var='urn:xmpp:siot:1'/>", info);
            Assert.Contains("<item jid='thing@example.org/bulb' node='on' name='on'/>", items);
            Assert.Contains("<item jid='thing@example.org/bulb' node='status' name='status'/>", items);
        }

        [TestMethod]
        public void DiscoInfoOfAnUnknownNodeIsNotFound()
        {
            var thing = FriendlyThing();

            thing.Deliver("<iq type='get' from='anyone@example.net/x' id='d3'><query xmlns='http://jabber.org/protocol/disco#info' node='nope'/></iq>");

            var output = thing.Output();
            Assert.Contains("<iq type='error' id='d3' to='anyone@example.net/x'><error type='cancel'><item-not-found xmlns='urn:ietf:params:xml:ns:xmpp-stanzas'/>", output);
            Assert.DoesNotContains("<identity", output);
        }

        [TestMethod]
        public void DiscoInfoOfACommandNodeDescribesTheCommand()
        {
            var thing = FriendlyThing();

            thing.Deliver("<iq type='get' from='" + Friend + "' id='d4'><query xmlns='http://jabber.org/protocol/disco#info' node='toggle'/></iq>");
            var command = thing.Output();
            thing.Deliver("<iq type='get' from='" + Friend + "' id='d5'><query xmlns='http://jabber.org/protocol/disco#info' node='http://jabber.org/protocol/commands'/></iq>");
            var list = thing.Output();

            Assert.Contains("<query xmlns='http://jabber.org/protocol/disco#info' node='toggle'><identity category='automation' type='command-node' name='toggle'/><feature var='http://jabber.org/protocol/commands'/></query>", command);
            Assert.Contains("<identity category='automation' type='command-list' name='Commands'/>", list);
        }

        [TestMethod]
        public void UnknownRequestGetsServiceUnavailable()
        {
            var thing = FriendlyThing();

            thing.Deliver("<iq type='get' from='" + Friend + "' id='v1'><query xmlns='jabber:iq:version'/></iq>");

            Assert.Contains("<service-unavailable xmlns='urn:ietf:params:xml:ns:xmpp-stanzas'/>", thing.Output());
        }

        [TestMethod]
        public void SensorChangesArePushedAtMostEveryFiveSeconds()
        {
            var thing = FriendlyThing();
            thing.Bulb.Execute("on");

            thing.Agent.DeviceChanged(thing.Harness.Client, thing.Harness.Now);
            Assert.AreEqual("<presence><status>on</status></presence>", thing.Output());
            thing.Bulb.Execute("off");
            thing.Agent.DeviceChanged(thing.Harness.Client, thing.Harness.Now);
            Assert.AreEqual(string.Empty, thing.Output(), "held back");
            thing.Advance(5000);

            Assert.AreEqual("<presence><status>off</status></presence>", thing.Output());
        }

        private static AgentHarness FriendlyThing()
        {
            var thing = new AgentHarness();
            thing.OnlineWithRoster("<item jid='provisioning.example.org' subscription='both'/><item jid='friend@example.net' subscription='from'/>");
            thing.Output();
            return thing;
        }
    }
}
