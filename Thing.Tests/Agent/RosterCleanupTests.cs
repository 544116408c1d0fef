using nanoFramework.TestFramework;
using SiotThing.Protocol.Agent;
using SiotThing.Protocol.Storage;
using SiotThing.Protocol.Xml;
using SiotThing.Tests.Storage;

namespace SiotThing.Tests.Agent
{
    /// <summary>Which roster items a clean-up after a reset removes and when it is done, without a client or an agent.</summary>
    [TestClass]
    public class RosterCleanupTests
    {
        [TestMethod]
        public void EveryItemButTheServiceIsRemoved()
        {
            var flash = new MemoryStateStore();
            var cleanup = new RosterCleanup(CollaboratorTesting.Configuration(), new ThingStateStore(flash), CollaboratorTesting.FreshState(flash), OldRoster(), new RecordingLog());

            var first = cleanup.NextRemoval(0);
            var second = cleanup.NextRemoval(first + 1);

            Assert.AreEqual(-1, cleanup.NextRemoval(second + 1));
            Assert.AreEqual("<query xmlns='jabber:iq:roster'><item jid='a@example.net' subscription='remove'/></query>", Removal(cleanup, first));
            Assert.AreEqual("<query xmlns='jabber:iq:roster'><item jid='b@example.net' subscription='remove'/></query>", Removal(cleanup, second));
            Assert.IsTrue(RosterCleanup.Owns(RosterCleanup.TagOf(first)));
            Assert.AreNotEqual(RosterCleanup.TagOf(first), RosterCleanup.TagOf(second));
            Assert.IsFalse(RosterCleanup.Owns(1));
        }

        [TestMethod]
        public void DoneWhenTheRemovalsAreAnsweredAndOnlyTheServiceIsLeft()
        {
            var flash = new MemoryStateStore();
            var log = new RecordingLog();
            var roster = OldRoster();
            var cleanup = new RosterCleanup(CollaboratorTesting.Configuration(), new ThingStateStore(flash), CollaboratorTesting.FreshState(flash), roster, log);
            cleanup.RemovalSent();
            cleanup.RemovalSent();

            roster.HandleResult(Xmpp.StanzaParsing.Parse("<iq type='result' id='r2'><query xmlns='jabber:iq:roster'><item jid='" + CollaboratorTesting.Service + "' subscription='both'/></query></iq>"));
            cleanup.RosterChanged();
            Assert.IsTrue(cleanup.Pending, "removals still in flight");
            cleanup.RemovalAnswered();
            Assert.IsTrue(cleanup.Pending, "one still in flight");
            cleanup.RemovalAnswered();

            Assert.IsFalse(cleanup.Pending);
            Assert.IsFalse(new ThingStateStore(flash).Load().RosterCleanupPending, "saved");
            Assert.Contains("factory reset: old friends removed", log.Text);
        }

        [TestMethod]
        public void NotDoneWhileAnOldFriendIsLeftAndRemovalsEndWithTheSession()
        {
            var flash = new MemoryStateStore();
            var cleanup = new RosterCleanup(CollaboratorTesting.Configuration(), new ThingStateStore(flash), CollaboratorTesting.FreshState(flash), OldRoster(), new RecordingLog());
            cleanup.RemovalSent();

            cleanup.Stop();
            cleanup.RosterChanged();

            Assert.IsTrue(cleanup.Pending, "a and b are still in the roster");
        }

        private static Protocol.Xmpp.Roster OldRoster()
        {
            return CollaboratorTesting.RosterOf("<item jid='a@example.net' subscription='both'/><item jid='" + CollaboratorTesting.Service
                + "' subscription='both'/><item jid='b@example.net' subscription='from'/>");
        }

        private static string Removal(RosterCleanup cleanup, int index)
        {
            var buffer = new byte[256];
            var w = new XmlWriter(buffer, 4);
            cleanup.WriteRemoval(w, index);
            return CollaboratorTesting.Written(w, buffer);
        }
    }
}
