using nanoFramework.TestFramework;
using SiotThing.Protocol.Sasl;
using SiotThing.Protocol.Text;
using SiotThing.Protocol.Xml;
using SiotThing.Protocol.Xmpp;

namespace SiotThing.Tests.Xmpp
{
    /// <summary>
    /// An <see cref="XmppClient"/> with a scripted server: the test plays the server by delivering
    /// XML (whole, cut in two, or a byte at a time) and reads what the client wrote; the clock is
    /// the test's, the randomness is seeded, and a <see cref="RecordingClientHandler"/> writes down
    /// what the client reports. The negotiation steps check each of the client's answers as they go.
    /// </summary>
    public sealed class ClientHarness
    {
        /// <summary>The account the client logs in to.</summary>
        public const string Account = "thing@example.org";

        /// <summary>Its password (that of RFC 5802's example).</summary>
        public const string Password = "pencil";

        /// <summary>The resource the default settings ask for.</summary>
        public const string Resource = "bulb";

        /// <summary>The JID the scripted server binds by default.</summary>
        public const string FullJid = "thing@example.org/bulb";

        /// <summary>The time the harness's clock starts at, in milliseconds.</summary>
        public const long Start = 1000000;

        /// <summary>The server's stream header, with an XML declaration.</summary>
        public const string ServerHeader = "<?xml version='1.0'?><stream:stream xmlns='jabber:client' xmlns:stream='http://etherx.jabber.org/streams'"
            + " id='s1' from='example.org' version='1.0' xml:lang='en'>";

        /// <summary>The client's stream header before TLS: no <c>from</c>.</summary>
        public const string PlainHeader = "<?xml version='1.0'?><stream:stream to='example.org' version='1.0' xml:lang='en'"
            + " xmlns='jabber:client' xmlns:stream='http://etherx.jabber.org/streams'>";

        /// <summary>The client's stream header under TLS: with <c>from</c>.</summary>
        public const string TlsHeader = "<?xml version='1.0'?><stream:stream to='example.org' from='thing@example.org' version='1.0' xml:lang='en'"
            + " xmlns='jabber:client' xmlns:stream='http://etherx.jabber.org/streams'>";

        /// <summary>Features before TLS: STARTTLS, required.</summary>
        public const string StartTlsFeatures = "<stream:features><starttls xmlns='urn:ietf:params:xml:ns:xmpp-tls'><required/></starttls></stream:features>";

        /// <summary>The client's STARTTLS request.</summary>
        public const string StartTls = "<starttls xmlns='urn:ietf:params:xml:ns:xmpp-tls'/>";

        /// <summary>The server's go-ahead for TLS.</summary>
        public const string Proceed = "<proceed xmlns='urn:ietf:params:xml:ns:xmpp-tls'/>";

        /// <summary>Features after authentication: resource binding only.</summary>
        public const string BindFeatures = "<stream:features><bind xmlns='urn:ietf:params:xml:ns:xmpp-bind'/></stream:features>";

        /// <summary>Features after authentication: resource binding and stream management.</summary>
        public const string BindAndSmFeatures = "<stream:features><bind xmlns='urn:ietf:params:xml:ns:xmpp-bind'/><sm xmlns='urn:xmpp:sm:3'/></stream:features>";

        /// <summary>The end of a stream.</summary>
        public const string StreamEnd = "</stream:stream>";

        /// <summary>Creates a client with <see cref="DefaultSettings"/>.</summary>
        public ClientHarness()
            : this(DefaultSettings())
        {
        }

        /// <summary>Creates a client with the given settings, raw stanzas kept for the handler's log.</summary>
        /// <param name="settings">The settings.</param>
        public ClientHarness(XmppClientSettings settings)
            : this(settings, new XmlLimits())
        {
        }

        /// <summary>Creates a client with the given settings and parser limits, raw stanzas kept for the handler's log.</summary>
        /// <param name="settings">The settings.</param>
        /// <param name="limits">The limits; raw stanzas are switched on.</param>
        public ClientHarness(XmppClientSettings settings, XmlLimits limits)
            : this(settings, limits, null)
        {
        }

