namespace SiotThing.Protocol.Crypto
{
    /// <summary>
    /// The port through which SCRAM gets its HMACs: <see cref="ManagedMacProvider"/> (this core's
    /// own SHA-1 and SHA-256) by default; on the ESP32 an adapter over the firmware's native
    /// HMAC-SHA-256, which turns each PBKDF2 iteration from thousands of interpreted operations
    /// into one native call.
    /// </summary>
    public interface IMacProvider
    {
        /// <summary>An HMAC-SHA-1 keyed with <paramref name="key"/>.</summary>
        /// <param name="key">The key, of any length; the MAC keeps its own copy or state.</param>
        /// <returns>A new MAC.</returns>
        IMac CreateHmacSha1(byte[] key);

        /// <summary>An HMAC-SHA-256 keyed with <paramref name="key"/>.</summary>
        /// <param name="key">The key, of any length; the MAC keeps its own copy or state.</param>
        /// <returns>A new MAC.</returns>
        IMac CreateHmacSha256(byte[] key);
    }
}
