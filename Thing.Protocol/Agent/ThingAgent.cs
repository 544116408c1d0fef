using SiotThing.Protocol.Ports;
using SiotThing.Protocol.Sasl;
using SiotThing.Protocol.Siot;
using SiotThing.Protocol.Storage;
using SiotThing.Protocol.Text;
using SiotThing.Protocol.Xml;
using SiotThing.Protocol.Xmpp;

namespace SiotThing.Protocol.Agent
{
    /// <summary>
    /// What a thing does, by the siot ProtoXEP and docs/protocol-notes.md: it keeps a claim key,
    /// registers with the provisioning service, learns its owner, asks the service about everyone
    /// who subscribes to its presence, and serves its friends (chat commands, ad-hoc commands,
    /// its state in presence). It sits on top of an <see cref="XmppClient"/> as its handler and
    /// talks to the hardware through ports, so the same code runs on the ESP32, on .NET and in tests.
    /// It coordinates and sends: it routes stanzas, IQ answers and time to its collaborators, each
    /// of which decides one thing and keeps its own state, and writes on the client what they say
    /// is to go: <see cref="Registration"/> (the claim key's registration and its retry),
    /// <see cref="Ownership"/> (the owner the service names), <see cref="SubscriptionRequests"/>
    /// (the requestors' subscriptions and the pending list), <see cref="FriendshipBroker"/> (what
    /// the service is asked and told about them, its answers and its backoff),
    /// <see cref="RosterCleanup"/> (the old friends removed after a reset), <see cref="PresencePacing"/>
    /// (the device's own presence pushes), <see cref="FriendCommands"/> (serving friends),
    /// <see cref="StatusDisplay"/> and <see cref="ScramSecretsKeeper"/>. It decides only the order
    /// of things (what follows a session's start or end, a factory reset or a disowning), where a
    /// stanza goes (a siot message only from the configured service), and how often the log hears
    /// of output the client refused. It decides nothing its collaborators decide.
    /// </summary>
    public sealed class ThingAgent : IXmppClientHandler
    {
        private const int RosterTag = 1;


        private readonly ThingConfiguration configuration;
        private readonly ThingStateStore store;
        private readonly StatusDisplay statusDisplay;
        private readonly IThingDevice device;
        private readonly IEntropySource entropy;
        private readonly ILog log;
        private readonly Roster roster = new Roster(64);
        private readonly PresencePacing presencePacing = new PresencePacing();
        private readonly ThingState state;
        private readonly ScramSecretsKeeper scramSecrets;
        private readonly Registration registration;
        private readonly Ownership ownership;
        private readonly SubscriptionRequests requests;
        private readonly FriendshipBroker broker;
        private readonly RosterCleanup rosterCleanup;
        private readonly FriendCommands friendCommands;
        private readonly PendingRecheck recheck;

        private XmppClient client;
        private int refusedOutput;

        /// <summary>Creates the agent and loads (or, on first start, creates) the thing's state.</summary>
        /// <param name="configuration">The provisioning service and the names.</param>
        /// <param name="store">Where the state survives reboots.</param>
        /// <param name="display">What the owner sees.</param>
        /// <param name="device">The bulb or the sensor.</param>
        /// <param name="entropy">Randomness for claim keys.</param>
        /// <param name="log">Where to report.</param>
        public ThingAgent(ThingConfiguration configuration, ThingStateStore store, IDisplay display, IThingDevice device, IEntropySource entropy, ILog log)
        {
            this.configuration = configuration;
            this.store = store;
            statusDisplay = new StatusDisplay(display, configuration.DefaultName);
            this.device = device;
            this.entropy = entropy;
            this.log = log;
            state = store.Load();
            if (state.ClaimKey == null)
            {
                // First start (or an unreadable store): a new key, kept until the next factory reset.
                state.FactoryReset(ClaimKey.Generate(entropy));
                store.Save(state);
                log.Write("new claim key generated");
            }

            scramSecrets = new ScramSecretsKeeper(store, state);
            registration = new Registration(configuration, store, state, entropy, log);
            ownership = new Ownership(store, state, log);
            requests = new SubscriptionRequests(configuration, store, state, roster, log);
            broker = new FriendshipBroker(state, entropy, log);
            rosterCleanup = new RosterCleanup(configuration, store, state, roster, log);
            friendCommands = new FriendCommands(configuration, state, roster, device);
            recheck = new PendingRecheck(log);

            ShowState();
        }