        /// <summary>Creates a client whose events go to <paramref name="handler"/> (the thing's agent, say) instead of the recorder.</summary>
        /// <param name="settings">The settings.</param>
        /// <param name="limits">The limits; raw stanzas are switched on for <see cref="Handler"/>, which records them.</param>
        /// <param name="handler">The client's handler; <c>null</c> for <see cref="Handler"/>.</param>
        public ClientHarness(XmppClientSettings settings, XmlLimits limits, IXmppClientHandler handler)
        {
            // Another handler (the agent) gets the limits as given: a device keeps no raw copies,
            // and the heap measured through this harness must be the device's.
            if (handler == null)
            {
                limits.KeepRawStanza = true;
            }

            Settings = settings;
            Handler = new RecordingClientHandler();
            Client = new XmppClient(settings, handler == null ? Handler : handler, new DeterministicEntropy(0x5107), limits);

            // Cached SCRAM-SHA-1 secrets spare each login PBKDF2, which takes a second on the device;
            // tests of the derivation itself (and of SCRAM-SHA-256) start without them.
            Client.ScramSecrets = ScramServer.Secrets(ScramClient.ScramSha1);
            Now = Start;
        }

        /// <summary>The client's settings.</summary>
        public XmppClientSettings Settings { get; }

        /// <summary>The client under test.</summary>
        public XmppClient Client { get; }

        /// <summary>What the client reported.</summary>
        public RecordingClientHandler Handler { get; }

        /// <summary>The clock, in milliseconds.</summary>
        public long Now { get; private set; }

        /// <summary>The server side of the last SCRAM exchange, or <c>null</c>.</summary>
        public ScramServer Scram { get; private set; }

        /// <summary>The settings of the default test account: resource <see cref="Resource"/>, default timers.</summary>
        /// <returns>New settings.</returns>
        public static XmppClientSettings DefaultSettings()
        {
            var settings = new XmppClientSettings(Account, Password);
            settings.Resource = Resource;
            return settings;
        }

        /// <summary>Stream features offering SASL mechanisms.</summary>
        /// <param name="names">The mechanism names, in the server's order.</param>
        /// <returns>The features element.</returns>
        public static string Mechanisms(params string[] names)
        {
            var xml = "<stream:features><mechanisms xmlns='urn:ietf:params:xml:ns:xmpp-sasl'>";
            for (var i = 0; i < names.Length; i++)
            {
                xml += "<mechanism>" + names[i] + "</mechanism>";
            }

            return xml + "</mechanisms></stream:features>";
        }

        /// <summary>The stream error (and closing tag) that the client sends for <paramref name="condition"/>.</summary>
        /// <param name="condition">The defined condition.</param>
        /// <returns>The XML.</returns>
        public static string StreamError(string condition)
        {
            return "<stream:error><" + condition + " xmlns='urn:ietf:params:xml:ns:xmpp-streams'/></stream:error></stream:stream>";
        }

        /// <summary>The text between the first <paramref name="start"/> and the next <paramref name="end"/>.</summary>
        /// <param name="text">The text to search.</param>
        /// <param name="start">What comes before.</param>
        /// <param name="end">What comes after.</param>
        /// <returns>The text, or <c>null</c> when either is missing.</returns>
        public static string Between(string text, string start, string end)
        {
            var from = Utf16.IndexOf(text, start, 0);
            if (from < 0)
            {
                return null;
            }

            from += start.Length;
            var to = Utf16.IndexOf(text, end, from);
            return to < 0 ? null : text.Substring(from, to - from);
        }

        /// <summary>The <c>id</c> of the first element in <paramref name="xml"/> that has one.</summary>
        /// <param name="xml">What the client wrote.</param>
        /// <returns>The id, or <c>null</c>.</returns>
        public static string IdOf(string xml)
        {
            return Between(xml, "id='", "'");
        }

