using nanoFramework.TestFramework;
using SiotThing.Protocol.Xmpp;

namespace SiotThing.Tests.Xmpp
{
    /// <summary>
    /// XEP-0198 pacing (issue 13, W2): the client's own output may outrun the window of stanzas
    /// kept until the server acknowledges them. Then it waits for the acknowledgement (asking for
    /// one), sends in order as room comes, refuses locally with an event only what does not fit
    /// its bounded waiting queue, and never takes a full window for a dead connection.
    /// </summary>
    [TestClass]
    public class XmppClientPacingTests
    {
        private const string Request = "<r xmlns='urn:xmpp:sm:3'/>";

        [TestMethod]
        public void AStanzaBeyondTheWindowWaitsForTheAcknowledgement()
        {
            var settings = ClientHarness.DefaultSettings();
            settings.StreamManagementStanzas = 2;
            var h = new ClientHarness(settings);
            h.OnlineWithStreamManagement();

            var first = h.SendMessage("one");
            var second = h.SendMessage("two");
            var third = h.SendMessage("three");

            Assert.AreEqual((int)XmppClientState.Online, (int)h.Client.State, "a full window is no dead connection");
            Assert.IsNull(h.Client.LastError);
            // Half full after the first: the client asks for an acknowledgement at once.
            Assert.AreEqual(first + Request + second, h.TakeOutput(), "the third waits");
            Assert.AreEqual(2, h.Client.UnacknowledgedStanzas);

            h.Deliver("<a xmlns='urn:xmpp:sm:3' h='2'/>");

            Assert.AreEqual(third + Request, h.TakeOutput(), "sent once the server made room (the window half full again: a request)");
            Assert.AreEqual(1, h.Client.UnacknowledgedStanzas);
            Assert.AreEqual(0, h.Handler.Ends);
        }

        [TestMethod]
        public void WaitingStanzasGoInOrderAndAskForTheNextAcknowledgement()
        {
            var settings = ClientHarness.DefaultSettings();
            settings.StreamManagementStanzas = 2;
            var h = new ClientHarness(settings);
            h.OnlineWithStreamManagement();
            var sent = string.Empty;
            for (var i = 0; i < 7; i++)
            {
                sent += h.SendMessage("m" + i.ToString());
            }

            var output = h.TakeOutput();
            Assert.AreEqual(5, h.Client.WaitingStanzas);
            for (var h2 = 2u; h2 <= 7u; h2 += 2u)
            {
                h.Deliver("<a xmlns='urn:xmpp:sm:3' h='" + h2.ToString() + "'/>");
                output += h.TakeOutput();
            }

            Assert.AreEqual(0, h.Client.WaitingStanzas);
            Assert.AreEqual(sent, Without(output, Request), "every stanza once, in order");
            Assert.AreEqual(4, Count(output, Request), "one request per window, no more");
            Assert.AreEqual(0, h.Handler.Refused);
            Assert.AreEqual((int)XmppClientState.Online, (int)h.Client.State);
        }

        [TestMethod]
        public void WhatCannotWaitIsRefusedWithAnEventAndTheStreamStays()
        {
            var settings = ClientHarness.DefaultSettings();
            settings.StreamManagementStanzas = 2;
            settings.StreamManagementWaitingStanzas = 1;
            var h = new ClientHarness(settings);
            h.OnlineWithStreamManagement();
            h.SendMessage("one");
            h.SendMessage("two");
            var waiting = h.SendMessage("three");
            h.TakeOutput();

            var w = h.Client.BeginStanza("message");
            w.Attribute("to", "owner@example.org");
            var accepted = h.Client.EndStanza(h.Now);

            Assert.IsFalse(accepted, "EndStanza says so");
            Assert.AreEqual(1, h.Handler.Refused);
            Assert.AreEqual(1, h.Client.RefusedStanzas);
            Assert.Contains("refused the output waits for the server's acknowledgement and its queue is full", h.Handler.Log);
            Assert.AreEqual((int)XmppClientState.Online, (int)h.Client.State);

            h.Deliver("<a xmlns='urn:xmpp:sm:3' h='2'/>");
            Assert.AreEqual(waiting + Request, h.TakeOutput(), "the one that waited goes; the refused one does not");
        }

