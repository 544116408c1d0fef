using System;
using SiotThing.Protocol.Text;

namespace SiotThing.Protocol.Sasl
{
    /// <summary>
    /// The message of SASL PLAIN (RFC 4616): [authzid] NUL authcid NUL passwd. Built as bytes
    /// because a nanoFramework string cannot hold NUL. PLAIN sends the password itself, so it is
    /// only for a TLS-protected stream (see <see cref="SaslMechanismSelector"/>).
    /// </summary>
    /// <remarks>
    /// No SASLprep (RFC 4013): names and password are sent as UTF-8 exactly as given, like
    /// <see cref="ScramClient"/> does; give things ASCII passwords.
    /// </remarks>
    public static class SaslPlain
    {
        /// <summary>The SASL name of the mechanism.</summary>
        public const string Mechanism = "PLAIN";

        /// <summary>Builds the message that goes, base64-encoded, into the SASL &lt;auth/&gt; element.</summary>
        /// <param name="authorizationId">Whom to act as, or <c>null</c> (or empty) to act as <paramref name="authenticationId"/>, which is what XMPP clients do.</param>
        /// <param name="authenticationId">The user name, not empty.</param>
        /// <param name="password">The password, not empty.</param>
        /// <returns>The message as UTF-8.</returns>
        /// <exception cref="ArgumentException">A name or the password is empty or holds NUL.</exception>
        public static byte[] CreateMessage(string authorizationId, string authenticationId, string password)
        {
            if (authorizationId == null)
            {
                authorizationId = string.Empty;
            }

            Check(authorizationId, true, "authorizationId");
            Check(authenticationId, false, "authenticationId");
            Check(password, false, "password");

            var zidLength = Utf8.ByteCount(authorizationId);
            var cidLength = Utf8.ByteCount(authenticationId);
            var message = new byte[zidLength + 1 + cidLength + 1 + Utf8.ByteCount(password)];
            var at = Utf8.Encode(authorizationId, message, 0);
            message[at++] = 0;
            at += Utf8.Encode(authenticationId, message, at);
            message[at++] = 0;
            Utf8.Encode(password, message, at);
            return message;
        }

        private static void Check(string value, bool mayBeEmpty, string name)
        {
            // The .NET build's strings can hold NUL; the receiver would split the message there.
            if (value == null || (!mayBeEmpty && value.Length == 0) || Utf16.IndexOf(value, '\0', 0) >= 0)
            {
                throw new ArgumentException("Empty, or holds NUL.", name);
            }
        }
    }
}