        /// <summary>The transport connected: the client writes its header.</summary>
        /// <param name="tls">Whether the connection is TLS from the start (XEP-0368).</param>
        public void Connect(bool tls)
        {
            Handler.Now = Now;
            Client.Connected(Now, tls);
        }

        /// <summary>The transport finished the TLS handshake.</summary>
        public void TlsEstablished()
        {
            Handler.Now = Now;
            Client.TlsEstablished(Now);
        }

        /// <summary>The server sends <paramref name="xml"/> in one piece.</summary>
        /// <param name="xml">What the server sends.</param>
        public void Deliver(string xml)
        {
            var bytes = Utf8.Encode(xml);
            Handler.Now = Now;
            Client.Receive(bytes, 0, bytes.Length, Now);
        }

        /// <summary>The server sends <paramref name="xml"/> in two pieces, cut before byte <paramref name="cut"/>.</summary>
        /// <param name="xml">What the server sends.</param>
        /// <param name="cut">Where the first piece ends, 0 to the byte length.</param>
        public void DeliverSplit(string xml, int cut)
        {
            var bytes = Utf8.Encode(xml);
            Handler.Now = Now;
            Client.Receive(bytes, 0, cut, Now);
            Client.Receive(bytes, cut, bytes.Length - cut, Now);
        }

        /// <summary>The server sends <paramref name="xml"/> a byte at a time.</summary>
        /// <param name="xml">What the server sends.</param>
        public void DeliverBytewise(string xml)
        {
            var bytes = Utf8.Encode(xml);
            Handler.Now = Now;
            for (var i = 0; i < bytes.Length; i++)
            {
                Client.Receive(bytes, i, 1, Now);
            }
        }

        /// <summary>
        /// Takes everything the client has written so far, as a transport does: until nothing is
        /// left (taking output can make room for stanzas that waited for it).
        /// </summary>
        /// <returns>It, as text; empty when nothing waits.</returns>
        public string TakeOutput()
        {
            var text = string.Empty;
            while (Client.OutputLength > 0)
            {
                var bytes = new byte[Client.OutputLength];
                var count = Client.ReadOutput(bytes, 0, bytes.Length);
                text += Utf8.Decode(bytes, 0, count);
            }

            return text;
        }

        /// <summary>Lets time pass and ticks the client.</summary>
        /// <param name="milliseconds">How long.</param>
        public void Advance(long milliseconds)
        {
            Now += milliseconds;
            Handler.Now = Now;
            Client.Tick(Now);
        }

        /// <summary>Moves the clock without ticking the client (time passes between two events).</summary>
        /// <param name="milliseconds">How long.</param>
        public void Wait(long milliseconds)
        {
            Now += milliseconds;
            Handler.Now = Now;
        }

        /// <summary>Connects in the clear and goes through STARTTLS up to the header under TLS, checking each step.</summary>
        public void StartTlsStep()
        {
            Connect(false);
            Assert.AreEqual(PlainHeader, TakeOutput(), "the first header");
            Deliver(ServerHeader + StartTlsFeatures);
            Assert.AreEqual(StartTls, TakeOutput(), "the STARTTLS request");
            Deliver(Proceed);
            Assert.AreEqual((int)XmppClientState.AwaitingTls, (int)Client.State, "after <proceed/>");
            Assert.AreEqual(string.Empty, TakeOutput(), "nothing while TLS is negotiated");
            TlsEstablished();
            Assert.AreEqual(TlsHeader, TakeOutput(), "the header under TLS");
        }

