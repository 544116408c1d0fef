using System;
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
    /// </summary>
    public sealed class ThingAgent : IXmppClientHandler
    {
        private const int RosterTag = 1;
        // Each registration gets its own tag (300..349, in turn), so that the answer to one sent
        // before a factory reset is not taken for the answer to the one sent after it.
        private const int RegisterTagBase = 300;
        private const int RegisterTags = 50;
        private const int IsFriendTagBase = 100;
        private const int RosterRemoveTagBase = 200;

        // Registration is retried with its own backoff while online: 2 s up to 10 minutes.
        private const int RegisterRetryInitial = 2000;
        private const int RegisterRetryMaximum = 600000;

        // A sensor that flaps must not flood its friends: at most one presence push per 5 s.
        private const int MinimumPushInterval = 5000;

        // What a log line shows of an address someone else chose (XMPP allows 3071 bytes).
        private const int LoggedJidBytes = 100;

        private readonly ThingConfiguration configuration;
        private readonly ThingStateStore store;
        private readonly IDisplay display;
        private readonly IThingDevice device;
        private readonly IEntropySource entropy;
        private readonly ILog log;
        private readonly Roster roster = new Roster(64);
        private readonly ReconnectPolicy registerRetry;

        // The is-friend queries in flight: slot i asks about askedJids[i] with tag IsFriendTagBase + i.
        private readonly string[] askedJids = StringArrays.Create(ThingState.MaxPendingRequests);

        private ThingState state;
        private XmppClient client;
        private bool registering;

        private int registerTag = RegisterTagBase;
        private long nextRegisterAttempt;
        private int rosterRemovalsInFlight;
        private bool pushDue;
        private long lastPush = long.MinValue / 2;

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
            this.display = display;
            this.device = device;
            this.entropy = entropy;
            this.log = log;
            registerRetry = new ReconnectPolicy(RegisterRetryInitial, RegisterRetryMaximum, entropy);
            state = store.Load();
            if (state.ClaimKey == null)
            {
                // First start (or an unreadable store): a new key, kept until the next factory reset.
                state.FactoryReset(ClaimKey.Generate(entropy));
                store.Save(state);
                log.Write("new claim key generated");
            }

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
            get { return state.PendingRequests.Count; }
        }

        /// <summary>The roster as the agent knows it.</summary>
        public Roster Roster
        {
            get { return roster; }
        }

        /// <summary>The SCRAM secrets kept in the state, to hand to the client before it connects.</summary>
        public ScramSecrets StoredScramSecrets
        {
            get { return state.ScramSecretsBytes == null ? null : ScramSecrets.FromBytes(state.ScramSecretsBytes); }
        }

        /// <summary>A friend: the owner, or a contact subscribed to the thing's presence.</summary>
        /// <param name="jid">Any JID of the contact.</param>
        /// <returns>Whether it may use the device.</returns>
        public bool IsFriend(string jid)
        {
            var contact = Jid.Parse(jid);
            if (contact == null)
            {
                return false;
            }

            return contact.Bare == state.Owner || (contact.Bare != configuration.ProvisioningJid && roster.IsSubscribedToUs(contact.Bare));
        }

        /// <inheritdoc />
        public void SessionStarted(XmppClient client, bool resumed)
        {
            this.client = client;
            var now = client.Now;
            KeepScramSecrets(client);
            if (!resumed)
            {
                roster.Request(client, RosterTag, now);
                Stanzas.SendPresence(client, null, null, device.Status(), now);
            }

            registering = false;
            nextRegisterAttempt = now;
            registerRetry.Reset();
            ShowState();
            if (resumed)
            {
                SettlePendingRequests(now);
            }
        }

        /// <inheritdoc />
        public void SessionEnded(XmppClient client, string reason)
        {
            registering = false;
            rosterRemovalsInFlight = 0;
            for (var i = 0; i < askedJids.Length; i++)
            {
                askedJids[i] = null;
            }

            log.Write("offline: " + reason);
            ShowState();
        }

        /// <summary>
        /// Lets time pass: retries the registration when it is due. Call it with the client's ticks.
        /// </summary>
        /// <param name="client">The client.</param>
        /// <param name="now">The time in milliseconds.</param>
        public void Tick(XmppClient client, long now)
        {
            if (client.State != XmppClientState.Online)
            {
                return;
            }

            if (pushDue && now - lastPush >= MinimumPushInterval)
            {
                pushDue = false;
                lastPush = now;
                Stanzas.SendPresence(client, null, null, device.Status(), now);
            }

            if (!roster.IsLoaded)
            {
                return;
            }

            if (!state.Registered && !registering && now >= nextRegisterAttempt && client.CanSendIq)
            {
                SendRegistration(client, now);
            }
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
            registering = false;
            nextRegisterAttempt = now;
            registerRetry.Reset();
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
            pushDue = true;
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
                AfterRosterChange(client, now);
                return true;
            }

            return HandleIqRequest(client, stanza, now);
        }

        /// <inheritdoc />
        public void StanzaSkipped(XmppClient client, XmlStanza stanza, string reason)
        {
            var root = stanza.Root;
            log.Write("skipped a " + stanza.Name(root) + " from " + Utf8.Truncate(stanza.Attribute(root, "from"), LoggedJidBytes) + ": " + reason);

            // A presence is all in its start tag (from, type): a subscription request with a huge
            // status is still a request, and is answered as one, its status cut off.
            if (stanza.NameEquals(root, "presence"))
            {
                HandlePresence(client, stanza, client.Now);
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
                    AfterRosterLoaded(client, now);
                }
                else if (client.State == XmppClientState.Online)
                {
                    roster.Request(client, RosterTag, now);
                }

                return;
            }

            if (tag >= RegisterTagBase && tag < RegisterTagBase + RegisterTags)
            {
                if (tag == registerTag && registering)
                {
                    HandleRegistrationAnswer(response, now);
                }
                else
                {
                    // Sent before a factory reset: it says nothing about the current key.
                    log.Write("registration answer for an old key ignored");
                }

                return;
            }

            if (tag >= IsFriendTagBase && tag < IsFriendTagBase + askedJids.Length)
            {
                var jid = askedJids[tag - IsFriendTagBase];
                askedJids[tag - IsFriendTagBase] = null;
                if (jid != null && response != null)
                {
                    HandleIsFriendAnswer(client, jid, response, now);
                }

                return;
            }

            if (tag >= RosterRemoveTagBase)
            {
                rosterRemovalsInFlight--;
                AfterRosterChange(client, now);
            }
        }

        private void AfterRosterLoaded(XmppClient client, long now)
        {
            if (state.RosterCleanupPending)
            {
                RemoveOldRosterItems(client, now);
            }

            SettlePendingRequests(now);
            Tick(client, now);
        }

        private void AfterRosterChange(XmppClient client, long now)
        {
            if (!state.RosterCleanupPending || rosterRemovalsInFlight > 0)
            {
                return;
            }

            for (var i = 0; i < roster.Count; i++)
            {
                if (roster.ItemJid(i) != configuration.ProvisioningJid)
                {
                    return;
                }
            }

            state.RosterCleanupPending = false;
            store.Save(state);
            log.Write("factory reset: old friends removed");
        }

        private void RemoveOldRosterItems(XmppClient client, long now)
        {
            // Removing an item makes the server cancel both subscriptions (RFC 6121 §2.5.2).
            for (var i = 0; i < roster.Count && client.CanSendIq; i++)
            {
                var jid = roster.ItemJid(i);
                if (jid == configuration.ProvisioningJid)
                {
                    continue;
                }

                var w = client.BeginIq("set", null, RosterRemoveTagBase + i, 30000, now);
                w.StartElement("query");
                w.Attribute("xmlns", XmppNamespaces.Roster);
                w.StartElement("item");
                w.Attribute("jid", jid);
                w.Attribute("subscription", "remove");
                client.EndStanza(now);
                rosterRemovalsInFlight++;
            }

            AfterRosterChange(client, now);
        }

        private void SendRegistration(XmppClient client, long now)
        {
            registerTag = RegisterTagBase + ((registerTag - RegisterTagBase + 1) % RegisterTags);
            var w = client.BeginIq("set", configuration.ProvisioningJid, registerTag, 30000, now);
            w.StartElement("register");
            w.Attribute("xmlns", SiotNamespaces.Siot);
            w.Attribute("key", state.ClaimKey);
            for (var i = 0; i < configuration.Names.Length; i++)
            {
                w.StartElement("name");
                if (configuration.Languages[i].Length > 0)
                {
                    w.Attribute("xml:lang", configuration.Languages[i]);
                }

                w.Text(configuration.Names[i]);
                w.EndElement();
            }

            client.EndStanza(now);
            registering = true;
            log.Write("registering with " + configuration.ProvisioningJid);
        }

        private void HandleRegistrationAnswer(XmlStanza response, long now)
        {
            registering = false;
            if (response != null && response.AttributeEquals(response.Root, "type", "result"))
            {
                // A key is claimed only after it was registered, so nobody owns this one yet: an
                // owner message that was on its way before a factory reset is stale (the service
                // sends in order, so it came before this result).
                if (state.Owner != null)
                {
                    log.Write("owner " + state.Owner + " forgotten: the new key is not claimed yet");
                    state.Owner = null;
                }

                state.Registered = true;
                store.Save(state);
                registerRetry.Reset();
                log.Write("registered");
                ShowState();
                return;
            }

            if (response != null && StanzaErrorIs(response, "conflict"))
            {
                // Another thing has this key (astronomically unlikely, or a copied store): draw a new one.
                state.ClaimKey = ClaimKey.Generate(entropy);
                store.Save(state);
                log.Write("registration: key conflict, new key drawn");
                nextRegisterAttempt = now;
                ShowState();
                return;
            }

            var delay = registerRetry.NextDelay();
            nextRegisterAttempt = now + delay;
            log.Write("registration failed (" + (response == null ? "no answer" : "error") + "), retry in " + (delay / 1000) + " s");
        }

        private void HandlePresence(XmppClient client, XmlStanza stanza, long now)
        {
            var root = stanza.Root;
            var from = Jid.Parse(stanza.Attribute(root, "from"));
            if (from == null || !stanza.AttributeEquals(root, "type", "subscribe"))
            {
                return;
            }

            var requestor = from.Bare;
            if (requestor == configuration.ProvisioningJid || requestor == state.Owner || roster.IsSubscribedToUs(requestor))
            {
                // The service must always be approved (ProtoXEP §4); the owner and friends are friends.
                Stanzas.SendPresence(client, requestor, "subscribed", null, now);
                return;
            }

            if (!state.PendingRequests.Contains(requestor))
            {
                if (!state.PendingRequests.Add(requestor))
                {
                    // At the cap: no answer. The server keeps the request and delivers it again at
                    // our next login (RFC 6121 §3.1.3), so it is delayed, not lost.
                    log.Write("pending requests full, " + requestor + " waits");
                    return;
                }

                store.Save(state);
            }

            AskIsFriend(client, requestor, now);
        }

        private void SettlePendingRequests(long now)
        {
            if (client == null || client.State != XmppClientState.Online)
            {
                return;
            }

            for (var i = 0; i < state.PendingRequests.Count; i++)
            {
                AskIsFriend(client, state.PendingRequests[i], now);
            }
        }

        private void AskIsFriend(XmppClient client, string requestor, long now)
        {
            var slot = -1;
            for (var i = 0; i < askedJids.Length; i++)
            {
                if (askedJids[i] == requestor)
                {
                    return;
                }

                if (slot < 0 && askedJids[i] == null)
                {
                    slot = i;
                }
            }

            if (slot < 0 || !client.CanSendIq)
            {
                // Asked again when the session restarts or the request comes again.
                return;
            }

            askedJids[slot] = requestor;
            var w = client.BeginIq("get", configuration.ProvisioningJid, IsFriendTagBase + slot, 30000, now);
            w.StartElement("is-friend-query");
            w.Attribute("xmlns", SiotNamespaces.Siot);
            w.Attribute("jid", requestor);
            client.EndStanza(now);
        }

        private void HandleIsFriendAnswer(XmppClient client, string requestor, XmlStanza response, long now)
        {
            var result = response.Child(response.Root, "is-friend-result", SiotNamespaces.Siot);
            if (result < 0)
            {
                log.Write("is-friend-query about " + requestor + " not answered with a result; it stays pending");
                return;
            }

            if (response.AttributeEquals(result, "friend", "yes"))
            {
                Decide(client, requestor, true, now);
            }
            else if (response.AttributeEquals(result, "friend", "no"))
            {
                Decide(client, requestor, false, now);
            }
        }

        private void Decide(XmppClient client, string jid, bool friend, long now)
        {
            var wasPending = state.PendingRequests.Remove(jid);
            if (wasPending)
            {
                store.Save(state);
            }

            if (friend)
            {
                if (wasPending)
                {
                    Stanzas.SendPresence(client, jid, "subscribed", null, now);
                    log.Write("friend approved: " + jid);
                }

                return;
            }

            if (wasPending || roster.IsSubscribedToUs(jid))
            {
                // Refuses a request, or revokes an existing friendship (RFC 6121 §3.2.1).
                Stanzas.SendPresence(client, jid, "unsubscribed", null, now);
                log.Write((wasPending ? "friend refused: " : "friendship revoked: ") + jid);
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

            var body = stanza.Child(root, "body", XmppNamespaces.Client);
            if (body < 0 || stanza.AttributeEquals(root, "type", "error") || !IsFriend(from))
            {
                // A non-friend's command does nothing and gets no answer.
                return;
            }

            var command = stanza.Text(body).Trim().ToLower();
            var reply = command == "help" ? HelpText() : device.Execute(command);
            if (reply == null)
            {
                reply = "unknown command \"" + command + "\"; " + HelpText();
            }
            else if (command != "status" && command != "help")
            {
                Stanzas.SendPresence(client, null, null, device.Status(), now);
            }

            Stanzas.SendMessage(client, from, "chat", reply, now);
        }

        private void HandleServiceMessage(XmppClient client, XmlStanza stanza, long now)
        {
            var root = stanza.Root;
            var owner = stanza.Child(root, "owner", SiotNamespaces.Siot);
            if (owner >= 0)
            {
                var jid = Jid.Parse(stanza.Attribute(owner, "jid"));
                if (jid == null && state.Owner == null)
                {
                    // The service delivers at least once: a second disown (or one for an owner this
                    // thing never learnt) finds nothing to drop, and the requests kept since for
                    // the next owner stay.
                    log.Write("disown ignored: no owner");
                }
                else if (jid == null)
                {
                    // <owner/> without a JID: the owner gave the thing up; the key stays.
                    state.Disown();
                    store.Save(state);
                    log.Write("disowned");
                    RemoveOldRosterItems(client, now);
                }
                else if (!ThingState.IsStorableJid(jid.Bare))
                {
                    // The service refuses such claims; an owner the thing cannot keep across a reboot is refused too.
                    log.Write("owner " + jid.Bare + " ignored: its JID is too long to store");
                }
                else if (jid.Bare == state.Owner)
                {
                    // A duplicate (at-least-once delivery): nothing changes, nothing is written to the flash.
                    log.Write("owner " + jid.Bare + " again");
                }
                else
                {
                    state.Owner = jid.Bare;
                    store.Save(state);
                    log.Write("owned by " + jid.Bare);
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
                if (jid == null || !stanza.Is(item, "item", SiotNamespaces.Siot))
                {
                    continue;
                }

                if (stanza.AttributeEquals(item, "friend", "yes"))
                {
                    Decide(client, jid.Bare, true, now);
                }
                else if (stanza.AttributeEquals(item, "friend", "no"))
                {
                    Decide(client, jid.Bare, false, now);
                }
            }
        }

        private bool HandleIqRequest(XmppClient client, XmlStanza stanza, long now)
        {
            var root = stanza.Root;
            var query = stanza.FirstChild(root);
            if (query < 0)
            {
                return false;
            }

            if (stanza.AttributeEquals(root, "type", "get") && stanza.Is(query, "query", SiotNamespaces.DiscoInfo) && stanza.Attribute(query, "node") != null)
            {
                AnswerNodeInfo(client, stanza, query, now);
                return true;
            }

            if (stanza.AttributeEquals(root, "type", "get") && stanza.Is(query, "query", SiotNamespaces.DiscoInfo))
            {
                var w = client.BeginIqResult(stanza);
                w.StartElement("query");
                w.Attribute("xmlns", SiotNamespaces.DiscoInfo);
                w.StartElement("identity");
                w.Attribute("category", "client");
                w.Attribute("type", "bot");
                w.Attribute("name", configuration.DefaultName);
                w.EndElement();
                WriteFeature(w, SiotNamespaces.DiscoInfo);
                WriteFeature(w, SiotNamespaces.DiscoItems);
                WriteFeature(w, SiotNamespaces.Commands);
                WriteFeature(w, XmppNamespaces.Ping);
                WriteFeature(w, SiotNamespaces.Siot);
                client.EndStanza(now);
                return true;
            }

            if (stanza.AttributeEquals(root, "type", "get") && stanza.Is(query, "query", SiotNamespaces.DiscoItems))
            {
                var w = client.BeginIqResult(stanza);
                w.StartElement("query");
                w.Attribute("xmlns", SiotNamespaces.DiscoItems);
                if (stanza.AttributeEquals(query, "node", SiotNamespaces.Commands))
                {
                    w.Attribute("node", SiotNamespaces.Commands);
                    var commands = device.Commands;
                    for (var i = 0; i < commands.Length; i++)
                    {
                        w.StartElement("item");
                        w.Attribute("jid", client.BoundJid);
                        w.Attribute("node", commands[i]);
                        w.Attribute("name", commands[i]);
                        w.EndElement();
                    }
                }

                client.EndStanza(now);
                return true;
            }

            if (stanza.AttributeEquals(root, "type", "set") && stanza.Is(query, "command", SiotNamespaces.Commands))
            {
                ExecuteAdHocCommand(client, stanza, query, now);
                return true;
            }

            return false;
        }

        private void AnswerNodeInfo(XmppClient client, XmlStanza stanza, int query, long now)
        {
            // XEP-0030 §3.2 / XEP-0050 §2.3: the command list and each command are nodes; any other node does not exist.
            var node = stanza.Attribute(query, "node");
            string category = null;
            if (node == SiotNamespaces.Commands)
            {
                category = "command-list";
            }
            else
            {
                var commands = device.Commands;
                for (var i = 0; i < commands.Length; i++)
                {
                    if (commands[i] == node)
                    {
                        category = "command-node";
                    }
                }
            }

            if (category == null)
            {
                client.SendError(stanza, "cancel", "item-not-found", now);
                return;
            }

            var w = client.BeginIqResult(stanza);
            w.StartElement("query");
            w.Attribute("xmlns", SiotNamespaces.DiscoInfo);
            w.Attribute("node", node);
            w.StartElement("identity");
            w.Attribute("category", "automation");
            w.Attribute("type", category);
            w.Attribute("name", category == "command-list" ? "Commands" : node);
            w.EndElement();
            if (category == "command-node")
            {
                WriteFeature(w, SiotNamespaces.Commands);
            }

            client.EndStanza(now);
        }

        private void ExecuteAdHocCommand(XmppClient client, XmlStanza stanza, int command, long now)
        {
            if (!IsFriend(stanza.Attribute(stanza.Root, "from")))
            {
                client.SendError(stanza, "auth", "forbidden", now);
                return;
            }

            var node = stanza.Attribute(command, "node");
            if (stanza.AttributeEquals(command, "action", "cancel"))
            {
                WriteCommandResult(client, stanza, node, "canceled", null, now);
                return;
            }

            var result = node == null ? null : device.Execute(node);
            if (result == null)
            {
                client.SendError(stanza, "cancel", "item-not-found", now);
                return;
            }

            WriteCommandResult(client, stanza, node, "completed", result, now);
            if (node != "status" && node != "read")
            {
                Stanzas.SendPresence(client, null, null, device.Status(), now);
            }
        }

        private void WriteCommandResult(XmppClient client, XmlStanza stanza, string node, string status, string note, long now)
        {
            var w = client.BeginIqResult(stanza);
            w.StartElement("command");
            w.Attribute("xmlns", SiotNamespaces.Commands);
            w.Attribute("node", node);
            w.Attribute("sessionid", node + "-" + now.ToString());
            w.Attribute("status", status);
            if (note != null)
            {
                w.StartElement("note");
                w.Attribute("type", "info");
                w.Text(note);
            }

            client.EndStanza(now);
        }

        private static void WriteFeature(XmlWriter w, string feature)
        {
            w.StartElement("feature");
            w.Attribute("var", feature);
            w.EndElement();
        }

        private string HelpText()
        {
            var text = "commands:";
            var commands = device.Commands;
            for (var i = 0; i < commands.Length; i++)
            {
                text += " " + commands[i];
            }

            return text + " help";
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

        private static bool StanzaErrorIs(XmlStanza response, string condition)
        {
            var error = response.Child(response.Root, "error", XmppNamespaces.Client);
            return error >= 0 && response.Child(error, condition, XmppNamespaces.Stanzas) >= 0;
        }

        private void KeepScramSecrets(XmppClient client)
        {
            var secrets = client.ScramSecrets;
            if (secrets == null)
            {
                return;
            }

            var bytes = secrets.ToBytes();
            if (state.ScramSecretsBytes != null && SameBytes(state.ScramSecretsBytes, bytes))
            {
                return;
            }

            state.ScramSecretsBytes = bytes;
            store.Save(state);
        }

        private static bool SameBytes(byte[] first, byte[] second)
        {
            if (first.Length != second.Length)
            {
                return false;
            }

            for (var i = 0; i < first.Length; i++)
            {
                if (first[i] != second[i])
                {
                    return false;
                }
            }

            return true;
        }

        private void ShowState()
        {
            string status;
            if (state.Owner != null)
            {
                status = "owned by " + state.Owner;
            }
            else if (client == null || client.State != XmppClientState.Online)
            {
                status = "unclaimed, offline";
            }
            else
            {
                status = state.Registered ? "unclaimed" : "unclaimed, registering";
            }

            // The key is shown only while the thing is unclaimed (docs/protocol-notes.md).
            display.Show(configuration.DefaultName, state.Owner == null ? state.ClaimKey : null, status);
        }
    }
}
