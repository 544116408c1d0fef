using nanoFramework.TestFramework;
using SiotThing.Protocol.Xmpp;

namespace SiotThing.Tests.Xmpp
{
    [TestClass]
    public class RosterTests
    {
        private const string FullRoster =
            "<iq type='result' id='r1'><query xmlns='jabber:iq:roster' ver='v7'>"
            + "<item jid='provisioning.example.org' subscription='both'/>"
            + "<item jid='Friend@example.net' subscription='from'/>"
            + "<item jid='watched@example.net' subscription='to'/>"
            + "<item jid='asked@example.net' subscription='none' ask='subscribe'/>"
            + "</query></iq>";

        [TestMethod]
        public void ResultReplacesTheRosterAndKeepsItsVersion()
        {
            var roster = new Roster(8);

            Assert.IsTrue(roster.HandleResult(StanzaParsing.Parse(FullRoster)));

            Assert.IsTrue(roster.IsLoaded);
            Assert.AreEqual(4, roster.Count);
            Assert.AreEqual("v7", roster.Version);
            Assert.AreEqual((int)RosterSubscription.From, (int)roster.SubscriptionOf("friend@example.net"));
            Assert.AreEqual((int)RosterSubscription.Both, (int)roster.SubscriptionOf("provisioning.example.org"));
            Assert.AreEqual((int)RosterSubscription.None, (int)roster.SubscriptionOf("stranger@example.net"));
        }

        [TestMethod]
        public void FriendsAreTheContactsSubscribedToUs()
        {
            var roster = new Roster(8);
            roster.HandleResult(StanzaParsing.Parse(FullRoster));

            Assert.IsTrue(roster.IsSubscribedToUs("friend@example.net/phone"));
            Assert.IsTrue(roster.IsSubscribedToUs("provisioning.example.org"));
            Assert.IsFalse(roster.IsSubscribedToUs("watched@example.net"));
            Assert.IsFalse(roster.IsSubscribedToUs("asked@example.net"));
            Assert.IsFalse(roster.IsSubscribedToUs("not a jid@"));
        }

        [TestMethod]
        public void EmptyVersionedResultMeansUnchanged()
        {
            var roster = new Roster(8);
            roster.HandleResult(StanzaParsing.Parse(FullRoster));

            Assert.IsTrue(roster.HandleResult(StanzaParsing.Parse("<iq type='result' id='r2'/>")));

            Assert.AreEqual(4, roster.Count);
            Assert.AreEqual("v7", roster.Version);
        }

        [TestMethod]
        public void ErrorResultChangesNothing()
        {
            var roster = new Roster(8);

            Assert.IsFalse(roster.HandleResult(StanzaParsing.Parse("<iq type='error' id='r1'><error type='cancel'><service-unavailable xmlns='urn:ietf:params:xml:ns:xmpp-stanzas'/></error></iq>")));
            Assert.IsFalse(roster.IsLoaded);
        }

        [TestMethod]
        public void ItemsBeyondTheCapacityAreCountedNotKept()
        {
            var roster = new Roster(2);

            roster.HandleResult(StanzaParsing.Parse(FullRoster));

            Assert.AreEqual(2, roster.Count);
            Assert.AreEqual(2, roster.Dropped);
        }

        [TestMethod]
        public void ClearForgetsEverything()
        {
            var roster = new Roster(8);
            roster.HandleResult(StanzaParsing.Parse(FullRoster));

            roster.Clear();

            Assert.AreEqual(0, roster.Count);
            Assert.IsNull(roster.Version);
            Assert.IsFalse(roster.IsLoaded);
            Assert.IsFalse(roster.IsSubscribedToUs("friend@example.net"));
        }
    }
}