        [TestMethod]
        public void ARefusedIqRequestIsReportedUnansweredAtTheNextTick()
        {
            var settings = ClientHarness.DefaultSettings();
            settings.StreamManagementStanzas = 1;
            settings.StreamManagementWaitingStanzas = 1;
            var h = new ClientHarness(settings);
            h.OnlineWithStreamManagement();
            h.SendMessage("one");
            h.SendMessage("two");

            var w = h.Client.BeginIq("get", "owner@example.org/phone", 7, 60000, h.Now);
            w.StartElement("query");
            w.Attribute("xmlns", "jabber:iq:version");
            Assert.IsFalse(h.Client.EndStanza(h.Now));
            Assert.AreEqual(0, h.Handler.Answers, "not from inside EndStanza");

            h.Advance(1);

            Assert.AreEqual(1, h.Handler.Answers);
            Assert.AreEqual(7, h.Handler.LastAnswerTag);
            Assert.IsNull(h.Handler.LastAnswer);
        }

        [TestMethod]
        public void AFloodOfRequestsFromTheServerIsAnsweredWithoutReconnecting()
        {
            // 100 pings in one read, each answered by the client: three times its window.
            var h = new ClientHarness();
            h.OnlineWithStreamManagement();
            var flood = string.Empty;
            for (var i = 0; i < 100; i++)
            {
                flood += "<iq from='example.org' type='get' id='p" + i.ToString() + "'><ping xmlns='urn:xmpp:ping'/></iq>";
            }

            h.Deliver(flood);
            var output = h.TakeOutput();
            Assert.AreEqual((int)XmppClientState.Online, (int)h.Client.State);

            // The server acknowledges what it got, as a server does when asked, until all went.
            for (var round = 0; round < 10 && h.Client.UnacknowledgedStanzas > 0; round++)
            {
                h.Deliver("<a xmlns='urn:xmpp:sm:3' h='" + Sent(output).ToString() + "'/>");
                output += h.TakeOutput();
            }

            Assert.AreEqual(100 - h.Client.RefusedStanzas, Sent(output), "everything not refused was answered");
            Assert.AreEqual(36, h.Client.RefusedStanzas, "beyond the window (32) and the waiting queue (32)");
            Assert.AreEqual(0, h.Handler.Ends, "no reconnect");
            Assert.AreEqual((int)XmppClientState.Online, (int)h.Client.State);
        }

        [TestMethod]
        public void WaitingStanzasGoAfterTheResentOnesWhenTheStreamIsResumed()
        {
            var settings = ClientHarness.DefaultSettings();
            settings.StreamManagementStanzas = 2;
            var h = new ClientHarness(settings);
            h.OnlineWithStreamManagement();
            h.SendMessage("one");
            var second = h.SendMessage("two");
            var third = h.SendMessage("three");
            h.TakeOutput();
            h.Client.ConnectionLost(h.Now, "network down");
            Assert.AreEqual(1, h.Client.WaitingStanzas, "kept for the resumed stream");

            XmppClientStreamManagementTests.Reconnect(h);
            h.Deliver("<resumed xmlns='urn:xmpp:sm:3' h='1' previd='sm-1'/>");

            Assert.AreEqual(second + third + Request, h.TakeOutput(), "the unacknowledged one again, then the waiting one");
            Assert.AreEqual(0, h.Handler.Refused);
        }

        [TestMethod]
        public void WaitingStanzasOfASessionThatCannotResumeAreRefused()
        {
            var settings = ClientHarness.DefaultSettings();
            settings.StreamManagementStanzas = 1;
            var h = new ClientHarness(settings);
            h.OnlineWithStreamManagement();
            h.SendMessage("one");
            h.SendMessage("two");
            h.TakeOutput();
            h.Client.ConnectionLost(h.Now, "network down");
            XmppClientStreamManagementTests.Reconnect(h);

            h.Deliver("<failed xmlns='urn:xmpp:sm:3'><item-not-found xmlns='urn:ietf:params:xml:ns:xmpp-stanzas'/></failed>");

            Assert.AreEqual(1, h.Handler.Refused, "not lost silently");
            Assert.Contains("refused never sent: the stream could not be resumed", h.Handler.Log);
            Assert.AreEqual(0, h.Client.WaitingStanzas);
        }

