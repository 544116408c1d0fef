using SiotThing.Protocol.Link;

namespace SiotThing.Firmware.Esp32
{
    /// <summary>How one connection of <see cref="Esp32XmppConnection.RunOnce"/> went, for the <see cref="LinkSupervisor"/>.</summary>
    public sealed class ConnectionOutcome
    {
        /// <summary>How far it got (updated as it goes: the connect runs on another thread).</summary>
        public LinkStage Stage { get; set; }

        /// <summary>Whether a step did not return within its time limit: a connect whose thread was abandoned, or a reader that did not stop.</summary>
        public bool TimedOut { get; set; }

        /// <summary>How long the session was online, in milliseconds (0: never).</summary>
        public long OnlineMilliseconds { get; set; }
    }
}
