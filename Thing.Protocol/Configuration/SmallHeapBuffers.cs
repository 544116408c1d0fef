using SiotThing.Protocol.Xml;
using SiotThing.Protocol.Xmpp;

namespace SiotThing.Protocol.Configuration
{
    /// <summary>
    /// The buffer sizes of a thing with about 100 KB of managed heap (an ESP32 without PSRAM, the
    /// TLS buffers native on top). The defaults of <see cref="XmppClientSettings"/> and
    /// <see cref="XmlLimits"/> hold about 85 KB (docs/performance.md); these hold what the thing
    /// needs. The ESP32 program and the heap measurement in the nanoCLR (Thing.Tests/Agent,
    /// <c>ThingHeapMeasurements</c>) both take them from here, so the figures measured are the
    /// board's.
    /// </summary>
    public static class SmallHeapBuffers
    {
        /// <summary>
        /// The largest stanza received: 8 KiB still takes a roster result of the 64 items the
        /// agent keeps.
        /// </summary>
        public const int MaxStanzaBytes = 8192;

        /// <summary>Sets the client's buffers: everything the thing sends is far smaller than 2 KiB.</summary>
        /// <param name="settings">The client's settings (account and timers as they are).</param>
        public static void Apply(XmppClientSettings settings)
        {
            settings.MaxOutgoingStanza = 2048;
            settings.OutputCapacity = 4096;
            settings.StreamManagementBytes = 4096;
            settings.StreamManagementStanzas = 16;

            // What outruns the window waits for the server's acknowledgement (one largest stanza's worth).
            settings.StreamManagementWaitingBytes = 2048;
            settings.StreamManagementWaitingStanzas = 8;
        }

        /// <summary>The parser's limits with <see cref="MaxStanzaBytes"/>.</summary>
        /// <returns>New limits.</returns>
        public static XmlLimits Limits()
        {
            var limits = new XmlLimits();
            limits.MaxStanzaBytes = MaxStanzaBytes;
            return limits;
        }
    }
}