        /// <summary>The claim key (grouped form).</summary>
        public string ClaimKeyText
        {
            get { return state.ClaimKey; }
        }

        /// <summary>The owner's bare JID, or <c>null</c> while unclaimed.</summary>
        public string Owner
        {
            get { return state.Owner; }
        }

        /// <summary>Whether the service acknowledged the registration of the current key.</summary>
        public bool Registered
        {
            get { return state.Registered; }
        }

        /// <summary>How many subscription requests wait for the owner's decision.</summary>
        public int PendingRequests
        {
            get { return requests.Pending; }
        }

        /// <summary>How many requests from before a factory reset (or a disowning) are still to be refused.</summary>
        public int RequestsToRefuse
        {
            get { return requests.ToRefuse; }
        }

        /// <summary>How many withdrawn requests the service has not yet been told of.</summary>
        public int WithdrawalsToTell
        {
            get { return broker.WithdrawalsToTell; }
        }

        /// <summary>The roster as the agent knows it.</summary>
        public Roster Roster
        {
            get { return roster; }
        }

        /// <summary>The SCRAM secrets kept in the state, to hand to the client before it connects.</summary>
        public ScramSecrets StoredScramSecrets
        {
            get { return scramSecrets.Stored; }
        }

        /// <summary>A friend: the owner, or a contact subscribed to the thing's presence.</summary>
        /// <param name="jid">Any JID of the contact.</param>
        /// <returns>Whether it may use the device.</returns>
        public bool IsFriend(string jid)
        {
            return friendCommands.IsFriend(jid);
        }

        /// <inheritdoc />
        public void SessionStarted(XmppClient client, bool resumed)
        {
            this.client = client;
            var now = client.Now;
            scramSecrets.Keep(client.ScramSecrets);
            requests.SessionStarted();
            recheck.SessionStarted(resumed, now);

            // Before the initial presence: the server delivers the subscription requests it keeps
            // after it, and the ones refused here must not come back as new.
            RefuseOldRequests(client, now);
            if (!resumed)
            {
                roster.Request(client, RosterTag, now);
                Stanzas.SendPresence(client, null, null, device.Status(), now);
            }

            registration.Restart(now);
            log.Write(resumed ? "session resumed" : "session started");

            // A new session asks the service at once about everything it has not confirmed.
            broker.Restart();
            ShowState();
            if (resumed)
            {
                ServiceWork(client, now);
            }
        }

        /// <inheritdoc />
        public void SessionEnded(XmppClient client, string reason)
        {
            registration.Stop();
            rosterCleanup.Stop();

            // Answers that come after a resumption are ignored; the next session asks again.
            broker.Stop();
            log.Write("offline: " + reason);
            ShowState();
        }

        /// <summary>
        /// Lets time pass: the pending list's save that waited for the flash-write budget, a paced
        /// presence push, what the service is owed, the registration, when each is due. Call it with the client's ticks.
        /// </summary>
        /// <param name="client">The client.</param>
        /// <param name="now">The time in milliseconds.</param>
        public void Tick(XmppClient client, long now)
        {
            // The pending list's changes that waited for the flash-write budget: also while offline.
            requests.SaveIfDue(now);
            if (client.State != XmppClientState.Online)
            {
                return;
            }

            if (presencePacing.TakeDue(now))
            {
                Stanzas.SendPresence(client, null, null, device.Status(), now);
            }

            // Queries the service did not answer, or that waited for room in the output, go now
            // when their time has come.
            ServiceWork(client, now);
            if (!roster.IsLoaded)
            {
                return;
            }

            if (registration.IsDue(now) && client.CanSendIq)
            {
                var w = client.BeginIq("set", configuration.ProvisioningJid, registration.NextTag(), 30000, now);
                registration.WriteRequest(w);
                client.EndStanza(now);
                registration.Sent();
            }

            FetchHeldRequests(client, now);
        }

