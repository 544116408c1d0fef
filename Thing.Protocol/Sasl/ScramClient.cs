using System;
using SiotThing.Protocol.Crypto;
using SiotThing.Protocol.Ports;
using SiotThing.Protocol.Text;

namespace SiotThing.Protocol.Sasl
{
    /// <summary>
    /// The client side of one SCRAM-SHA-1 (RFC 5802) or SCRAM-SHA-256 (RFC 7677) exchange:
    /// <see cref="CreateClientFirst"/>, then <see cref="HandleServerFirst"/>, then
    /// <see cref="HandleServerFinal"/>. It does no I/O: messages go in and out as UTF-8 bytes,
    /// which the stream layer carries base64-encoded in SASL elements.
    /// </summary>
    /// <remarks>
    /// <para>
    /// No channel binding: the GS2 header is always "n,," (no authorization identity) and the
    /// -PLUS variants are never used, because nanoFramework's <c>SslStream</c> exposes no
    /// channel-binding data.
    /// </para>
    /// <para>
    /// No SASLprep (RFC 4013): the user name and the password are used as UTF-8 exactly as
    /// given. For printable ASCII that is what SASLprep would produce; a password with
    /// characters SASLprep maps or normalises (non-ASCII letters, odd spaces) fails against a
    /// server that applies it. Give things ASCII passwords.
    /// </para>
    /// <para>
    /// A bad message from the server never throws: the handler returns <c>null</c> or
    /// <c>false</c> and <see cref="Error"/> says why. Calling the steps out of order is a
    /// programming error and throws <see cref="InvalidOperationException"/>.
    /// </para>
    /// </remarks>
    public sealed class ScramClient
    {
        /// <summary>The SASL name of SCRAM with SHA-1.</summary>
        public const string ScramSha1 = "SCRAM-SHA-1";

        /// <summary>The SASL name of SCRAM with SHA-256.</summary>
        public const string ScramSha256 = "SCRAM-SHA-256";

        /// <summary>The lowest iteration count accepted unless <see cref="MinimumIterations"/> is changed: RFC 5802 §5.1 asks for at least 4096.</summary>
        public const int DefaultMinimumIterations = 4096;

        /// <summary>
        /// The highest iteration count accepted unless <see cref="MaximumIterations"/> is changed.
        /// Far above what servers use (Prosody 10000, ejabberd 4096); it stops a rogue server
        /// from keeping the device busy for hours.
        /// </summary>
        public const int DefaultMaximumIterations = 1000000;

        // 24 random bytes make 32 base64 characters: printable, never ',', and 192 bits.
        private const int NonceBytes = 24;

        // "n,,": no channel binding, no authorization identity (RFC 5802 §7, gs2-header).
        private const string Gs2Header = "n,,";

        // c= carries the GS2 header base64-encoded: base64("n,,") is "biws".
        private const string ChannelBinding = "c=biws";

        private const int AwaitingClientFirst = 0;
        private const int AwaitingServerFirst = 1;
        private const int AwaitingServerFinal = 2;
        private const int Done = 3;
        private const int Failed = 4;

        private static readonly byte[] ClientKeyLabel = Utf8.Encode("Client Key");
        private static readonly byte[] ServerKeyLabel = Utf8.Encode("Server Key");
        private static readonly byte[] Comma = { (byte)',' };

        private readonly string mechanism;
        private readonly string username;
        private readonly string clientNonce;
        private readonly IHashFunction hash;
        private string password;
        private int state;
        private byte[] clientFirst;
        private byte[] serverSignature;
        private string error;
        private string serverError;
        private ScramSecrets secrets;
        private int minimumIterations = DefaultMinimumIterations;
        private int maximumIterations = DefaultMaximumIterations;
        private IMacProvider macs = ManagedMacProvider.Instance;

        /// <summary>Prepares an exchange with a fresh client nonce.</summary>
        /// <param name="mechanism"><see cref="ScramSha1"/> or <see cref="ScramSha256"/>.</param>
        /// <param name="username">The user name (the local part of the JID in XMPP), not empty.</param>
        /// <param name="password">The password.</param>
        /// <param name="entropy">Where the nonce's random bytes come from.</param>
        /// <exception cref="ArgumentException">The mechanism is not one of the two, or the user name is empty.</exception>
        public ScramClient(string mechanism, string username, string password, IEntropySource entropy)
            : this(mechanism, username, password, NewNonce(entropy))
        {
        }

