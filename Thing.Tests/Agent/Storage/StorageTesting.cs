using SiotThing.Protocol.Sasl;
using SiotThing.Protocol.Storage;

namespace SiotThing.Tests.Storage
{
    /// <summary>Values for state tests: keys, SCRAM secrets, JIDs of a chosen size, a full state.</summary>
    public static class StorageTesting
    {
        /// <summary>A claim key (the protocol notes' example).</summary>
        public const string Key = "TWNK-KD5Y-MT3T-E1GS-DRDB-KVTW";

        /// <summary>Another claim key, as a factory reset draws.</summary>
        public const string NewKey = "ABCD-EFGH-IJKL-MNPQ-RSTU-VWXY";

        /// <summary>The SCRAM-SHA-1 secrets of RFC 5802's example, as the store keeps them.</summary>
        /// <returns>The bytes of <see cref="ScramSecrets.ToBytes"/>.</returns>
        public static byte[] SecretsBytes()
        {
            return new ScramSecrets(ScramClient.ScramSha1, Hex.Parse("4125c247e43ab1e93c6dff76"), 4096, Hex.Parse("1d96ee3a529b5a5f9e47c01f229a2cb8a6e15f7d")).ToBytes();
        }

        /// <summary>A bare JID at example.org of exactly <paramref name="utf8Length"/> UTF-8 bytes, all different for different <paramref name="tag"/>.</summary>
        /// <param name="utf8Length">Its length in bytes, at least 14.</param>
        /// <param name="tag">A letter that starts the localpart.</param>
        /// <returns>The JID.</returns>
        public static string JidOfLength(int utf8Length, char tag)
        {
            return tag + new string('x', utf8Length - 13) + "@example.org";
        }

        /// <summary>The largest state there is: every field set, every JID as long as allowed.</summary>
        /// <returns>The state.</returns>
        public static ThingState LargestState()
        {
            var state = new ThingState();
            state.ClaimKey = Key;
            state.Registered = true;
            state.RosterCleanupPending = true;
            state.Owner = JidOfLength(ThingState.MaxJidLength, 'o');
            state.ScramSecretsBytes = new byte[ThingState.MaxScramSecretsLength];
            for (var i = 0; i < ThingState.MaxPendingRequests; i++)
            {
                state.PendingRequests.Add(JidOfLength(ThingState.MaxJidLength, (char)('a' + i)));
            }

            return state;
        }
    }
}
