using SiotThing.Protocol.Link;

namespace SiotThing.Firmware.Esp32
{
    /// <summary>
    /// The ESP32's network link (Wi-Fi or Ethernet) as <see cref="LinkRunner"/> drives it for
    /// <see cref="LinkSupervisor"/>: one join when asked, and the link's state when asked. Each
    /// implementation only does what the driver offers and says what it answered; when to join,
    /// and what a failure means, is the supervisor's.
    /// </summary>
    public interface INetworkLink
    {
        /// <summary>The link's name for the log and the display ("Wi-Fi", "Ethernet").</summary>
        string Name { get; }

        /// <summary>Why the last <see cref="Join"/> failed.</summary>
        LinkFailure LastFailure { get; }

        /// <summary>What the driver said about the last failed <see cref="Join"/>, for the log.</summary>
        string LastProblem { get; }

        /// <summary>
        /// One attempt to bring the link up (or, when it is up, to join it afresh), then waits up
        /// to <see cref="LinkSupervisor.LinkAttemptTimeout"/> for an address and the clock.
        /// Never throws.
        /// </summary>
        /// <returns>Whether the link is up with an address and the clock.</returns>
        bool Join();

        /// <summary>Whether the link has an address now. Never throws.</summary>
        /// <returns>Whether it is up.</returns>
        bool IsUp();
    }
}
