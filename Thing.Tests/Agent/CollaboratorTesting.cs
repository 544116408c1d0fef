using SiotThing.Protocol.Agent;
using SiotThing.Protocol.Siot;
using SiotThing.Protocol.Storage;
using SiotThing.Protocol.Text;
using SiotThing.Protocol.Xml;
using SiotThing.Protocol.Xmpp;
using SiotThing.Tests.Storage;
using SiotThing.Tests.Xmpp;

namespace SiotThing.Tests.Agent
{
    /// <summary>What the tests of the agent's collaborators share: a configuration, a fresh state, a roster, and what a writer holds.</summary>
    public static class CollaboratorTesting
    {
        /// <summary>The provisioning service's JID.</summary>
        public const string Service = "provisioning.example.org";

        /// <summary>A configuration with the service and two names.</summary>
        /// <returns>The configuration.</returns>
        public static ThingConfiguration Configuration()
        {
            return new ThingConfiguration(Service, new[] { string.Empty, "de" }, new[] { "Lamp", "Lampe" });
        }

        /// <summary>The state of a thing on its first start (a key, no owner, no requests; the roster's clean-up pending, as after every reset), saved in <paramref name="flash"/>.</summary>
        /// <param name="flash">The flash the state is kept in.</param>
        /// <returns>The state.</returns>
        public static ThingState FreshState(MemoryStateStore flash)
        {
            var store = new ThingStateStore(flash);
            var state = store.Load();
            state.FactoryReset(ClaimKey.Generate(new DeterministicEntropy(5)));
            store.Save(state);
            return state;
        }

        /// <summary>A loaded roster of the items given.</summary>
        /// <param name="items">Roster items as XML.</param>
        /// <returns>The roster.</returns>
        public static Roster RosterOf(string items)
        {
            var roster = new Roster(8);
            roster.HandleResult(StanzaParsing.Parse("<iq type='result' id='r1'><query xmlns='jabber:iq:roster'>" + items + "</query></iq>"));
            return roster;
        }

        /// <summary>The XML <paramref name="w"/> wrote into <paramref name="buffer"/>, its open elements closed.</summary>
        /// <param name="w">The writer.</param>
        /// <param name="buffer">Its buffer.</param>
        /// <returns>The XML.</returns>
        public static string Written(XmlWriter w, byte[] buffer)
        {
            while (w.Depth > 0)
            {
                w.EndElement();
            }

            return Utf8.Decode(buffer, 0, w.Length);
        }
    }
}
