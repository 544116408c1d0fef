using System;
using System.Reflection;
using nanoFramework.TestFramework;
using SiotThing.Protocol.Configuration;
using SiotThing.Protocol.Text;
using SiotThing.Protocol.Xml;
using SiotThing.Protocol.Xmpp;
using SiotThing.Tests.Xmpp;

namespace SiotThing.Tests.Agent
{
    /// <summary>
    /// The managed heap of one thing (agent and client with the ESP32's buffers,
    /// <see cref="SmallHeapBuffers"/>, and for comparison with the defaults) through a whole story against a scripted server, measured in
    /// the nanoCLR and printed (docs/performance.md, "Heap with the ESP32's buffers"); the figures
    /// are never asserted, the story is. The free heap comes from
    /// <c>nanoFramework.Runtime.Native.GC.Run(false)</c> (a full collection, then the free bytes),
    /// found by reflection: the runner loads that assembly only when given it
    /// (<c>tools/NanoRun --load</c>), and without it, as on .NET, the test skips itself.
    /// </summary>
    [TestClass]
    public class ThingHeapMeasurements
    {
        private const string Friend = "friend0@example.net";

        [TestMethod]
        [DataRow(true)]
        [DataRow(false)]
        public void TheThingsHeapThroughAWholeStory(bool esp32Buffers)
        {
            var run = CollectorRun();
            if (run == null)
            {
                Assert.SkipTest("no nanoFramework.Runtime.Native loaded: the free heap cannot be read here");
            }

            // Live bytes are counted from here: the launcher's and the test's own objects are not the thing's.
            var before = Free(run);
            var peak = 0;
            // The ESP32's buffers, or for comparison the defaults (what a Linux board or the .NET thing runs with).
            OutputHelper.WriteLine("heap: " + (esp32Buffers ? "the ESP32's buffers (SmallHeapBuffers)" : "the default buffers"));
            var settings = ClientHarness.DefaultSettings();
            if (esp32Buffers)
            {
                SmallHeapBuffers.Apply(settings);
            }

            var thing = new AgentHarness(settings, esp32Buffers ? SmallHeapBuffers.Limits() : new XmlLimits());
            Sample(run, before, "agent and client created, offline", ref peak);

            var first = thing.Harness.Online(ClientHarness.BindAndSmFeatures);
            Assert.Contains("<enable xmlns='urn:xmpp:sm:3' resume='true'/>", first);
            thing.Deliver("<enabled xmlns='urn:xmpp:sm:3' id='sm-1' resume='true' max='300'/>");
            var sent = Stanzas(first);
            Sample(run, before, "online (STARTTLS, SCRAM-SHA-1, bound, XEP-0198 enabled)", ref peak);

            var roster = string.Empty;
            for (var i = 0; i < 11; i++)
            {
                roster += "<item jid='friend" + i + "@example.net' subscription='both'/>";
            }

            thing.Deliver("<iq type='result' id='" + AgentHarness.IdOfIqWith(first, "jabber:iq:roster") + "'><query xmlns='jabber:iq:roster'>" + roster + "</query></iq>");
            var register = Acknowledged(thing, ref sent);
            thing.Deliver("<iq type='result' from='" + AgentHarness.Service + "' id='" + AgentHarness.IdOfIqWith(register, "<register") + "'/>");
            Assert.IsTrue(thing.Agent.Registered, "registered");
            Acknowledged(thing, ref sent);
            Sample(run, before, "11 roster items, registered, key shown", ref peak);

            thing.Deliver("<message from='" + AgentHarness.Service + "' to='thing@example.org/bulb' id='owner-1'><owner xmlns='urn:xmpp:siot:1' jid='owner@example.com'/></message>");
            Assert.AreEqual("owner@example.com", thing.Agent.Owner);
            Acknowledged(thing, ref sent);
            Sample(run, before, "claimed", ref peak);

            // Sixteen strangers ask; the service answers the first half yes and leaves the rest pending.
            for (var i = 0; i < 16; i++)
            {
                thing.Deliver("<presence from='requestor" + i + "@example.net/r' to='thing@example.org' type='subscribe'/>");
                var query = Acknowledged(thing, ref sent);
                if (i < 8)
                {
                    thing.Deliver("<iq from='" + AgentHarness.Service + "' to='thing@example.org/bulb' type='result' id='" + AgentHarness.IdOfIqWith(query, "<is-friend-query")
                        + "'><is-friend-result xmlns='urn:xmpp:siot:1' friend='yes'/></iq>");
                    Assert.Contains("<presence to='requestor" + i + "@example.net' type='subscribed'/>", Acknowledged(thing, ref sent));
                }

                Sample(run, before, null, ref peak);
            }

            Assert.AreEqual(8, thing.Agent.PendingRequests);
            Sample(run, before, "8 friends approved, 8 requests pending", ref peak);

            // A friend uses the bulb; the server asks for and sends XEP-0198 acknowledgements.
            for (var i = 0; i < 20; i++)
            {
                thing.Deliver("<message from='" + Friend + "/phone' type='chat'><body>toggle</body></message><r xmlns='urn:xmpp:sm:3'/>");
                Assert.Contains("<body>", Acknowledged(thing, ref sent));
                thing.Advance(30000);
                Acknowledged(thing, ref sent);
                Sample(run, before, null, ref peak);
            }

            Sample(run, before, "after 20 commands, acknowledgements and 10 minutes", ref peak);
            OutputHelper.WriteLine("heap: peak live " + peak + " B (the most live after a collection at any step of the story)");

            // Counted above but not on a board, where the log goes to the serial port and the state to flash.
            OutputHelper.WriteLine("heap: of that the test's recording log holds " + thing.Log.Text.Length + " characters");        }