        /// <summary>Prepares an exchange with a given client nonce: for test vectors; use the other constructor otherwise.</summary>
        /// <param name="mechanism"><see cref="ScramSha1"/> or <see cref="ScramSha256"/>.</param>
        /// <param name="username">The user name (the local part of the JID in XMPP), not empty.</param>
        /// <param name="password">The password.</param>
        /// <param name="clientNonce">Printable ASCII without ',', not empty.</param>
        /// <exception cref="ArgumentException">The mechanism is not one of the two, or a name or the nonce is unfit.</exception>
        public ScramClient(string mechanism, string username, string password, string clientNonce)
        {
            if (DigestLength(mechanism) == 0)
            {
                throw new ArgumentException("Not a SCRAM mechanism this client speaks.", "mechanism");
            }

            if (username == null || username.Length == 0)
            {
                throw new ArgumentException("The user name is empty.", "username");
            }

            if (password == null)
            {
                throw new ArgumentException("The password is missing.", "password");
            }

            if (clientNonce == null || clientNonce.Length == 0 || !IsPrintable(clientNonce))
            {
                throw new ArgumentException("A nonce is printable ASCII without ','.", "clientNonce");
            }

            this.mechanism = mechanism;
            this.username = EscapeUsername(username);
            this.password = password;
            this.clientNonce = clientNonce;
            hash = mechanism == ScramSha1 ? new Sha1() : (IHashFunction)new Sha256();
        }

        /// <summary>The mechanism of this exchange.</summary>
        public string Mechanism
        {
            get { return mechanism; }
        }

        /// <summary>The lowest iteration count the server may ask for; <see cref="DefaultMinimumIterations"/> unless set.</summary>
        public int MinimumIterations
        {
            get { return minimumIterations; }
            set { minimumIterations = value; }
        }

        /// <summary>The highest iteration count the server may ask for; <see cref="DefaultMaximumIterations"/> unless set.</summary>
        public int MaximumIterations
        {
            get { return maximumIterations; }
            set { maximumIterations = value; }
        }

        /// <summary>
        /// Where the HMACs for PBKDF2 and the proofs come from; <see cref="ManagedMacProvider"/>
        /// unless set (before <see cref="HandleServerFirst"/>). On the device a native HMAC makes
        /// a first login seconds instead of minutes. <c>null</c> restores the default.
        /// </summary>
        public IMacProvider Macs
        {
            get { return macs; }
            set { macs = value ?? ManagedMacProvider.Instance; }
        }

        /// <summary>
        /// The salted password. Set it before <see cref="HandleServerFirst"/> to the secrets of
        /// the last successful login: when the server sends the same mechanism, salt and
        /// iteration count, they are used as they are and PBKDF2 is skipped. After
        /// <see cref="HandleServerFirst"/> it holds the secrets of this exchange: the same
        /// instance when it was reused, a new one otherwise. Store a new instance once
        /// <see cref="Succeeded"/> is true (and only then: before the server's signature is
        /// checked, the password may still be wrong); comparing references tells whether the
        /// store needs a write.
        /// </summary>
        public ScramSecrets Secrets
        {
            get { return secrets; }
            set { secrets = value; }
        }

        /// <summary>Why the exchange failed (one of the <see cref="ScramError"/> constants), or <c>null</c>.</summary>
        public string Error
        {
            get { return error; }
        }

        /// <summary>The value of the server's "e=" attribute (for example "invalid-proof") when <see cref="Error"/> is <see cref="ScramError.ServerError"/>, otherwise <c>null</c>.</summary>
        public string ServerError
        {
            get { return serverError; }
        }

        /// <summary>Whether the server proved that it knows the password: the exchange is complete and the server is the right one.</summary>
        public bool Succeeded
        {
            get { return state == Done; }
        }

