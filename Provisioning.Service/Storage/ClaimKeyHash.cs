using System.Security.Cryptography;
using System.Text;

namespace SiotThing.Provisioning.Storage;

/// <summary>
/// What the store keeps of a claim key: the SHA-256 of its grouped form. The store only ever
/// compares keys, so it need not hold them, and a copy of the database gives no one a key. The
/// key's 122 random bits make a plain hash enough: there is nothing to guess from it.
/// </summary>
internal static class ClaimKeyHash
{
    /// <summary>The hash of a key in its grouped form, as lower-case hex.</summary>
    public static string Of(string groupedKey) => Convert.ToHexStringLower(SHA256.HashData(Encoding.ASCII.GetBytes(groupedKey)));
}