        // What the thing sent, each stanza acknowledged as a server does (XEP-0198 <a/>): the output
        // is paced against the window, so what waited for the acknowledgement follows it.
        private static string Acknowledged(AgentHarness thing, ref int sent)
        {
            var all = string.Empty;
            var output = thing.Output();
            while (output.Length > 0)
            {
                all += output;
                sent += Stanzas(output);
                thing.Deliver("<a xmlns='urn:xmpp:sm:3' h='" + sent + "'/>");
                output = thing.Output();
            }

            return all;
        }

        // Top-level stanzas in what the thing wrote (their bodies escape '<', nothing else nests them).
        private static int Stanzas(string output)
        {
            return Count(output, "<iq ") + Count(output, "<presence") + Count(output, "<message");
        }

        private static int Count(string text, string marker)
        {
            var count = 0;
            var at = Utf16.IndexOf(text, marker, 0);
            while (at >= 0)
            {
                count++;
                at = Utf16.IndexOf(text, marker, at + marker.Length);
            }

            return count;
        }

        // nanoFramework.Runtime.Native.GC.Run(bool), or null when that assembly is not loaded.
        private static MethodInfo CollectorRun()
        {
            var type = Type.GetType("nanoFramework.Runtime.Native.GC");
            return type == null ? null : type.GetMethod("Run");
        }

        private static int Free(MethodInfo run)
        {
            // GC.Run(true) (compaction) crashes the 64-bit host build; a collection without it is what is measured.
            // The interpreter boxes the native method's uint result as an Int32 (seen in the nanoCLR); .NET would box a UInt32.
            var free = run.Invoke(null, new object[] { false });
            return free is uint ? (int)(uint)free : (int)free;
        }

        // Collects, reads the live bytes since before, keeps the peak, and prints the step when it has a name.
        private static void Sample(MethodInfo run, int before, string step, ref int peak)
        {
            var live = before - Free(run);
            if (live > peak)
            {
                peak = live;
            }

            if (step != null)
            {
                OutputHelper.WriteLine("heap: " + step + ": " + live + " B live");
            }
        }
    }
}
