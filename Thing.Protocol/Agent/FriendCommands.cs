using SiotThing.Protocol.Ports;
using SiotThing.Protocol.Siot;
using SiotThing.Protocol.Storage;
using SiotThing.Protocol.Xml;
using SiotThing.Protocol.Xmpp;

namespace SiotThing.Protocol.Agent
{
    /// <summary>
    /// Serving friends: who may use the device (the owner, or a contact subscribed to the thing's
    /// presence, never the service), chat commands, ad-hoc commands (XEP-0050) and service
    /// discovery (XEP-0030), and the presence push after a command that changed the device.
    /// It decides the answers; it does not decide who becomes a friend (the owner does, through the
    /// service), nor keep the roster (it reads it), nor pace presence pushes the device causes by itself.
    /// </summary>
    public sealed class FriendCommands
    {
        private readonly ThingConfiguration configuration;
        private readonly ThingState state;
        private readonly Roster roster;
        private readonly IThingDevice device;

        /// <summary>Creates the server of friends' requests.</summary>
        /// <param name="configuration">The provisioning service and the names.</param>
        /// <param name="state">The thing's state (its owner).</param>
        /// <param name="roster">The roster (who is subscribed to the thing's presence).</param>
        /// <param name="device">The bulb or the sensor.</param>
        public FriendCommands(ThingConfiguration configuration, ThingState state, Roster roster, IThingDevice device)
        {
            this.configuration = configuration;
            this.state = state;
            this.roster = roster;
            this.device = device;
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

        /// <summary>A chat message that is not the service's: a friend's command, answered in chat.</summary>
        /// <param name="client">The client to answer through.</param>
        /// <param name="stanza">The message.</param>
        /// <param name="now">The time in milliseconds.</param>
        public void HandleChat(XmppClient client, XmlStanza stanza, long now)
        {
            var root = stanza.Root;
            var from = stanza.Attribute(root, "from");
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

        /// <summary>Answers a friend's (or anyone's) IQ request this type serves: disco info and items, ad-hoc commands.</summary>
        /// <param name="client">The client to answer through.</param>
        /// <param name="stanza">The IQ request.</param>
        /// <param name="now">The time in milliseconds.</param>
        /// <returns>Whether it was answered here.</returns>
        public bool HandleIq(XmppClient client, XmlStanza stanza, long now)
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
    }
}
