using System.Security.Cryptography;
using SiotThing.Protocol.Crypto;

namespace SiotThing.Firmware.Esp32
{
    /// <summary>
    /// SCRAM's HMACs on the ESP32: HMAC-SHA-256 from the firmware (mbedTLS, through
    /// nanoFramework.System.Security.Cryptography's <c>HMACSHA256.HashData(byte[] key, byte[] source)</c>,
    /// a static method with a native <c>HashCore</c>; the firmware has it with
    /// <c>CONFIG_API_NANOFRAMEWORK_SYSTEM_SECURITY_CRYPTOGRAPHY=y</c>, as ESP32_REV3 does), so a
    /// PBKDF2 iteration is one native call instead of two interpreted SHA-256 compressions.
    /// The firmware has no HMAC-SHA-1: SCRAM-SHA-1 stays managed (and slow), which is why things'
    /// servers should offer SCRAM-SHA-256 (README, deploy/prosody).
    /// </summary>
    public sealed class NativeMacProvider : IMacProvider
    {
        // SHA-256's digest length.
        private const int Sha256Size = 32;

        /// <inheritdoc />
        public IMac CreateHmacSha1(byte[] key)
        {
            return ManagedMacProvider.Instance.CreateHmacSha1(key);
        }

        /// <inheritdoc />
        public IMac CreateHmacSha256(byte[] key)
        {
            return new OneShotMac(new MacFunction(HMACSHA256.HashData), Sha256Size, key);
        }
    }
}
