using System.Net.NetworkInformation;
using System.Threading;
using nanoFramework.Runtime.Native;
using SiotThing.Protocol.Ports;

namespace SiotThing.Firmware.Esp32
{
    /// <summary>
    /// Keeps the ESP32's radio on for a thing on Ethernet. The chip's random number generator,
    /// from which the claim key and TLS's randomness come (System.Random and mbedTLS both call
    /// esp_random), gives true random numbers only while Wi-Fi or Bluetooth runs; otherwise ESP-IDF
    /// calls its output pseudo-random. The Ethernet firmware targets store their Wi-Fi station as
    /// disabled (nf-interpreter 8ca767c52: targetHAL_ConfigurationManager.cpp), so the station is
    /// never started. Enabled without a network to join (no SSID, no automatic connection), the
    /// firmware starts it at boot and associates with nothing. The change is stored once and takes
    /// effect at the next start: the thing restarts once, before it draws any key.
    /// </summary>
    public static class RadioForRandomness
    {
        // Written before that one restart: if the station is still disabled afterwards, the
        // firmware did not take the change, and the thing goes on rather than restart for ever.
        private const string TriedMarker = FlashFiles.Drive + "radio-on.tried";

        /// <summary>Makes sure the Wi-Fi station starts at boot; restarts the device once when it had to change that.</summary>
        /// <param name="log">Where to say what it did.</param>
        public static void EnsureOn(ILog log)
        {
            var stations = Wireless80211Configuration.GetAllWireless80211Configurations();
            if (stations.Length == 0 || NetworkInterfaces.Find(NetworkInterfaceType.Wireless80211) == null)
            {
                // A firmware built without Wi-Fi (an emulator's) has no radio to turn on.
                log.Write("radio: this firmware has no Wi-Fi station; the claim key comes from pseudo-random numbers");
                return;
            }

            var station = stations[0];
            if ((station.Options & Wireless80211Configuration.ConfigurationOptions.Enable) == Wireless80211Configuration.ConfigurationOptions.Enable)
            {
                return;
            }

            if (FlashFiles.ReadAll(TriedMarker) != null)
            {
                log.Write("radio: the Wi-Fi station stayed disabled after a restart; the claim key comes from pseudo-random numbers");
                return;
            }

            station.Options = Wireless80211Configuration.ConfigurationOptions.Enable;
            station.SaveConfiguration();
            FlashFiles.Write(TriedMarker, new byte[] { 1 }, 1);
            log.Write("radio: the Wi-Fi station (joining nothing) is turned on for true random numbers; restarting once");
            Thread.Sleep(1000);
            Power.RebootDevice();
            Thread.Sleep(Timeout.Infinite);
        }
    }
}
