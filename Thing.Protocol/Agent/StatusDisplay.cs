using SiotThing.Protocol.Ports;
using SiotThing.Protocol.Storage;

namespace SiotThing.Protocol.Agent
{
    /// <summary>
    /// What the owner sees on the thing's display: its name, the claim key while nobody owns it,
    /// and one status line (owned by whom; unclaimed, offline, registering).
    /// It decides only the wording and when the key is shown (docs/protocol-notes.md). It does
    /// not decide when to show: the agent calls <see cref="Show"/> after every change the owner
    /// should see. It keeps no state of its own; it reads the thing's state it is given.
    /// </summary>
    public sealed class StatusDisplay
    {
        private readonly IDisplay display;
        private readonly string name;

        /// <summary>Creates the view over a display.</summary>
        /// <param name="display">The display port.</param>
        /// <param name="name">The thing's name, shown first.</param>
        public StatusDisplay(IDisplay display, string name)
        {
            this.display = display;
            this.name = name;
        }

        /// <summary>Shows the thing's name, its key while unclaimed, and its status.</summary>
        /// <param name="state">The thing's state (owner, key, registration).</param>
        /// <param name="online">Whether the XMPP session is online.</param>
        public void Show(ThingState state, bool online)
        {
            string status;
            if (state.Owner != null)
            {
                status = "owned by " + state.Owner;
            }
            else if (!online)
            {
                status = "unclaimed, offline";
            }
            else
            {
                status = state.Registered ? "unclaimed" : "unclaimed, registering";
            }

            // The key is shown only while the thing is unclaimed (docs/protocol-notes.md).
            display.Show(name, state.Owner == null ? state.ClaimKey : null, status);
        }
    }
}