        /// <summary>Escapes a user name for SCRAM's "n=" attribute: '=' becomes "=3D" and ',' becomes "=2C" (RFC 5802 §5.1).</summary>
        /// <param name="username">The user name.</param>
        /// <returns>The escaped name; the same string when nothing needed escaping.</returns>
        public static string EscapeUsername(string username)
        {
            var extra = 0;
            for (var i = 0; i < username.Length; i++)
            {
                if (username[i] == '=' || username[i] == ',')
                {
                    extra += 2;
                }
            }

            if (extra == 0)
            {
                return username;
            }

            // Copied from ToCharArray, not the indexer: on nanoFramework the indexer answers the
            // high surrogate for both halves of a character outside the BMP (see Text.Utf16).
            var chars = username.ToCharArray();
            var escaped = new char[chars.Length + extra];
            var at = 0;
            for (var i = 0; i < chars.Length; i++)
            {
                var c = chars[i];
                if (c == '=' || c == ',')
                {
                    escaped[at++] = '=';
                    escaped[at++] = c == '=' ? '3' : '2';
                    escaped[at++] = c == '=' ? 'D' : 'C';
                }
                else
                {
                    escaped[at++] = c;
                }
            }

            return new string(escaped);
        }

        /// <summary>The first step: the client-first-message, which goes into the SASL &lt;auth/&gt; element.</summary>
        /// <returns>"n,,n=user,r=nonce" as UTF-8.</returns>
        /// <exception cref="InvalidOperationException">The message was already created.</exception>
        public byte[] CreateClientFirst()
        {
            RequireState(AwaitingClientFirst, "The client-first-message was already created.");
            clientFirst = Utf8.Encode(Gs2Header + "n=" + username + ",r=" + clientNonce);
            state = AwaitingServerFirst;

            // A copy: the original is part of the AuthMessage that both signatures cover.
            return (byte[])clientFirst.Clone();
        }

        /// <summary>
        /// The second step: checks the server-first-message, derives the keys (or takes them
        /// from <see cref="Secrets"/>) and answers with the client-final-message, which carries
        /// the proof that the client knows the password.
        /// </summary>
        /// <param name="message">The buffer that holds the server-first-message.</param>
        /// <param name="offset">Where the message starts.</param>
        /// <param name="count">The message's length.</param>
        /// <returns>The client-final-message as UTF-8, or <c>null</c> when the server's message is refused (see <see cref="Error"/>).</returns>
        /// <exception cref="InvalidOperationException">Not the step that comes next.</exception>
        public byte[] HandleServerFirst(byte[] message, int offset, int count)
        {
            RequireState(AwaitingServerFirst, "Create the client-first-message first; a server-first-message comes once.");
            var text = Utf8.Decode(message, offset, count);
            if (text == null)
            {
                return Refuse(ScramError.MalformedMessage);
            }

            // A mandatory extension comes before the nonce (RFC 5802 §7, reserved-mext).
            if (text.Length >= 2 && text[0] == 'm' && text[1] == '=')
            {
                return Refuse(ScramError.MandatoryExtension);
            }

            var at = 0;
            var nonce = Attribute(text, 'r', ref at);
            if (nonce == null || nonce.Length == 0 || !IsPrintable(nonce))
            {
                return Refuse(ScramError.MalformedMessage);
            }

            // The server must extend our nonce: a nonce without its part would let an old
            // exchange be replayed.
            if (nonce.Length <= clientNonce.Length || !nonce.StartsWith(clientNonce))
            {
                return Refuse(ScramError.NonceMismatch);
            }

            var saltText = Attribute(text, 's', ref at);
            if (saltText == null || !IsBase64(saltText))
            {
                return Refuse(ScramError.InvalidSalt);
            }

            var salt = Convert.FromBase64String(saltText);
            if (salt.Length == 0 || salt.Length > ScramSecrets.MaxSaltLength)
            {
                return Refuse(ScramError.InvalidSalt);
            }

            var countText = Attribute(text, 'i', ref at);
            var iterations = countText == null ? -1 : ParseCount(countText);
            if (iterations < 0)
            {
                return Refuse(ScramError.MalformedMessage);
            }

            if (iterations < minimumIterations)
            {
                return Refuse(ScramError.IterationCountTooLow);
            }

            if (iterations > maximumIterations)
            {
                return Refuse(ScramError.IterationCountTooHigh);
            }

            // Whatever follows the iteration count is an optional extension: ignored.
            var hmac = KeyedWithSaltedPassword(salt, iterations);
            var size = hmac.HashSize;
            var clientKey = new byte[size];
            var serverKey = new byte[size];
            var storedKey = new byte[size];
            hmac.Compute(ClientKeyLabel, 0, ClientKeyLabel.Length, clientKey, 0);
            hmac.Compute(ServerKeyLabel, 0, ServerKeyLabel.Length, serverKey, 0);

            // StoredKey = H(ClientKey): one plain hash, managed (the native side offers only HMAC).
            hash.Reset();
            hash.Update(clientKey, 0, size);
            hash.Final(storedKey, 0);

            var withoutProof = Utf8.Encode(ChannelBinding + ",r=" + nonce);
            var proof = new byte[size];
            hmac.SetKey(storedKey, 0, size);
            SignAuthMessage(hmac, message, offset, count, withoutProof, proof);
            for (var i = 0; i < size; i++)
            {
                proof[i] ^= clientKey[i];
            }

            serverSignature = new byte[size];
            hmac.SetKey(serverKey, 0, size);
            SignAuthMessage(hmac, message, offset, count, withoutProof, serverSignature);

            Array.Clear(clientKey, 0, size);
            Array.Clear(serverKey, 0, size);
            Array.Clear(storedKey, 0, size);
            state = AwaitingServerFinal;
            return Utf8.Encode(ChannelBinding + ",r=" + nonce + ",p=" + Convert.ToBase64String(proof));
        }

