using System;
using System.Net.NetworkInformation;
using System.Threading;
using SiotThing.Protocol.Link;

namespace SiotThing.Firmware.Esp32
{
    /// <summary>
    /// What both links read from System.Net's interfaces: the interface of a kind, whether it has
    /// an address (the firmware clears it when Wi-Fi is lost or the cable is out), and the wait
    /// for an address and the clock after a join (SNTP starts once an address comes; without
    /// the clock, certificates cannot be checked).
    /// </summary>
    public static class NetworkInterfaces
    {
        /// <summary>The year before which the clock is taken as not yet set by SNTP (what System.Net's helper waits for).</summary>
        public const int ClockSetYear = 2021;

        private const int PollInterval = 250;

        /// <summary>The first interface of <paramref name="type"/>, or <c>null</c> when the firmware has none.</summary>
        /// <param name="type">Wireless80211 or Ethernet.</param>
        /// <returns>The interface.</returns>
        public static NetworkInterface Find(NetworkInterfaceType type)
        {
            var interfaces = NetworkInterface.GetAllNetworkInterfaces();
            for (var i = 0; i < interfaces.Length; i++)
            {
                if (interfaces[i].NetworkInterfaceType == type)
                {
                    return interfaces[i];
                }
            }

            return null;
        }

        /// <summary>Whether the interface of <paramref name="type"/> has an IPv4 address.</summary>
        /// <param name="type">Wireless80211 or Ethernet.</param>
        /// <returns>Whether it has one.</returns>
        public static bool HasAddress(NetworkInterfaceType type)
        {
            var found = Find(type);
            if (found == null)
            {
                return false;
            }

            var address = found.IPv4Address;
            return address != null && address.Length > 0 && address != "0.0.0.0";
        }

        /// <summary>Waits until the interface has an address and the clock is set, or until <paramref name="deadline"/>.</summary>
        /// <param name="type">Wireless80211 or Ethernet.</param>
        /// <param name="deadline">When to give up (<see cref="Environment.TickCount64"/>).</param>
        /// <param name="failure">What was missing at the deadline.</param>
        /// <returns>Whether both came.</returns>
        public static bool WaitForAddressAndClock(NetworkInterfaceType type, long deadline, out LinkFailure failure)
        {
            failure = LinkFailure.NoAddress;
            while (!HasAddress(type))
            {
                if (Environment.TickCount64 >= deadline)
                {
                    return false;
                }

                Thread.Sleep(PollInterval);
            }

            failure = LinkFailure.NoClock;
            while (DateTime.UtcNow.Year < ClockSetYear)
            {
                if (Environment.TickCount64 >= deadline)
                {
                    return false;
                }

                Thread.Sleep(PollInterval);
            }

            return true;
        }
    }
}