        /// <summary>
        /// Offers <paramref name="features"/> after the server's header and completes the SASL
        /// exchange the client starts (SCRAM computed by <see cref="ScramServer"/>, or PLAIN),
        /// up to the client's restarted header, which must come right after &lt;success/&gt;.
        /// </summary>
        /// <param name="features">The features with the mechanisms.</param>
        /// <returns>The mechanism the client chose.</returns>
        public string AuthenticateStep(string features)
        {
            Deliver(ServerHeader + features);
            var auth = TakeOutput();
            var mechanism = Between(auth, "mechanism='", "'");
            var data = Between(auth, "'>", "</auth>");
            Assert.IsNotNull(mechanism, "an <auth/> element: " + auth);
            Assert.StartsWith("<auth xmlns='urn:ietf:params:xml:ns:xmpp-sasl' mechanism='", auth);
            if (mechanism == SaslPlain.Mechanism)
            {
                Scram = null;
                Deliver("<success xmlns='urn:ietf:params:xml:ns:xmpp-sasl'/>");
            }
            else
            {
                Scram = new ScramServer(mechanism);
                Deliver("<challenge xmlns='urn:ietf:params:xml:ns:xmpp-sasl'>" + Scram.ServerFirst(data) + "</challenge>");
                var response = Between(TakeOutput(), "<response xmlns='urn:ietf:params:xml:ns:xmpp-sasl'>", "</response>");
                Assert.IsNotNull(response, "a SASL response");
                var final = Scram.ServerFinal(response);
                Assert.IsTrue(Scram.ProofValid, "the client's proof");
                Deliver("<success xmlns='urn:ietf:params:xml:ns:xmpp-sasl'>" + final + "</success>");
            }

            Assert.AreEqual(TlsHeader, TakeOutput(), "the restarted header, sent right after <success/>");
            return mechanism;
        }

        /// <summary>Offers <paramref name="features"/> after the server's header and answers the bind request with <paramref name="jid"/>.</summary>
        /// <param name="features">The features after authentication.</param>
        /// <param name="jid">The JID to bind.</param>
        /// <returns>What the client wrote after the bind result.</returns>
        public string BindStep(string features, string jid)
        {
            Deliver(ServerHeader + features);
            var bind = TakeOutput();
            Assert.StartsWith("<iq type='set' id='", bind);
            Assert.Contains("<bind xmlns='urn:ietf:params:xml:ns:xmpp-bind'", bind);
            Deliver("<iq type='result' id='" + IdOf(bind) + "'><bind xmlns='urn:ietf:params:xml:ns:xmpp-bind'><jid>" + jid + "</jid></bind></iq>");
            return TakeOutput();
        }

        /// <summary>STARTTLS, SCRAM-SHA-1, and binding with <paramref name="features"/>; the client is online.</summary>
        /// <param name="features">The features after authentication.</param>
        /// <returns>What the client wrote after the bind result.</returns>
        public string Online(string features)
        {
            StartTlsStep();
            AuthenticateStep(Mechanisms("SCRAM-SHA-1", "PLAIN"));
            var after = BindStep(features, FullJid);
            Assert.AreEqual((int)XmppClientState.Online, (int)Client.State, "online");
            return after;
        }

        /// <summary>Online without stream management.</summary>
        public void Online()
        {
            Assert.AreEqual(string.Empty, Online(BindFeatures));
        }

        /// <summary>Online with stream management enabled and resumable (id <c>sm-1</c>).</summary>
        public void OnlineWithStreamManagement()
        {
            Assert.AreEqual("<enable xmlns='urn:xmpp:sm:3' resume='true'/>", Online(BindAndSmFeatures));
            Deliver("<enabled xmlns='urn:xmpp:sm:3' id='sm-1' resume='true' max='300'/>");
            Assert.IsTrue(Client.CanResume, "resumable");
        }

        /// <summary>Sends a chat message with <paramref name="body"/> to the owner.</summary>
        /// <param name="body">The message's body.</param>
        /// <returns>The message as the client wrote it.</returns>
        public string SendMessage(string body)
        {
            var w = Client.BeginStanza("message");
            w.Attribute("to", "owner@example.org");
            w.StartElement("body");
            w.Text(body);
            Client.EndStanza(Now);
            return "<message to='owner@example.org'><body>" + body + "</body></message>";
        }
    }
}
