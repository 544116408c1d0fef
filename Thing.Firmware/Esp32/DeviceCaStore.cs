using System;
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
    /// stored bundle (one configuration block, deleted and written again: a power loss between
    /// the two leaves no bundle, which trusts less, not more); it is called when the configured
    /// CA differs from what <see cref="StoredCaMarker"/> says was stored last, so a boot with the
    /// same CA writes no flash. The first store into an empty store writes the block 4 bytes
    /// short (the native passes the certificate's size as the block's, header included), so that
    /// copy does not parse and the TLS code skips it: either way the CA the handshake is given,
    /// the same CA, is the only one trusted.
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
                // It returns true or throws (CLR_E_FAIL): there is no "refused" to look at.
                CertificateManager.AddCaCertificateBundle(certificate);
                var marker = StoredCaMarker.For(certificate);
                FlashFiles.Write(MarkerPath, marker, marker.Length);
            }
            catch (Exception e)
            {
                return "the device's CA store could not be written (" + e.GetType().Name + " " + e.Message + ")";
            }

            log.Write("CA: the device's stored CA bundle is replaced by " + path + "; no other CA is trusted");
            return null;
        }
    }
}
