namespace SiotThing.Protocol.Sasl
{
    /// <summary>
    /// Picks the SASL mechanism to log in with from those the server offers: SCRAM-SHA-256, then
    /// SCRAM-SHA-1, then PLAIN, and PLAIN only over TLS, where sending the password is safe.
    /// The -PLUS variants are never picked: this client has no channel-binding data.
    /// </summary>
    public static class SaslMechanismSelector
    {
        /// <summary>Selects a mechanism.</summary>
        /// <param name="offered">The names in the server's &lt;mechanisms/&gt;, in any order; <c>null</c> counts as none.</param>
        /// <param name="tlsProtected">Whether the stream runs over TLS whose server certificate was checked.</param>
        /// <returns><see cref="ScramClient.ScramSha256"/>, <see cref="ScramClient.ScramSha1"/> or <see cref="SaslPlain.Mechanism"/>, or <c>null</c> when none of them is acceptable.</returns>
        public static string Select(string[] offered, bool tlsProtected)
        {
            if (Contains(offered, ScramClient.ScramSha256))
            {
                return ScramClient.ScramSha256;
            }

            if (Contains(offered, ScramClient.ScramSha1))
            {
                return ScramClient.ScramSha1;
            }

            return tlsProtected && Contains(offered, SaslPlain.Mechanism) ? SaslPlain.Mechanism : null;
        }

        private static bool Contains(string[] offered, string mechanism)
        {
            if (offered == null)
            {
                return false;
            }

            // SASL mechanism names are upper case (RFC 4422 §3.1); servers send them that way.
            for (var i = 0; i < offered.Length; i++)
            {
                if (offered[i] == mechanism)
                {
                    return true;
                }
            }

            return false;
        }
    }
}
