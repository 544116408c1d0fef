namespace SiotThing.Protocol.Sasl
{
    /// <summary>
    /// Why a SCRAM exchange failed (<see cref="ScramClient.Error"/>): short fixed strings, so that
    /// a device log can print the reason as it is and code can compare it with these constants.
    /// </summary>
    public static class ScramError
    {
        /// <summary>A server message is not UTF-8 or not in SCRAM's syntax (RFC 5802 §7).</summary>
        public const string MalformedMessage = "malformed-message";

        /// <summary>The server demands an extension ("m=") this client does not know; RFC 5802 §5.1 says to fail.</summary>
        public const string MandatoryExtension = "mandatory-extension";

        /// <summary>The server's nonce does not start with the client's nonce or adds nothing to it.</summary>
        public const string NonceMismatch = "nonce-mismatch";

        /// <summary>The salt is missing, empty or not base64.</summary>
        public const string InvalidSalt = "invalid-salt";

        /// <summary>The iteration count is below <see cref="ScramClient.MinimumIterations"/>: a server that weak, or an impostor, is refused.</summary>
        public const string IterationCountTooLow = "iteration-count-too-low";

        /// <summary>The iteration count is above <see cref="ScramClient.MaximumIterations"/>: hashing that long would take the device out of service.</summary>
        public const string IterationCountTooHigh = "iteration-count-too-high";

        /// <summary>The server ended the exchange with "e="; <see cref="ScramClient.ServerError"/> holds its value.</summary>
        public const string ServerError = "server-error";

        /// <summary>The server's signature is wrong: it does not know the password, so it is not the server the account lives on.</summary>
        public const string ServerSignatureMismatch = "server-signature-mismatch";
    }
}
