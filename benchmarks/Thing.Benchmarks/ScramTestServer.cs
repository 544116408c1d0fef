using System.Text;
using SiotThing.Protocol.Crypto;
using SiotThing.Protocol.Sasl;

namespace SiotThing.Benchmarks;

/// <summary>
/// The server side of SCRAM (RFC 5802 §3, RFC 7677), built from Thing.Protocol's own hashes, HMAC
/// and PBKDF2: it stores StoredKey and ServerKey as a server does, checks the client's proof and
/// signs the exchange. Enough to drive <see cref="ScramClient"/> through a real exchange; not
/// hardened (it throws on anything unexpected).
/// </summary>
public sealed class ScramTestServer
{
    private const string ServerNonce = "3rfcNHYJY1ZVvWVs7jxk9Q";

    private readonly string mechanism;
    private readonly byte[] salt;
    private readonly int iterations;
    private readonly byte[] storedKey;
    private readonly byte[] serverKey;
    private string clientFirstBare = string.Empty;
    private string serverFirst = string.Empty;

    /// <summary>Creates the account's server-side secrets (PBKDF2 runs here, once).</summary>
    /// <param name="mechanism"><see cref="ScramClient.ScramSha1"/> or <see cref="ScramClient.ScramSha256"/>.</param>
    /// <param name="password">The account's password.</param>
    /// <param name="salt">The account's salt.</param>
    /// <param name="iterations">The iteration count.</param>
    public ScramTestServer(string mechanism, string password, byte[] salt, int iterations)
    {
        this.mechanism = mechanism;
        this.salt = salt;
        this.iterations = iterations;
        var saltedPassword = Pbkdf2.Hi(NewHmac(Encoding.UTF8.GetBytes(password)), salt, iterations);
        var clientKey = Mac(saltedPassword, "Client Key");
        storedKey = Hash(clientKey);
        serverKey = Mac(saltedPassword, "Server Key");
    }

    /// <summary>Answers the client-first-message (<c>n,,n=user,r=nonce</c>) with the server-first-message.</summary>
    /// <param name="clientFirst">The client's message.</param>
    /// <returns>The server-first-message.</returns>
    public byte[] ServerFirst(byte[] clientFirst)
    {
        var text = Encoding.UTF8.GetString(clientFirst);
        if (!text.StartsWith("n,,n=", StringComparison.Ordinal))
        {
            throw new InvalidOperationException("unexpected client-first-message " + text);
        }

        clientFirstBare = text.Substring(3);
        var clientNonce = clientFirstBare.Substring(clientFirstBare.IndexOf(",r=", StringComparison.Ordinal) + 3);
        serverFirst = $"r={clientNonce}{ServerNonce},s={Convert.ToBase64String(salt)},i={iterations}";
        return Encoding.UTF8.GetBytes(serverFirst);
    }

    /// <summary>Checks the client's proof and answers with the server-final-message (<c>v=signature</c>).</summary>
    /// <param name="clientFinal">The client-final-message.</param>
    /// <returns>The server-final-message.</returns>
    /// <exception cref="InvalidOperationException">The proof is wrong.</exception>
    public byte[] ServerFinal(byte[] clientFinal)
    {
        var text = Encoding.UTF8.GetString(clientFinal);
        var proofAt = text.LastIndexOf(",p=", StringComparison.Ordinal);
        var withoutProof = text.Substring(0, proofAt);
        var proof = Convert.FromBase64String(text.Substring(proofAt + 3));
        var authMessage = clientFirstBare + "," + serverFirst + "," + withoutProof;

        // ClientKey = ClientProof XOR HMAC(StoredKey, AuthMessage), and H(ClientKey) must be StoredKey.
        var clientSignature = Mac(storedKey, authMessage);
        for (var i = 0; i < proof.Length; i++)
        {
            proof[i] ^= clientSignature[i];
        }

        if (!Hash(proof).AsSpan().SequenceEqual(storedKey))
        {
            throw new InvalidOperationException("the client's proof is wrong");
        }

        return Encoding.UTF8.GetBytes("v=" + Convert.ToBase64String(Mac(serverKey, authMessage)));
    }

    private IHashFunction NewHash() => mechanism == ScramClient.ScramSha1 ? new Sha1() : new Sha256();

    private Hmac NewHmac(byte[] key) => new Hmac(NewHash(), key);

    private byte[] Mac(byte[] key, string message)
    {
        var hmac = NewHmac(key);
        var data = Encoding.UTF8.GetBytes(message);
        var output = new byte[hmac.HashSize];
        hmac.Compute(data, 0, data.Length, output, 0);
        return output;
    }

    private byte[] Hash(byte[] data)
    {
        var hash = NewHash();
        var output = new byte[hash.HashSize];
        hash.Update(data, 0, data.Length);
        hash.Final(output, 0);
        return output;
    }
}
