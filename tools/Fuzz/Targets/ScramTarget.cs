using SiotThing.Protocol.Sasl;

namespace SiotThing.Fuzz.Targets;

/// <summary>
/// The SCRAM client fed a server-first message and a server-final message (the input split at
/// its first NUL, or whole as server-first), for SCRAM-SHA-1 or -256 by the input's length.
/// </summary>
public sealed class ScramTarget : IFuzzTarget
{
    /// <inheritdoc />
    public string Name => "scram";

    /// <inheritdoc />
    public void Run(byte[] input)
    {
        var mechanism = input.Length % 2 == 0 ? ScramClient.ScramSha1 : ScramClient.ScramSha256;
        // Only the iteration count of its seeds: a million (the client's own cap) is a second per input.
        var client = new ScramClient(mechanism, "thing", "pencil", "fyko+d2lbbFgONRv9qkxdawL") { MaximumIterations = 4096 };
        client.CreateClientFirst();
        var split = Array.IndexOf(input, (byte)0);
        var first = split < 0 ? input.Length : split;
        if (client.HandleServerFirst(input, 0, first) != null && split >= 0)
        {
            client.HandleServerFinal(input, split + 1, input.Length - split - 1);
        }
    }
}