        /// <summary>
        /// The last step: checks the server-final-message (in XMPP the data of &lt;success/&gt;).
        /// Only when it returns <c>true</c> is the login complete: a server that cannot prove it
        /// knows the password is not trusted, even if it says success.
        /// </summary>
        /// <param name="message">The buffer that holds the server-final-message.</param>
        /// <param name="offset">Where the message starts.</param>
        /// <param name="count">The message's length.</param>
        /// <returns><c>true</c> when the server's signature is right; <c>false</c> otherwise (see <see cref="Error"/>).</returns>
        /// <exception cref="InvalidOperationException">Not the step that comes next.</exception>
        public bool HandleServerFinal(byte[] message, int offset, int count)
        {
            RequireState(AwaitingServerFinal, "Handle the server-first-message first; a server-final-message comes once.");
            var text = Utf8.Decode(message, offset, count);
            if (text == null)
            {
                Refuse(ScramError.MalformedMessage);
                return false;
            }

            var at = 0;
            var failure = Attribute(text, 'e', ref at);
            if (failure != null)
            {
                serverError = failure;
                Refuse(ScramError.ServerError);
                return false;
            }

            var verifier = Attribute(text, 'v', ref at);
            if (verifier == null || !IsBase64(verifier))
            {
                Refuse(ScramError.MalformedMessage);
                return false;
            }

            if (!SameBytes(Convert.FromBase64String(verifier), serverSignature))
            {
                Refuse(ScramError.ServerSignatureMismatch);
                return false;
            }

            serverSignature = null;
            state = Done;
            return true;
        }

        /// <summary>The digest length of a SCRAM mechanism this client speaks, or 0 for any other name.</summary>
        internal static int DigestLength(string mechanism)
        {
            if (mechanism == ScramSha1)
            {
                return Sha1.Size;
            }

            return mechanism == ScramSha256 ? Sha256.Size : 0;
        }

        private static string NewNonce(IEntropySource entropy)
        {
            var bytes = new byte[NonceBytes];
            entropy.Fill(bytes, 0, bytes.Length);
            return Convert.ToBase64String(bytes);
        }

        /// <summary>
        /// The value of the attribute <paramref name="name"/> when it starts at
        /// <paramref name="at"/>, which then moves past it; <c>null</c> when another attribute
        /// (or nothing) is there.
        /// </summary>
        private static string Attribute(string text, char name, ref int at)
        {
            if (at + 2 > text.Length || text[at] != name || text[at + 1] != '=')
            {
                return null;
            }

            var end = Utf16.IndexOf(text, ',', at + 2);
            if (end < 0)
            {
                end = text.Length;
            }

            var value = text.Substring(at + 2, end - at - 2);
            at = end + 1;
            return value;
        }

