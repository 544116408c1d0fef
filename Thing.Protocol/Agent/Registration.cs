using SiotThing.Protocol.Ports;
using SiotThing.Protocol.Siot;
using SiotThing.Protocol.Storage;
using SiotThing.Protocol.Xml;
using SiotThing.Protocol.Xmpp;

namespace SiotThing.Protocol.Agent
{
    /// <summary>
    /// The registration of the claim key with the provisioning service (ProtoXEP §3): when it is
    /// due, what it says, and what its answer means (registered; a key conflict, so a new key; a
    /// failure, retried after 2 s doubling up to 10 minutes). Each registration gets its own IQ tag
    /// (300..349, in turn), so that the answer to one sent before a factory reset is not taken for
    /// the answer to the one after it.
    /// It does not decide when a session starts, when the state is reset, or what the display
    /// shows (it says when that changed); it does not send: the agent opens the IQ with
    /// <see cref="NextTag"/>, has <see cref="WriteRequest"/> fill it and tells <see cref="Sent"/>.
    /// </summary>
    public sealed class Registration
    {
        private const int TagBase = 300;
        private const int Tags = 50;

        // Registration is retried with its own backoff while online: 2 s up to 10 minutes.
        private const int RetryInitial = 2000;
        private const int RetryMaximum = 600000;

        private readonly ThingConfiguration configuration;
        private readonly ThingStateStore store;
        private readonly ThingState state;
        private readonly IEntropySource entropy;
        private readonly ILog log;
        private readonly ReconnectPolicy retry;

        private bool registering;
        private int tag = TagBase;
        private long nextAttempt;

        /// <summary>Creates the registration of the thing whose state is given.</summary>
        /// <param name="configuration">The provisioning service and the names.</param>
        /// <param name="store">Where the state is saved.</param>
        /// <param name="state">The thing's state (its key, owner, whether registered).</param>
        /// <param name="entropy">Randomness for a new key and the retry's jitter.</param>
        /// <param name="log">Where to report.</param>
        public Registration(ThingConfiguration configuration, ThingStateStore store, ThingState state, IEntropySource entropy, ILog log)
        {
            this.configuration = configuration;
            this.store = store;
            this.state = state;
            this.entropy = entropy;
            this.log = log;
            retry = new ReconnectPolicy(RetryInitial, RetryMaximum, entropy);
        }

        /// <summary>The IQ tags of registrations, old or current.</summary>
        /// <param name="iqTag">A tag the client answered.</param>
        /// <returns>Whether it belongs to a registration.</returns>
        public static bool Owns(int iqTag)
        {
            return iqTag >= TagBase && iqTag < TagBase + Tags;
        }

        /// <summary>Starts anew (a new session or key): nothing in flight, the next attempt due at once.</summary>
        /// <param name="now">The time in milliseconds.</param>
        public void Restart(long now)
        {
            registering = false;
            nextAttempt = now;
            retry.Reset();
        }

        /// <summary>The session ended: the registration in flight will not be answered.</summary>
        public void Stop()
        {
            registering = false;
        }

        /// <summary>Whether a registration should be sent now (the key not registered, none in flight, its time come).</summary>
        /// <param name="now">The time in milliseconds.</param>
        /// <returns>Whether to send.</returns>
        public bool IsDue(long now)
        {
            return !state.Registered && !registering && now >= nextAttempt;
        }

        /// <summary>The tag for the registration about to be sent (a new one each time).</summary>
        /// <returns>The IQ tag.</returns>
        public int NextTag()
        {
            tag = TagBase + ((tag - TagBase + 1) % Tags);
            return tag;
        }

        /// <summary>Writes the register element (key and names) into the IQ the agent opened.</summary>
        /// <param name="w">The IQ's writer.</param>
        public void WriteRequest(XmlWriter w)
        {
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
        }

        /// <summary>The registration was sent: it is in flight until answered or the session ends.</summary>
        public void Sent()
        {
            registering = true;
            log.Write("registering with " + configuration.ProvisioningJid);
        }

        /// <summary>An answer to a registration, current or old.</summary>
        /// <param name="iqTag">The tag it answers (see <see cref="Owns"/>).</param>
        /// <param name="response">The answer, or <c>null</c> when none came.</param>
        /// <param name="now">The time in milliseconds.</param>
        /// <returns>Whether what the display shows changed (registered, or a new key).</returns>
        public bool Answered(int iqTag, XmlStanza response, long now)
        {
            if (iqTag != tag || !registering)
            {
                // Sent before a factory reset: it says nothing about the current key.
                log.Write("registration answer for an old key ignored");
                return false;
            }

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
                retry.Reset();
                log.Write("registered");
                return true;
            }

            if (response != null && ErrorIs(response, "conflict"))
            {
                // Another thing has this key (astronomically unlikely, or a copied store): draw a new one.
                state.ClaimKey = ClaimKey.Generate(entropy);
                store.Save(state);
                log.Write("registration: key conflict, new key drawn");
                nextAttempt = now;
                return true;
            }

            var delay = retry.NextDelay();
            nextAttempt = now + delay;
            log.Write("registration failed (" + (response == null ? "no answer" : "error") + "), retry in " + (delay / 1000) + " s");
            return false;
        }

        private static bool ErrorIs(XmlStanza response, string condition)
        {
            var error = response.Child(response.Root, "error", XmppNamespaces.Client);
            return error >= 0 && response.Child(error, condition, XmppNamespaces.Stanzas) >= 0;
        }
    }
}
