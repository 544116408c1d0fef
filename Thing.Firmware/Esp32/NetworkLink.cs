using System;
using System.Net.NetworkInformation;
using SiotThing.Protocol.Link;

namespace SiotThing.Firmware.Esp32
{
    /// <summary>
    /// The ESP32's network link (Wi-Fi or Ethernet) as <see cref="LinkRunner"/> drives it for
    /// <see cref="LinkSupervisor"/>: one join when asked, and the link's state when asked. Each
    /// kind only does what its driver offers and says what it answered; when to join, and what a
    /// failure means, is the supervisor's. What both share is here: the link is up while its
    /// interface has an address (the firmware clears it when Wi-Fi is lost or the cable is out),
    /// and a failed join keeps why.
    /// </summary>
    public abstract class NetworkLink
    {
        private readonly NetworkInterfaceType type;

        /// <summary>Takes the kind of interface whose address says whether the link is up.</summary>
        /// <param name="type">Wireless80211 or Ethernet.</param>
        protected NetworkLink(NetworkInterfaceType type)
        {
            this.type = type;
        }

        /// <summary>The link's name for the log and the display ("Wi-Fi", "Ethernet").</summary>
        public abstract string Name { get; }

        /// <summary>Why the last <see cref="Join"/> failed.</summary>
        public LinkFailure LastFailure { get; private set; }

        /// <summary>What the driver said about the last failed <see cref="Join"/>, for the log.</summary>
        public string LastProblem { get; private set; }

        /// <summary>
        /// One attempt to bring the link up (or, when it is up, to join it afresh), then waits up
        /// to <see cref="LinkSupervisor.LinkAttemptTimeout"/> for an address and the clock.
        /// Never throws.
        /// </summary>
        /// <returns>Whether the link is up with an address and the clock.</returns>
        public abstract bool Join();

        /// <summary>Whether the link has an address now. Never throws.</summary>
        /// <returns>Whether it is up.</returns>
        public bool IsUp()
        {
            try
            {
                return NetworkInterfaces.HasAddress(type);
            }
            catch (Exception)
            {
                return false;
            }
        }

        /// <summary>Waits for the interface's address and the clock until <paramref name="deadline"/>.</summary>
        /// <param name="deadline">When to give up (<see cref="Environment.TickCount64"/>).</param>
        /// <param name="missing">What was missing at the deadline.</param>
        /// <returns>Whether both came.</returns>
        protected bool WaitForAddressAndClock(long deadline, out LinkFailure missing)
        {
            return NetworkInterfaces.WaitForAddressAndClock(type, deadline, out missing);
        }

        /// <summary>Keeps why a join failed.</summary>
        /// <param name="failure">The kind of failure, for the supervisor.</param>
        /// <param name="problem">What the driver said, for the log.</param>
        /// <returns>False, for the join to return.</returns>
        protected bool Failed(LinkFailure failure, string problem)
        {
            LastFailure = failure;
            LastProblem = problem;
            return false;
        }
    }
}
