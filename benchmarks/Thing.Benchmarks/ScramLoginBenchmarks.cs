using BenchmarkDotNet.Attributes;
using SiotThing.Protocol.Sasl;

namespace SiotThing.Benchmarks;

/// <summary>
/// What a SCRAM login costs the client: one whole <see cref="ScramClient"/> exchange
/// (client-first, server-first, client-final, server-final verified) against
/// <see cref="ScramTestServer"/>, for SCRAM-SHA-1 and SCRAM-SHA-256 at 4096 iterations
/// (ejabberd's default) and 10000 (Prosody's), with PBKDF2 run afresh or skipped through cached
/// <see cref="ScramSecrets"/>. The server's messages are computed once in the setup (the client's
/// nonce repeats, see <see cref="RepeatingEntropy"/>), so only the client's work is measured.
/// </summary>
[MemoryDiagnoser]
public class ScramLoginBenchmarks
{
    private const string User = "bulb";
    private const string Password = "correct horse battery staple";

    private readonly RepeatingEntropy entropy = new RepeatingEntropy();
    private byte[] serverFirst = null!;
    private byte[] serverFinal = null!;
    private ScramSecrets secrets = null!;

    /// <summary>The mechanism.</summary>
    [Params(ScramClient.ScramSha1, ScramClient.ScramSha256)]
    public string Mechanism { get; set; } = ScramClient.ScramSha1;

    /// <summary>The iteration count the server asks for.</summary>
    [Params(4096, 10000)]
    public int Iterations { get; set; }

    /// <summary>Whether the client has the salted password of its last login (so PBKDF2 is skipped).</summary>
    [Params(false, true)]
    public bool CachedSecrets { get; set; }

    /// <summary>Runs one exchange against the server, checking the proof, and keeps its messages and the secrets.</summary>
    [GlobalSetup]
    public void Setup()
    {
        var salt = new byte[16];
        entropy.Fill(salt, 0, salt.Length);
        var server = new ScramTestServer(Mechanism, Password, salt, Iterations);

        var client = new ScramClient(Mechanism, User, Password, entropy);
        serverFirst = server.ServerFirst(client.CreateClientFirst());
        var clientFinal = client.HandleServerFirst(serverFirst, 0, serverFirst.Length)
            ?? throw new InvalidOperationException("the client refused the server-first-message: " + client.Error);
        serverFinal = server.ServerFinal(clientFinal);
        if (!client.HandleServerFinal(serverFinal, 0, serverFinal.Length))
        {
            throw new InvalidOperationException("the client refused the server's signature: " + client.Error);
        }

        secrets = client.Secrets;
        if (!Login())
        {
            throw new InvalidOperationException("a repeated exchange failed");
        }
    }

    /// <summary>One whole exchange, as the client runs it at every login.</summary>
    /// <returns>Whether the server's signature was right (always, or the setup would have failed).</returns>
    [Benchmark]
    public bool Login()
    {
        var client = new ScramClient(Mechanism, User, Password, entropy);
        if (CachedSecrets)
        {
            client.Secrets = secrets;
        }

        client.CreateClientFirst();
        client.HandleServerFirst(serverFirst, 0, serverFirst.Length);
        return client.HandleServerFinal(serverFinal, 0, serverFinal.Length);
    }
}
