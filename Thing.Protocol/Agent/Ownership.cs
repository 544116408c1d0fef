using SiotThing.Protocol.Ports;
using SiotThing.Protocol.Storage;
using SiotThing.Protocol.Xmpp;

namespace SiotThing.Protocol.Agent
{
    /// <summary>
    /// The owner the provisioning service names in its <c>&lt;owner/&gt;</c> message: a claim (owned
    /// by a JID, saved), the same owner again (the service delivers at least once: nothing is
    /// written), a disowning (no JID: the owner gave the thing up, the key stays), or one ignored
    /// (a disowning with no owner, a JID too long to keep across a reboot).
    /// It decides the owner kept in the state. It does not check that the message came from the
    /// service (the agent does), and does not decide what a disowning sets going (the agent has
    /// the service's work forgotten, the old requests refused and the roster cleaned up).
    /// </summary>
    public sealed class Ownership
    {
        private readonly ThingStateStore store;
        private readonly ThingState state;
        private readonly ILog log;

        /// <summary>Creates the keeper of the owner of the thing whose state is given.</summary>
        /// <param name="store">Where the state is saved.</param>
        /// <param name="state">The thing's state.</param>
        /// <param name="log">Where to report.</param>
        public Ownership(ThingStateStore store, ThingState state, ILog log)
        {
            this.store = store;
            this.state = state;
            this.log = log;
        }

        /// <summary>The service named the owner.</summary>
        /// <param name="ownerJid">The owner element's <c>jid</c> attribute, or <c>null</c> when it has none.</param>
        /// <returns>Whether the thing was disowned now.</returns>
        public bool OwnerNamed(string ownerJid)
        {
            var jid = Jid.Parse(ownerJid);
            if (jid == null && state.Owner == null)
            {
                // The service delivers at least once: a second disown (or one for an owner this
                // thing never learnt) finds nothing to drop, and the requests kept since for
                // the next owner stay.
                log.Write("disown ignored: no owner");
                return false;
            }

            if (jid == null)
            {
                state.Disown();
                store.Save(state);
                log.Write("disowned");
                return true;
            }

            if (!ThingState.IsStorableJid(jid.Bare))
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

            return false;
        }
    }
}
