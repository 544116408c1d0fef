using SiotThing.Protocol.Crypto;

namespace SiotThing.Protocol.Storage
{
    /// <summary>
    /// Decides whether the device's stored CA bundle must be replaced by the configured CA. On the
    /// ESP32 the TLS code trusts the stored bundle and adds the CA passed to the handshake to it
    /// (nf-interpreter: ssl_generic_init_internal loads the store, ssl_add_cert_auth_internal
    /// adds), so a thing configured with its own CA trusts only that CA once the store holds
    /// exactly it. Replacing the store is a flash write, so the firmware keeps this marker (the
    /// CA's SHA-256 with a tag) beside it and replaces the store only when the CA changed; a
    /// marker that is missing, torn or for another CA means "replace" (the replacement is
    /// idempotent, so a power loss between the two writes only repeats it).
    /// </summary>
    public static class StoredCaMarker
    {
        /// <summary>The marker's length in bytes: the tag and the digest.</summary>
        public const int Size = 8 + Sha256.Size;

        private static readonly byte[] Tag = { (byte)'s', (byte)'i', (byte)'o', (byte)'t', (byte)'-', (byte)'c', (byte)'a', (byte)'1' };

        /// <summary>The marker for <paramref name="certificate"/>.</summary>
        /// <param name="certificate">The CA exactly as given to the store (PEM with its terminating NUL, or DER).</param>
        /// <returns><see cref="Size"/> bytes.</returns>
        public static byte[] For(byte[] certificate)
        {
            var marker = new byte[Size];
            for (var i = 0; i < Tag.Length; i++)
            {
                marker[i] = Tag[i];
            }

            var hash = new Sha256();
            hash.Update(certificate, 0, certificate.Length);
            hash.Final(marker, Tag.Length);
            return marker;
        }

        /// <summary>Whether the store already holds exactly <paramref name="certificate"/>, by the marker written when it was put there.</summary>
        /// <param name="marker">The marker file's bytes, or <c>null</c> when there is none.</param>
        /// <param name="certificate">The configured CA, as <see cref="For"/> takes it.</param>
        /// <returns>Whether the store need not be written.</returns>
        public static bool Matches(byte[] marker, byte[] certificate)
        {
            if (marker == null || marker.Length != Size)
            {
                return false;
            }

            var expected = For(certificate);
            var same = true;
            for (var i = 0; i < Size; i++)
            {
                same &= marker[i] == expected[i];
            }

            return same;
        }
    }
}