        [TestMethod]
        public void AClosingStreamSendsWhatWaitsBeforeItsEnd()
        {
            var settings = ClientHarness.DefaultSettings();
            settings.StreamManagementStanzas = 1;
            var h = new ClientHarness(settings);
            h.OnlineWithStreamManagement();
            var first = h.SendMessage("one");
            var second = h.SendMessage("two");

            h.Client.Disconnect(h.Now);

            Assert.AreEqual(first + Request + second + Request + ClientHarness.StreamEnd, h.TakeOutput());
            Assert.AreEqual(0, h.Handler.Refused);
        }

        [TestMethod]
        public void AServerThatNeverAcknowledgesIsADeadConnectionAfterThePingTimeout()
        {
            var settings = ClientHarness.DefaultSettings();
            settings.StreamManagementStanzas = 1;
            var h = new ClientHarness(settings);
            h.OnlineWithStreamManagement();
            h.SendMessage("one");
            h.SendMessage("two");
            h.TakeOutput();

            // The server keeps talking (so no ping is due) but never answers <r/>.
            h.Advance(settings.PingTimeout - 1);
            h.Deliver("<presence from='owner@example.org/phone'/>");
            Assert.AreEqual((int)XmppClientState.Online, (int)h.Client.State);
            h.Advance(1);

            Assert.AreEqual((int)XmppClientState.Closing, (int)h.Client.State);
            Assert.AreEqual("the server did not acknowledge our stanzas within 30 s (stream management)", h.Client.LastError);
        }

        [TestMethod]
        public void AFullOutputQueueMakesStanzasWaitForTheTransport()
        {
            var settings = ClientHarness.DefaultSettings();
            settings.OutputCapacity = 300;
            var h = new ClientHarness(settings);
            h.OnlineWithStreamManagement();
            h.TakeOutput();
            var first = h.SendMessage(new string('a', 100));
            var second = h.SendMessage(new string('b', 200));

            Assert.AreEqual((int)XmppClientState.Online, (int)h.Client.State, "the transport is slow, not dead");
            Assert.AreEqual(1, h.Client.WaitingStanzas);
            Assert.AreEqual(first + second, h.TakeOutput(), "the second goes as soon as the transport took the first; the window had room, so no request");
            Assert.AreEqual(2, h.Client.UnacknowledgedStanzas);
        }

        [TestMethod]
        public void WithoutStreamManagementAFullOutputQueueStillClosesTheConnection()
        {
            var settings = ClientHarness.DefaultSettings();
            settings.OutputCapacity = 300;
            var h = new ClientHarness(settings);
            h.Online();
            h.SendMessage(new string('a', 100));
            h.SendMessage(new string('b', 200));

            Assert.AreEqual((int)XmppClientState.Closing, (int)h.Client.State);
            Assert.AreEqual("the connection does not take our data (output queue full)", h.Client.LastError);
        }

        /// <summary>How many stanzas (ping results) the client wrote.</summary>
        private static int Sent(string output)
        {
            return Count(output, "<iq ");
        }

        private static string Without(string text, string what)
        {
            var result = string.Empty;
            var from = 0;
            for (var at = SiotThing.Protocol.Text.Utf16.IndexOf(text, what, 0); at >= 0; at = SiotThing.Protocol.Text.Utf16.IndexOf(text, what, from))
            {
                result += text.Substring(from, at - from);
                from = at + what.Length;
            }

            return result + text.Substring(from);
        }

        private static int Count(string text, string what)
        {
            var count = 0;
            for (var at = SiotThing.Protocol.Text.Utf16.IndexOf(text, what, 0); at >= 0; at = SiotThing.Protocol.Text.Utf16.IndexOf(text, what, at + what.Length))
            {
                count++;
            }

            return count;
        }
    }
}