        /// <summary>
        /// Reads a positive number without leading zeros (RFC 5802 §7, posit-number); a number
        /// too large for an int reads as <see cref="int.MaxValue"/>, and anything else as -1.
        /// </summary>
        private static int ParseCount(string text)
        {
            if (text.Length == 0 || text[0] == '0')
            {
                return -1;
            }

            var value = 0;
            for (var i = 0; i < text.Length; i++)
            {
                var c = text[i];
                if (c < '0' || c > '9')
                {
                    return -1;
                }

                if (value <= (int.MaxValue - 9) / 10)
                {
                    value = value * 10 + (c - '0');
                }
                else
                {
                    value = int.MaxValue;
                }
            }

            return value;
        }

        /// <summary>Whether every character is printable ASCII other than ',' (RFC 5802 §7, printable).</summary>
        private static bool IsPrintable(string text)
        {
            for (var i = 0; i < text.Length; i++)
            {
                var c = text[i];
                if (c < '!' || c > '~' || c == ',')
                {
                    return false;
                }
            }

            return true;
        }

        /// <summary>
        /// Whether <paramref name="text"/> is non-empty, padded base64. Checked here because
        /// <see cref="Convert.FromBase64String"/> skips white space and may throw or not on
        /// garbage depending on the platform. The stream layer checks SASL data with it too.
        /// </summary>
        internal static bool IsBase64(string text)
        {
            var length = text.Length;
            if (length == 0 || length % 4 != 0)
            {
                return false;
            }

            var data = length;
            if (text[length - 1] == '=')
            {
                data = text[length - 2] == '=' ? length - 2 : length - 1;
            }

            for (var i = 0; i < data; i++)
            {
                var c = text[i];
                if (!((c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '+' || c == '/'))
                {
                    return false;
                }
            }

            return true;
        }

        /// <summary>Compares in time that does not depend on where the arrays differ, so that timing reveals nothing of the expected signature.</summary>
        private static bool SameBytes(byte[] left, byte[] right)
        {
            if (left.Length != right.Length)
            {
                return false;
            }

            var difference = 0;
            for (var i = 0; i < left.Length; i++)
            {
                difference |= left[i] ^ right[i];
            }

            return difference == 0;
        }

        /// <summary>
        /// An HMAC keyed with SaltedPassword: from <see cref="Secrets"/> when they match what
        /// the server sent, from PBKDF2 over the password otherwise.
        /// </summary>
        private IMac KeyedWithSaltedPassword(byte[] salt, int iterations)
        {
            if (secrets != null && secrets.Matches(mechanism, salt, iterations))
            {
                password = null;
                return NewMac(secrets.SaltedPassword);
            }

            var passwordBytes = Utf8.Encode(password);
            password = null;
            var hmac = NewMac(passwordBytes);
            Array.Clear(passwordBytes, 0, passwordBytes.Length);
            var saltedPassword = Pbkdf2.Hi(hmac, salt, iterations);
            secrets = new ScramSecrets(mechanism, salt, iterations, saltedPassword);
            hmac.SetKey(saltedPassword, 0, saltedPassword.Length);
            return hmac;
        }

        private IMac NewMac(byte[] key)
        {
            return mechanism == ScramSha1 ? macs.CreateHmacSha1(key) : macs.CreateHmacSha256(key);
        }

        /// <summary>
        /// HMAC(key, AuthMessage) into <paramref name="output"/>, where AuthMessage is
        /// client-first-message-bare "," server-first-message "," client-final-message-without-proof
        /// (RFC 5802 §3); fed in pieces, so that AuthMessage is never built.
        /// </summary>
        private void SignAuthMessage(IMac hmac, byte[] serverFirst, int offset, int count, byte[] withoutProof, byte[] output)
        {
            hmac.Update(clientFirst, Gs2Header.Length, clientFirst.Length - Gs2Header.Length);
            hmac.Update(Comma, 0, Comma.Length);
            hmac.Update(serverFirst, offset, count);
            hmac.Update(Comma, 0, Comma.Length);
            hmac.Update(withoutProof, 0, withoutProof.Length);
            hmac.Final(output, 0);
        }

        private byte[] Refuse(string reason)
        {
            error = reason;
            state = Failed;
            password = null;
            serverSignature = null;
            return null;
        }

        private void RequireState(int expected, string message)
        {
            if (state != expected)
            {
                throw new InvalidOperationException(state == Failed ? "The exchange has failed: " + error : message);
            }
        }
    }
}
