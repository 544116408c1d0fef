using System;
using System.IO;
using System.Net.Security;
using SiotThing.Protocol.Ports;
using SiotThing.Protocol.Storage;

namespace SiotThing.Firmware.Esp32
{
    /// <summary>
    /// Makes the configured CA the only one the ESP32 trusts. The firmware's TLS code loads the
    /// device's stored CA bundle and adds the CA given to the handshake to it (nf-interpreter
    /// 8ca767c52: ssl_generic_init_internal, ssl_add_cert_auth_internal), so every CA of that
    /// bundle would be trusted too. <c>CertificateManager.AddCaCertificateBundle</c> replaces the
    /// stored bundle (one configuration block, rewritten); it is called when the configured CA
    /// differs from what <see cref="StoredCaMarker"/> says was stored last, so a boot with the
    /// same CA writes no flash.
    /// </summary>
    public static class DeviceCaStore
    {
        /// <summary>The marker of the CA last put in the store.</summary>
        public const string MarkerPath = FlashFiles.Drive + "ca.stored";

        /// <summary>Replaces the stored bundle by <paramref name="certificate"/> unless it holds it already.</summary>
        /// <param name="certificate">The CA as the handshake gets it (PEM with its terminating NUL, or DER).</param>
        /// <param name="path">Where the CA came from, for the log.</param>
        /// <param name="log">Where to say what was done.</param>
        /// <returns><c>null</c>, or why the store could not be made to hold only this CA.</returns>
        public static string TrustOnly(byte[] certificate, string path, ILog log)
        {
            if (StoredCaMarker.Matches(FlashFiles.ReadAll(MarkerPath), certificate))
            {
                return null;
            }

            try
            {
                if (!CertificateManager.AddCaCertificateBundle(certificate))
                {
                    return "the device's CA store refused " + path;
                }

                // FileMode.Create and the close commit together on littlefs: a power loss leaves
                // the old marker, and the next boot stores the CA again (the same result).
                var marker = StoredCaMarker.For(certificate);
                using (var file = new FileStream(MarkerPath, FileMode.Create, FileAccess.Write))
                {
                    file.Write(marker, 0, marker.Length);
                }
            }
            catch (Exception e)
            {
                return "the device's CA store could not be written (" + e.GetType().Name + " " + e.Message + ")";
            }

            log.Write("CA: the device's stored CA bundle now holds only " + path + "; no other CA is trusted");
            return null;
        }
    }
}
