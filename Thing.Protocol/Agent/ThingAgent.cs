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
    /// It coordinates: it routes stanzas, answers and time to its collaborators (<see cref="Registration"/>,
    /// <see cref="FriendCommands"/>, <see cref="StatusDisplay"/>, <see cref="ScramSecretsKeeper"/>) and
    /// itself still decides the friendship work with the service (is-friend queries, confirmations,
    /// withdrawals, the service's retry, refusing old requests), the roster's clean-up after a
    /// factory reset and the pacing of presence pushes.
    /// </summary>
    public sealed class ThingAgent : IXmppClientHandler
    {
        private const int RosterTag = 1;
        private const int IsFriendTagBase = 100;
        private const int RosterRemoveTagBase = 200;
        private const int WithdrawTagBase = 400;
        private const int WithdrawalSlots = 2 * ThingState.MaxPendingRequests;

        // Is-friend queries in flight at most: the client's other IQ slots stay free for
        // withdrawals, registration and the roster, however slowly the service answers.
        private const int MaxQueriesInFlight = ThingState.MaxPendingRequests / 2;

        // The service not answering (down, or the server not reaching it): its queries are asked
        // again after 5 s, doubling up to 10 minutes, until it answers.
        private const int ServiceRetryInitial = 5000;
        private const int ServiceRetryMaximum = 600000;

        // A sensor that flaps must not flood its friends: at most one presence push per 5 s.
        private const int MinimumPushInterval = 5000;

        // What a log line shows of an address someone else chose (XMPP allows 3071 bytes).
        private const int LoggedJidBytes = 100;

        private readonly ThingConfiguration configuration;
        private readonly ThingStateStore store;
        private readonly StatusDisplay statusDisplay;
        private readonly IThingDevice device;
        private readonly IEntropySource entropy;
        private readonly ILog log;
        private readonly Roster roster = new Roster(64);
        private readonly Registration registration;
        private readonly FriendCommands friendCommands;

        // The is-friend queries in flight: slot i asks about askedJids[i] with tag IsFriendTagBase + i.
        private readonly string[] askedJids = StringArrays.Create(ThingState.MaxPendingRequests);

        // The pending requests the service answered "pending" in this session: it has them, and
        // its decision will come in a friendship-states message. The others are asked (again).
        private readonly string[] confirmedJids = StringArrays.Create(ThingState.MaxPendingRequests);

        // Requests their requestors withdrew (unsubscribe before a decision), still to be told to
        // the service so that it drops them too; slot i is sent with tag WithdrawTagBase + i. Kept
        // in memory only: after a reboot the service keeps such a request until the owner decides it.
        // Twice the pending list: a JID withdrawn, asked again and withdrawn again is one slot, and
        // a flood of more requestors than the list holds still finds room while the service is slow.
        private readonly string[] withdrawnJids = StringArrays.Create(WithdrawalSlots);
        private readonly bool[] withdrawing = new bool[WithdrawalSlots];

        private readonly ReconnectPolicy serviceRetry;
        private long serviceRetryAt;
        private int refusedOutput;

        private readonly ThingState state;
        private readonly ScramSecretsKeeper scramSecrets;
        private XmppClient client;

        private int rosterRemovalsInFlight;
        private bool pushDue;
        private long lastPush = long.MinValue / 2;

        // A request was turned away at the cap in this session since the last one was kept: at a
        // login the server delivers every request it holds at once, and only the first is logged.
        private bool pendingFullLogged;

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
            serviceRetry = new ReconnectPolicy(ServiceRetryInitial, ServiceRetryMaximum, entropy);
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
            friendCommands = new FriendCommands(configuration, state, roster, device);

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
            get { return state.RefusePendingRequests ? 0 : state.PendingRequests.Count; }
        }

        /// <summary>How many requests from before a factory reset (or a disowning) are still to be refused.</summary>
        public int RequestsToRefuse
        {
            get { return state.RefusePendingRequests ? state.PendingRequests.Count : 0; }
        }

        /// <summary>How many withdrawn requests the service has not yet been told of.</summary>
        public int WithdrawalsToTell
        {
            get
            {
                var count = 0;
                for (var i = 0; i < withdrawnJids.Length; i++)
                {
                    if (withdrawnJids[i] != null)
                    {
                        count++;
                    }
                }

                return count;
            }
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
            pendingFullLogged = false;

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
            serviceRetry.Reset();
            serviceRetryAt = 0;
            ShowState();
            if (resumed)
            {
                SettlePendingRequests(now);
            }
        }

        /// <inheritdoc />
        public void SessionEnded(XmppClient client, string reason)
        {
            registration.Stop();
            rosterRemovalsInFlight = 0;
            for (var i = 0; i < askedJids.Length; i++)
            {
                // Answers that come after a resumption are ignored; the next session asks again.
                askedJids[i] = null;
                confirmedJids[i] = null;
            }

            for (var i = 0; i < withdrawing.Length; i++)
            {
                withdrawing[i] = false;
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

            // Queries the service did not answer, or that waited for room in the output, go now
            // when their time has come.
            ServiceWork(client, now);
            if (!roster.IsLoaded)
            {
                return;
            }

            if (registration.IsDue(now) && client.CanSendIq)
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
            ForgetServiceWork();
            if (client.State == XmppClientState.Online)
            {
                RefuseOldRequests(client, now);
            }

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

            return friendCommands.HandleIq(client, stanza, now);
        }

        /// <inheritdoc />
        public void StanzaSkipped(XmppClient client, XmlStanza stanza, string reason)
        {
            var root = stanza.Root;
            var name = stanza.Name(root);
            log.Write("skipped " + (name == "iq" ? "an " : "a ") + name + " from " + Utf8.Truncate(stanza.Attribute(root, "from"), LoggedJidBytes) + ": " + reason);

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
                    AfterRosterLoaded(client, now);
                }
                else if (client.State == XmppClientState.Online)
                {
                    roster.Request(client, RosterTag, now);
                }

                return;
            }

            if (Registration.Owns(tag))
            {
                if (registration.Answered(tag, response, now))
                {
                    ShowState();
                }

                return;
            }

            if (tag >= IsFriendTagBase && tag < IsFriendTagBase + askedJids.Length)
            {
                var jid = askedJids[tag - IsFriendTagBase];
                askedJids[tag - IsFriendTagBase] = null;
                if (jid != null)
                {
                    HandleIsFriendAnswer(client, jid, response, now);
                    ServiceWork(client, now);
                }

                return;
            }

            if (tag >= WithdrawTagBase && tag < WithdrawTagBase + withdrawnJids.Length)
            {
                var slot = tag - WithdrawTagBase;
                if (withdrawing[slot])
                {
                    withdrawing[slot] = false;
                    if (response != null && response.AttributeEquals(response.Root, "type", "result"))
                    {
                        ServiceAnswered();
                        withdrawnJids[slot] = null;
                    }
                    else
                    {
                        ServiceFailed(response, "withdrawal of " + withdrawnJids[slot], now);
                    }

                    ServiceWork(client, now);
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
            var w = client.BeginIq("set", configuration.ProvisioningJid, registration.NextTag(), 30000, now);
            registration.WriteRequest(w);
            client.EndStanza(now);
            registration.Sent();
        }

        private void HandlePresence(XmppClient client, XmlStanza stanza, long now)
        {
            var root = stanza.Root;
            var from = Jid.Parse(stanza.Attribute(root, "from"));
            if (from == null)
            {
                return;
            }

            if (stanza.AttributeEquals(root, "type", "unsubscribe"))
            {
                Withdrawn(client, from.Bare, now);
                return;
            }

            if (!stanza.AttributeEquals(root, "type", "subscribe"))
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

            if (state.RefusePendingRequests)
            {
                if (state.PendingRequests.Contains(requestor))
                {
                    // From before a reset: refused, as all of them are at the session's start.
                    RefuseOldRequests(client, now);
                }
                else
                {
                    // Not kept until the old ones are refused; the server delivers it again.
                    log.Write("requests from before a reset are still to be refused, " + Utf8.Truncate(requestor, LoggedJidBytes) + " waits");
                }

                return;
            }

            if (!state.PendingRequests.Contains(requestor))
            {
                if (!state.PendingRequests.Add(requestor))
                {
                    // At the cap: no answer. The server keeps the request and delivers it again at
                    // our next login (RFC 6121 §3.1.3), so it is delayed, not lost.
                    if (!pendingFullLogged)
                    {
                        pendingFullLogged = true;
                        log.Write("pending requests full, " + requestor + " waits (and later ones too, logged again once there is room)");
                    }

                    return;
                }

                pendingFullLogged = false;
                store.Save(state);
            }

            // Asked (again) even when the service has it: a repeated request is the requestor's
            // way to have it looked at again. A withdrawal of it not yet told is not told now:
            // the service still has the request, and the query only confirms it.
            Remove(confirmedJids, requestor);
            var withdrawn = IndexOf(withdrawnJids, requestor);
            if (withdrawn >= 0 && !withdrawing[withdrawn])
            {
                withdrawnJids[withdrawn] = null;
            }

            ServiceWork(client, now);
        }

        /// <summary>
        /// A requestor withdrew its subscription request (<c>unsubscribe</c>) before the owner
        /// decided it: it leaves the pending list, here at once and at the service through a
        /// <c>&lt;friend-request-withdrawn/&gt;</c> (docs/protocol-notes.md).
        /// </summary>
        private void Withdrawn(XmppClient client, string requestor, long now)
        {
            if (state.RefusePendingRequests || requestor == configuration.ProvisioningJid || !state.PendingRequests.Remove(requestor))
            {
                return;
            }

            store.Save(state);
            Remove(confirmedJids, requestor);
            log.Write("request withdrawn: " + Utf8.Truncate(requestor, LoggedJidBytes));
            if (IndexOf(withdrawnJids, requestor) < 0)
            {
                var slot = IndexOf(withdrawnJids, null);
                if (slot < 0)
                {
                    // 32 withdrawals the service has not taken yet: the oldest goes untold
                    // (the owner may still see it pending; deciding it changes nothing here).
                    slot = OldestIdleWithdrawal();
                    if (slot < 0)
                    {
                        log.Write("withdrawal of " + Utf8.Truncate(requestor, LoggedJidBytes) + " not told to the service: too many untold");
                        return;
                    }

                    log.Write("withdrawal of " + Utf8.Truncate(withdrawnJids[slot], LoggedJidBytes) + " not told to the service: too many untold");
                }

                withdrawnJids[slot] = requestor;
            }

            ServiceWork(client, now);
        }

        private int OldestIdleWithdrawal()
        {
            for (var i = 0; i < withdrawnJids.Length; i++)
            {
                if (!withdrawing[i])
                {
                    return i;
                }
            }

            return -1;
        }

        private void SettlePendingRequests(long now)
        {
            if (client == null || client.State != XmppClientState.Online)
            {
                return;
            }

            ServiceWork(client, now);
        }

        /// <summary>
        /// Sends the service what it is owed, when it can go now: the withdrawals not yet told,
        /// then an is-friend-query for every kept request it has not confirmed. Each JID has at
        /// most one of them in flight, so the service gets them in the order they happened. Not
        /// while the service's backoff runs, and not while the client's output waits for the
        /// XEP-0198 window (these can wait; the next tick tries again).
        /// </summary>
        private void ServiceWork(XmppClient client, long now)
        {
            if (client == null || client.State != XmppClientState.Online || now < serviceRetryAt || client.WaitingStanzas > 0)
            {
                return;
            }

            for (var i = 0; i < withdrawnJids.Length && client.CanSendIq && client.WaitingStanzas == 0; i++)
            {
                var jid = withdrawnJids[i];
                if (jid == null || withdrawing[i] || IndexOf(askedJids, jid) >= 0)
                {
                    continue;
                }

                withdrawing[i] = true;
                AskService(client, "set", "friend-request-withdrawn", WithdrawTagBase + i, jid, now);
            }

            if (state.RefusePendingRequests)
            {
                return;
            }

            for (var i = 0; i < state.PendingRequests.Count && client.CanSendIq && client.WaitingStanzas == 0; i++)
            {
                var jid = state.PendingRequests[i];
                if (IndexOf(confirmedJids, jid) < 0 && IndexOf(withdrawnJids, jid) < 0)
                {
                    AskIsFriend(client, jid, now);
                }
            }
        }

        private void AskIsFriend(XmppClient client, string requestor, long now)
        {
            if (IndexOf(askedJids, requestor) >= 0)
            {
                return;
            }

            var slot = IndexOf(askedJids, null);
            if (slot < 0 || !client.CanSendIq || QueriesInFlight() >= MaxQueriesInFlight)
            {
                // Asked by a later ServiceWork, when a slot is free.
                return;
            }

            askedJids[slot] = requestor;
            AskService(client, "get", "is-friend-query", IsFriendTagBase + slot, requestor, now);
        }

        /// <summary>Sends the service an IQ of one empty siot element about <paramref name="jid"/>.</summary>
        private void AskService(XmppClient client, string type, string element, int tag, string jid, long now)
        {
            var w = client.BeginIq(type, configuration.ProvisioningJid, tag, 30000, now);
            w.StartElement(element);
            w.Attribute("xmlns", SiotNamespaces.Siot);
            w.Attribute("jid", jid);
            client.EndStanza(now);
        }

        private void HandleIsFriendAnswer(XmppClient client, string requestor, XmlStanza response, long now)
        {
            var result = response == null || !response.AttributeEquals(response.Root, "type", "result")
                ? -1 : response.Child(response.Root, "is-friend-result", SiotNamespaces.Siot);
            if (result < 0)
            {
                ServiceFailed(response, "is-friend-query about " + requestor, now);
                return;
            }

            ServiceAnswered();
            if (!state.PendingRequests.Contains(requestor) || state.RefusePendingRequests)
            {
                // Withdrawn (or reset) while the query was on its way: nothing to decide.
                return;
            }

            if (response.AttributeEquals(result, "friend", "pending"))
            {
                var slot = IndexOf(confirmedJids, null);
                if (slot >= 0 && IndexOf(confirmedJids, requestor) < 0)
                {
                    confirmedJids[slot] = requestor;
                }
            }
            else if (response.AttributeEquals(result, "friend", "yes"))
            {
                Decide(client, requestor, true, now);
            }
            else if (response.AttributeEquals(result, "friend", "no"))
            {
                Decide(client, requestor, false, now);
            }
        }

        /// <summary>The service answered: its queries go at once again.</summary>
        private void ServiceAnswered()
        {
            serviceRetry.Reset();
            serviceRetryAt = 0;
        }

        /// <summary>
        /// A query to the service was not answered (an error, or no answer in time): the requests
        /// stay as they are, and what the service is owed is asked again after a backoff, not only
        /// after the next reconnect. One backoff for all: the failures of one outage count once.
        /// </summary>
        private void ServiceFailed(XmlStanza response, string what, long now)
        {
            if (serviceRetryAt > now)
            {
                return;
            }

            var delay = serviceRetry.NextDelay();
            serviceRetryAt = now + delay;
            log.Write(what + " not answered (" + (response == null ? "no answer" : "error") + "); the service is asked again in " + (delay / 1000).ToString() + " s");
        }

        /// <summary>
        /// Refuses (<c>unsubscribed</c>) the requests kept from before a factory reset or a
        /// disowning, so that the server forgets them instead of delivering them again as new.
        /// </summary>
        private void RefuseOldRequests(XmppClient client, long now)
        {
            if (!state.RefusePendingRequests || client.State != XmppClientState.Online)
            {
                return;
            }

            while (state.PendingRequests.Count > 0)
            {
                var jid = state.PendingRequests[0];
                if (!Stanzas.SendPresence(client, jid, "unsubscribed", null, now))
                {
                    // Refused by the client (its output is full): the rest at the next session.
                    break;
                }

                state.PendingRequests.Remove(jid);
                log.Write("request refused (from before the reset): " + Utf8.Truncate(jid, LoggedJidBytes));
            }

            if (state.PendingRequests.Count == 0)
            {
                state.RefusePendingRequests = false;
            }

            store.Save(state);
        }

        /// <summary>Forgets what the service was to be told or asked: after a reset or disowning it forgets the requests itself.</summary>
        private void ForgetServiceWork()
        {
            for (var i = 0; i < confirmedJids.Length; i++)
            {
                confirmedJids[i] = null;
            }

            for (var i = 0; i < withdrawnJids.Length; i++)
            {
                if (!withdrawing[i])
                {
                    withdrawnJids[i] = null;
                }
            }
        }

        private int QueriesInFlight()
        {
            var count = 0;
            for (var i = 0; i < askedJids.Length; i++)
            {
                if (askedJids[i] != null)
                {
                    count++;
                }
            }

            return count;
        }

        private static int IndexOf(string[] jids, string jid)
        {
            for (var i = 0; i < jids.Length; i++)
            {
                if (jids[i] == jid)
                {
                    return i;
                }
            }

            return -1;
        }

        private static void Remove(string[] jids, string jid)
        {
            var slot = IndexOf(jids, jid);
            if (slot >= 0)
            {
                jids[slot] = null;
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

            friendCommands.HandleChat(client, stanza, now);
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
                    ForgetServiceWork();
                    RefuseOldRequests(client, now);
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
