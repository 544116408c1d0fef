using System;
using SiotThing.Protocol.Crypto;
using SiotThing.Protocol.Sasl;
using SiotThing.Protocol.Text;

namespace SiotThing.Tests.Xmpp
{
    /// <summary>
    /// The server side of one SCRAM exchange (RFC 5802, RFC 7677), computed with the crypto
    /// classes of the core: it reads the client's messages as they come out of the client, checks
    /// the proof, and answers with a server signature the client can verify. SASL data goes in
    /// and out base64-encoded, as it is carried in the XMPP elements.
    /// </summary>
    public sealed class ScramServer
    {
        /// <summary>The salt every test account has (RFC 5802's example salt).</summary>
        public const string SaltBase64 = "QSXCR+Q6sek8bf92";

        /// <summary>The iteration count of every test account: the lowest the client accepts.</summary>
        public const int Iterations = 4096;

        /// <summary>The server's part of the nonce.</summary>
        public const string ServerNonce = "3rfcNHYJY1ZVvWVs7j";

        // PBKDF2 runs once per mechanism for the whole test run: slow in the device's interpreter.
        private static byte[] sha1SaltedPassword;
        private static byte[] sha256SaltedPassword;

        private readonly string mechanism;
        private string clientFirstBare;
        private string serverFirst;

        /// <summary>Prepares the server side for <paramref name="mechanism"/> and the harness's password.</summary>
        /// <param name="mechanism"><see cref="ScramClient.ScramSha1"/> or <see cref="ScramClient.ScramSha256"/>.</param>
        public ScramServer(string mechanism)
        {
            this.mechanism = mechanism;
        }

        /// <summary>Whether the client's proof was right (set by <see cref="ServerFinal"/>).</summary>
        public bool ProofValid { get; private set; }

        /// <summary>The client's nonce, from its first message.</summary>
        public string ClientNonce { get; private set; }

        /// <summary>Secrets for the account as the client would cache them, so that a test's client can skip PBKDF2.</summary>
        /// <param name="mechanism">The mechanism.</param>
        /// <returns>New secrets.</returns>
        public static ScramSecrets Secrets(string mechanism)
        {
            return new ScramSecrets(mechanism, Convert.FromBase64String(SaltBase64), Iterations, SaltedPassword(mechanism));
        }

        /// <summary>Hi(password, salt, i) of the harness's account, computed once per mechanism.</summary>
        /// <param name="mechanism">The mechanism.</param>
        /// <returns>The salted password (shared: do not change it).</returns>
        public static byte[] SaltedPassword(string mechanism)
        {
            if (mechanism == ScramClient.ScramSha1)
            {
                if (sha1SaltedPassword == null)
                {
                    sha1SaltedPassword = Derive(new Sha1());
                }

                return sha1SaltedPassword;
            }

            if (sha256SaltedPassword == null)
            {
                sha256SaltedPassword = Derive(new Sha256());
            }

            return sha256SaltedPassword;
        }

        /// <summary>Reads the client-first-message and answers with the server-first-message.</summary>
        /// <param name="clientFirstBase64">The data of the client's &lt;auth/&gt;.</param>
        /// <returns>The server-first-message, base64-encoded, for a &lt;challenge/&gt;.</returns>
        public string ServerFirst(string clientFirstBase64)
        {
            var clientFirst = Decode(clientFirstBase64);
            if (!clientFirst.StartsWith("n,,"))
            {
                throw new InvalidOperationException("the client-first-message does not start with n,,: " + clientFirst);
            }

            clientFirstBare = clientFirst.Substring(3);
            var nonceAt = Utf16.IndexOf(clientFirstBare, ",r=", 0);
            ClientNonce = clientFirstBare.Substring(nonceAt + 3);
            serverFirst = "r=" + ClientNonce + ServerNonce + ",s=" + SaltBase64 + ",i=" + Iterations.ToString();
            return Encode(serverFirst);
        }

        /// <summary>Reads the client-final-message, checks its proof and answers with the server signature.</summary>
        /// <param name="clientFinalBase64">The data of the client's &lt;response/&gt;.</param>
        /// <returns>The server-final-message ("v=..."), base64-encoded, for &lt;success/&gt;.</returns>
        public string ServerFinal(string clientFinalBase64)
        {
            var clientFinal = Decode(clientFinalBase64);
            var proofAt = Utf16.IndexOf(clientFinal, ",p=", 0);
            var withoutProof = clientFinal.Substring(0, proofAt);
            var proof = Convert.FromBase64String(clientFinal.Substring(proofAt + 3));
            var authMessage = Utf8.Encode(clientFirstBare + "," + serverFirst + "," + withoutProof);

            var salted = SaltedPassword(mechanism);
            var hmac = new Hmac(NewHash(), salted);
            var size = hmac.HashSize;
            var clientKey = Mac(hmac, "Client Key");
            var serverKey = Mac(hmac, "Server Key");
            var hash = NewHash();
            var storedKey = new byte[size];
            hash.Update(clientKey, 0, size);
            hash.Final(storedKey, 0);

            // RFC 5802 §3: ClientKey = ClientProof XOR HMAC(StoredKey, AuthMessage).
            var clientSignature = new byte[size];
            hmac.SetKey(storedKey, 0, size);
            hmac.Compute(authMessage, 0, authMessage.Length, clientSignature, 0);
            var valid = proof.Length == size;
            for (var i = 0; valid && i < size; i++)
            {
                valid = (byte)(proof[i] ^ clientSignature[i]) == clientKey[i];
            }

            ProofValid = valid;
            var serverSignature = new byte[size];
            hmac.SetKey(serverKey, 0, size);
            hmac.Compute(authMessage, 0, authMessage.Length, serverSignature, 0);
            return Encode("v=" + Convert.ToBase64String(serverSignature));
        }

        /// <summary>Base64 of a text's UTF-8 bytes.</summary>
        /// <param name="text">The text.</param>
        /// <returns>The base64.</returns>
        public static string Encode(string text)
        {
            return Convert.ToBase64String(Utf8.Encode(text));
        }

        /// <summary>The text whose UTF-8 bytes <paramref name="base64"/> encodes.</summary>
        /// <param name="base64">The base64.</param>
        /// <returns>The text.</returns>
        public static string Decode(string base64)
        {
            var bytes = Convert.FromBase64String(base64);
            return Utf8.Decode(bytes, 0, bytes.Length);
        }

        private IHashFunction NewHash()
        {
            return mechanism == ScramClient.ScramSha1 ? new Sha1() : (IHashFunction)new Sha256();
        }

        private static byte[] Derive(IHashFunction hash)
        {
            return Pbkdf2.Hi(new Hmac(hash, Utf8.Encode(ClientHarness.Password)), Convert.FromBase64String(SaltBase64), Iterations);
        }

        private static byte[] Mac(Hmac hmac, string label)
        {
            var data = Utf8.Encode(label);
            var mac = new byte[hmac.HashSize];
            hmac.Compute(data, 0, data.Length, mac, 0);
            return mac;
        }
    }
}