        /// <summary>
        /// The factory reset (the button's long press): a new key; owner, friends and pending
        /// requests forgotten; every roster item but the service removed; registered anew. The new
        /// state is saved before anything is sent, so a power loss in the middle ends reset.
        /// </summary>
        /// <param name="client">The client (online or not).</param>
        /// <param name="now">The time in milliseconds.</param>
        public void FactoryReset(XmppClient client, long now)
        {
            state.FactoryReset(ClaimKey.Generate(entropy));
            store.Save(state);
            log.Write("factory reset: new claim key");
            broker.Forget();
            RefuseOldRequests(client, now);
            registration.Restart(now);
            ShowState();
            if (client.State == XmppClientState.Online && roster.IsLoaded)
            {
                RemoveOldRosterItems(client, now);
                Tick(client, now);
            }
        }

        /// <summary>
        /// The device changed by itself (a sensor, a local switch): friends see the new state in the
        /// thing's presence, at most once per 5 s (a later change within that time goes out with
        /// <see cref="Tick"/> when the interval is over).
        /// </summary>
        /// <param name="client">The client.</param>
        /// <param name="now">The time in milliseconds.</param>
        public void DeviceChanged(XmppClient client, long now)
        {
            presencePacing.Changed();
            Tick(client, now);
        }

        /// <inheritdoc />
        public bool StanzaReceived(XmppClient client, XmlStanza stanza)
        {
            var now = client.Now;
            var root = stanza.Root;
            if (stanza.NameEquals(root, "presence"))
            {
                HandlePresence(client, stanza, now);
                return false;
            }

            if (stanza.NameEquals(root, "message"))
            {
                HandleMessage(client, stanza, now);
                return false;
            }

            if (roster.HandlePush(client, stanza, now))
            {
                rosterCleanup.RosterChanged();
                return true;
            }

            return friendCommands.HandleIq(client, stanza, now);
        }

        /// <inheritdoc />
        public void StanzaSkipped(XmppClient client, XmlStanza stanza, string reason)
        {
            var root = stanza.Root;
            var name = stanza.Name(root);
            log.Write("skipped " + (name == "iq" ? "an " : "a ") + name + " from " + LoggedJid.Of(stanza.Attribute(root, "from")) + ": " + reason);

            // A presence is all in its start tag (from, type): a subscription request with a huge
            // status is still a request, and is answered as one, its status cut off.
            if (stanza.NameEquals(root, "presence"))
            {
                HandlePresence(client, stanza, client.Now);
            }
        }

        /// <inheritdoc />
        public void StanzaRefused(XmppClient client, string reason)
        {
            // Logged at 1, 10, 100, ... refusals: a flood must not also flood the log.
            refusedOutput++;
            var mark = 1;
            while (mark < refusedOutput && mark < 1000000)
            {
                mark *= 10;
            }

            if (mark == refusedOutput)
            {
                log.Write("output refused (" + refusedOutput.ToString() + " so far): " + reason);
            }
        }

        /// <inheritdoc />
        public void IqAnswered(XmppClient client, int tag, XmlStanza response)
        {
            var now = client.Now;
            if (tag == RosterTag)
            {
                if (response != null && roster.HandleResult(response))
                {
                    if (rosterCleanup.Pending)
                    {
                        RemoveOldRosterItems(client, now);
                    }

                    ServiceWork(client, now);
                    Tick(client, now);
                }
                else if (client.State == XmppClientState.Online)
                {
                    roster.Request(client, RosterTag, now);
                }
            }
            else if (Registration.Owns(tag))
            {
                if (registration.Answered(tag, response, now))
                {
                    ShowState();
                }
            }
            else if (FriendshipBroker.Owns(tag))
            {
                string requestor;
                var verdict = broker.Answered(tag, response, now, out requestor);
                if (verdict == FriendshipVerdict.Friend || verdict == FriendshipVerdict.NotFriend)
                {
                    Decide(client, requestor, verdict == FriendshipVerdict.Friend, now);
                }

                if (verdict != FriendshipVerdict.Stale)
                {
                    ServiceWork(client, now);
                }
            }
            else if (RosterCleanup.Owns(tag))
            {
                rosterCleanup.RemovalAnswered();
            }
            else if (PendingRecheck.Owns(tag))
            {
                recheck.Ended(response != null);
                DropDeadRequests(client, now);
            }
        }

