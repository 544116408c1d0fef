namespace SiotThing.Protocol.Xmpp
{
    /// <summary>
    /// The everyday stanzas (RFC 6121): presence, including the subscription primitives
    /// (subscribe, subscribed, unsubscribe, unsubscribed), and messages.
    /// </summary>
    public static class Stanzas
    {
        /// <summary>Sends a presence.</summary>
        /// <param name="client">An online client.</param>
        /// <param name="to">The recipient; <c>null</c> broadcasts to whoever is subscribed to us.</param>
        /// <param name="type">
        /// <c>null</c> for available; or unavailable, subscribe, subscribed, unsubscribe,
        /// unsubscribed (the subscription primitives take a bare JID as <paramref name="to"/>).
        /// </param>
        /// <param name="status">Human-readable status text (e.g. the bulb's state), or <c>null</c>.</param>
        /// <param name="now">The time in milliseconds.</param>
        /// <returns>Whether it was sent or waits to be; <c>false</c> when the client refused it (<see cref="XmppClient.EndStanza"/>).</returns>
        public static bool SendPresence(XmppClient client, string to, string type, string status, long now)
        {
            var w = client.BeginStanza("presence");
            if (to != null)
            {
                w.Attribute("to", to);
            }

            if (type != null)
            {
                w.Attribute("type", type);
            }

            if (status != null)
            {
                w.StartElement("status");
                w.Text(status);
                w.EndElement();
            }

            return client.EndStanza(now);
        }

        /// <summary>Sends a message with a body.</summary>
        /// <param name="client">An online client.</param>
        /// <param name="to">The recipient.</param>
        /// <param name="type"><c>chat</c>, <c>normal</c>, ... or <c>null</c> for normal.</param>
        /// <param name="body">The text.</param>
        /// <param name="now">The time in milliseconds.</param>
        public static void SendMessage(XmppClient client, string to, string type, string body, long now)
        {
            var w = client.BeginStanza("message");
            w.Attribute("to", to);
            if (type != null)
            {
                w.Attribute("type", type);
            }

            w.StartElement("body");
            w.Text(body);
            client.EndStanza(now);
        }
    }
}
