using System;
using SiotThing.Protocol.Ports;

namespace SiotThing.Firmware.Esp32
{
    /// <summary>
    /// The log on the ESP32: one line on the serial console per message, prefixed with the
    /// seconds since boot. Console.WriteLine, not Debug.WriteLine: the latter vanishes in Release
    /// builds, and a deployed thing runs a Release build.
    /// </summary>
    public sealed class DebugLog : ILog
    {
        /// <inheritdoc />
        public void Write(string message)
        {
            var now = Environment.TickCount64;
            var millis = (int)(now % 1000);
            Console.WriteLine("[" + (now / 1000) + "." + (millis < 100 ? (millis < 10 ? "00" : "0") : string.Empty) + millis + "] " + message);
        }
    }
}