        private void HandlePresence(XmppClient client, XmlStanza stanza, long now)
        {
            var root = stanza.Root;
            var from = Jid.Parse(stanza.Attribute(root, "from"));
            if (from == null)
            {
                return;
            }

            var requestor = from.Bare;
            if (stanza.AttributeEquals(root, "type", "unsubscribe"))
            {
                if (requests.Withdraw(requestor))
                {
                    requests.SaveIfDue(now);
                    recheck.SlotFreed();
                    broker.Withdrawn(requestor);
                    ServiceWork(client, now);
                }

                return;
            }

            if (!stanza.AttributeEquals(root, "type", "subscribe"))
            {
                return;
            }

            recheck.Resent(requestor);
            if (broker.IsConfirmed(requestor))
            {
                // Delivered again: the server forgot it in between (ejabberd swallows withdrawals).
                recheck.DeliveredAgain();
            }

            var answer = requests.Subscribe(requestor);
            requests.SaveIfDue(now);
            if (answer == SubscriptionAnswer.Wait && !requests.RefusingOld)
            {
                recheck.TurnedAway();
                Tick(client, now);
            }

            if (answer == SubscriptionAnswer.Approve)
            {
                Stanzas.SendPresence(client, requestor, "subscribed", null, now);
            }
            else if (answer == SubscriptionAnswer.RefuseTooLong)
            {
                Stanzas.SendPresence(client, requestor, "unsubscribed", null, now);
            }
            else if (answer == SubscriptionAnswer.RefuseOld)
            {
                RefuseOldRequests(client, now);
            }
            else if (answer == SubscriptionAnswer.AskService)
            {
                broker.Requested(requestor);
                ServiceWork(client, now);
            }
        }

        /// <summary>Sends the service what it is owed, while the client can send an IQ and its output does not wait for the XEP-0198 window (what waits goes at a later tick).</summary>
        private void ServiceWork(XmppClient client, long now)
        {
            if (client == null || client.State != XmppClientState.Online)
            {
                return;
            }

            while (client.CanSendIq && client.WaitingStanzas == 0)
            {
                var tag = broker.NextRequest(now);
                if (tag < 0)
                {
                    return;
                }

                var w = client.BeginIq(FriendshipBroker.IqType(tag), configuration.ProvisioningJid, tag, 30000, now);
                broker.WriteRequest(w, tag);
                client.EndStanza(now);
            }
        }

        /// <summary>
        /// Makes the server re-send the subscription requests it holds, when <see cref="PendingRecheck"/>
        /// says so: an unavailable presence, the available one (now initial again), then an IQ whose
        /// answer comes after what the server re-sent.
        /// </summary>
        private void FetchHeldRequests(XmppClient client, long now)
        {
            if (requests.RefusingOld || !recheck.IsDue(requests.Pending, now) || !client.CanSendIq || client.WaitingStanzas > 0)
            {
                return;
            }

            Stanzas.SendPresence(client, null, "unavailable", null, now);
            Stanzas.SendPresence(client, null, null, device.Status(), now);
            var w = client.BeginIq("get", null, PendingRecheck.Tag, 30000, now);
            w.StartElement("query");
            w.Attribute("xmlns", XmppNamespaces.Roster);
            client.EndStanza(now);
            recheck.Started(state.PendingRequests, now);
        }

