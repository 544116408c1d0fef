using nanoFramework.TestFramework;
using SiotThing.Protocol.Agent;
using SiotThing.Protocol.Devices;
using SiotThing.Protocol.Storage;
using SiotThing.Protocol.Text;
using SiotThing.Protocol.Xml;
using SiotThing.Protocol.Xmpp;
using SiotThing.Tests.Devices;
using SiotThing.Tests.Storage;
using SiotThing.Tests.Xmpp;

namespace SiotThing.Tests.Agent
{
    /// <summary>
    /// A thing (agent, light bulb, memory store) on a client whose server the test plays, through
    /// <see cref="ClientHarness"/>: the test delivers what the server and the provisioning service
    /// send and reads what the thing answers.
    /// </summary>
    public sealed class AgentHarness
    {
        /// <summary>The provisioning service's JID.</summary>
        public const string Service = "provisioning.example.org";

        /// <summary>The thing's default name.</summary>
        public const string Name = "Futuretec Light Bulb 10X";

        /// <summary>Creates a thing with a fresh store.</summary>
        public AgentHarness()
            : this(new MemoryStateStore())
        {
        }

        /// <summary>Creates a thing on an existing store (a reboot).</summary>
        /// <param name="store">The flash.</param>
        public AgentHarness(MemoryStateStore store)
            : this(store, new[] { string.Empty, "de" }, new[] { Name, "Futuretec Gl\u00FChbirne 10X" })
        {
        }

        /// <summary>Creates a thing with a fresh store and names of its own.</summary>
        /// <param name="languages">The names' languages (empty for the default name).</param>
        /// <param name="names">The names.</param>
        public AgentHarness(string[] languages, string[] names)
            : this(new MemoryStateStore(), languages, names)
        {
        }

        /// <summary>Creates a thing with a fresh store on a client with buffers of its own (e.g. a board's).</summary>
        /// <param name="settings">The client's settings.</param>
        /// <param name="limits">The parser's limits.</param>
        public AgentHarness(XmppClientSettings settings, XmlLimits limits)
            : this(new MemoryStateStore(), new[] { string.Empty, "de" }, new[] { Name, "Futuretec Gl\u00FChbirne 10X" }, settings, limits)
        {
        }

        private AgentHarness(MemoryStateStore store, string[] languages, string[] names)
            : this(store, languages, names, ClientHarness.DefaultSettings(), new XmlLimits())
        {
        }

        private AgentHarness(MemoryStateStore store, string[] languages, string[] names, XmppClientSettings settings, XmlLimits limits)
        {
            Store = store;
            Agent = new ThingAgent(
                new ThingConfiguration(Service, languages, names),
                new ThingStateStore(store),
                Display,
                Bulb = new LightBulb(Pin),
                new DeterministicEntropy(0xB01B),
                Log);
            Harness = new ClientHarness(settings, limits, Agent);
        }

        /// <summary>The flash.</summary>
        public MemoryStateStore Store { get; }

        /// <summary>The display.</summary>
        public RecordingDisplay Display { get; } = new RecordingDisplay();

        /// <summary>The bulb's pin.</summary>
        public RecordingPin Pin { get; } = new RecordingPin();

        /// <summary>The bulb.</summary>
        public LightBulb Bulb { get; }

        /// <summary>The log.</summary>
        public RecordingLog Log { get; } = new RecordingLog();

        /// <summary>The thing's behaviour under test.</summary>
        public ThingAgent Agent { get; }

        /// <summary>The client and the scripted server.</summary>
        public ClientHarness Harness { get; }

        /// <summary>Logs in and answers the thing's roster request with <paramref name="rosterItems"/>; returns what the thing sent next.</summary>
        /// <param name="rosterItems">Roster items as XML (may be empty).</param>
        /// <returns>The thing's output after the roster arrived.</returns>
        public string OnlineWithRoster(string rosterItems)
        {
            var first = Harness.Online(ClientHarness.BindFeatures);
            Assert.Contains("<query xmlns='jabber:iq:roster'", first, "the roster request");
            Assert.Contains("<presence><status>off</status></presence>", first, "initial presence with the bulb's state");
            Deliver("<iq type='result' id='" + ClientHarness.IdOf(first) + "'><query xmlns='jabber:iq:roster'>" + rosterItems + "</query></iq>");
            return Output();
        }

        /// <summary>Logs in, gets an empty roster and completes the registration.</summary>
        public void OnlineAndRegistered()
        {
            var register = OnlineWithRoster(string.Empty);
            Deliver("<iq type='result' from='" + Service + "' id='" + IdOfIqWith(register, "<register") + "'/>");
            Assert.IsTrue(Agent.Registered, "registered");
            Output();
        }

        /// <summary>The id of the IQ in <paramref name="output"/> that contains <paramref name="marker"/>.</summary>
        /// <param name="output">What the thing sent.</param>
        /// <param name="marker">Text inside the wanted IQ, e.g. "&lt;register".</param>
        /// <returns>The IQ's id.</returns>
        public static string IdOfIqWith(string output, string marker)
        {
            var at = Utf16.IndexOf(output, marker, 0);
            Assert.IsTrue(at >= 0, "no " + marker + " in: " + output);
            var iq = output.LastIndexOf("<iq ", at);
            return ClientHarness.IdOf(output.Substring(iq));
        }

        /// <summary>Delivers server XML to the client (and so to the agent).</summary>
        /// <param name="xml">Stanzas.</param>
        public void Deliver(string xml)
        {
            Harness.Deliver(xml);
        }

        /// <summary>What the thing sent since the last call.</summary>
        /// <returns>The XML.</returns>
        public string Output()
        {
            return Harness.TakeOutput();
        }

        /// <summary>Lets time pass for the client and the agent.</summary>
        /// <param name="milliseconds">How long.</param>
        public void Advance(long milliseconds)
        {
            Harness.Advance(milliseconds);
            Agent.Tick(Harness.Client, Harness.Now);
        }
    }
}