        /// <summary>Drops the kept requests the server did not re-send (the service is told, as of a withdrawal), then sends what is due.</summary>
        private void DropDeadRequests(XmppClient client, long now)
        {
            for (var jid = recheck.NextDead(); jid != null; jid = recheck.NextDead())
            {
                if (requests.Drop(jid))
                {
                    broker.Withdrawn(jid);
                }
            }

            requests.SaveIfDue(now);

            ServiceWork(client, now);
            Tick(client, now);
        }

        /// <summary>Refuses (<c>unsubscribed</c>) the requests kept from before a factory reset or a disowning, while the client takes them.</summary>
        private void RefuseOldRequests(XmppClient client, long now)
        {
            if (!requests.RefusingOld || client.State != XmppClientState.Online)
            {
                return;
            }

            for (var jid = requests.NextToRefuse(); jid != null; jid = requests.NextToRefuse())
            {
                if (!Stanzas.SendPresence(client, jid, "unsubscribed", null, now))
                {
                    // Refused by the client (its output is full): the rest at the next session.
                    break;
                }

                requests.Refused(jid);
            }

            requests.RefusalsEnded();
        }

        private void RemoveOldRosterItems(XmppClient client, long now)
        {
            for (var i = rosterCleanup.NextRemoval(0); i >= 0 && client.CanSendIq; i = rosterCleanup.NextRemoval(i + 1))
            {
                var w = client.BeginIq("set", null, RosterCleanup.TagOf(i), 30000, now);
                rosterCleanup.WriteRemoval(w, i);
                client.EndStanza(now);
                rosterCleanup.RemovalSent();
            }

            rosterCleanup.RosterChanged();
        }

        private void Decide(XmppClient client, string jid, bool friend, long now)
        {
            var answer = requests.Decide(jid, friend);
            recheck.SlotFreed();
            if (answer != null)
            {
                Stanzas.SendPresence(client, jid, answer, null, now);
            }
        }

        private void HandleMessage(XmppClient client, XmlStanza stanza, long now)
        {
            var root = stanza.Root;
            var from = stanza.Attribute(root, "from");
            if (HasSiotChild(stanza, root))
            {
                if (from == null || from != configuration.ProvisioningJid)
                {
                    // Only the configured service may speak for the service (ProtoXEP §10).
                    log.Write("spoofed siot message from " + (from ?? "(no sender)") + " ignored");
                    return;
                }

                HandleServiceMessage(client, stanza, now);
                return;
            }

            friendCommands.HandleChat(client, stanza, now);
        }

        private void HandleServiceMessage(XmppClient client, XmlStanza stanza, long now)
        {
            var root = stanza.Root;
            var owner = stanza.Child(root, "owner", SiotNamespaces.Siot);
            if (owner >= 0)
            {
                if (ownership.OwnerNamed(stanza.Attribute(owner, "jid")))
                {
                    // Disowned: the service forgets the requests itself, the old ones are refused
                    // and the old friends leave the roster, as after a factory reset.
                    broker.Forget();
                    RefuseOldRequests(client, now);
                    RemoveOldRosterItems(client, now);
                }

                ShowState();
            }

            var states = stanza.Child(root, "friendship-states", SiotNamespaces.Siot);
            if (states < 0)
            {
                return;
            }

            for (var item = stanza.FirstChild(states); item >= 0; item = stanza.NextSibling(item))
            {
                var jid = Jid.Parse(stanza.Attribute(item, "jid"));
                var verdict = FriendshipBroker.VerdictOf(stanza, item);
                if (jid != null && stanza.Is(item, "item", SiotNamespaces.Siot) && verdict != FriendshipVerdict.Undecided)
                {
                    Decide(client, jid.Bare, verdict == FriendshipVerdict.Friend, now);
                }
            }
        }

        private static bool HasSiotChild(XmlStanza stanza, int element)
        {
            for (var child = stanza.FirstChild(element); child >= 0; child = stanza.NextSibling(child))
            {
                if (stanza.NamespaceEquals(child, SiotNamespaces.Siot))
                {
                    return true;
                }
            }

            return false;
        }

        private void ShowState()
        {
            statusDisplay.Show(state, client != null && client.State == XmppClientState.Online);
        }
    }
}
