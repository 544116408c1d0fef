using SiotThing.Protocol.Sasl;
using SiotThing.Protocol.Storage;

namespace SiotThing.Protocol.Agent
{
    /// <summary>
    /// Keeps the SCRAM secrets (the salted password, RFC 5802) in the thing's stored state, so that
    /// the next login does not pay for PBKDF2 again (seconds in the interpreter).
    /// It decides when the store is written: only when the secrets differ from the stored ones, so
    /// that every session start does not wear the flash. It does not decide whether the secrets
    /// fit a server's challenge (the SASL code does) nor when a session starts (the agent tells it).
    /// </summary>
    public sealed class ScramSecretsKeeper
    {
        private readonly ThingStateStore store;
        private readonly ThingState state;

        /// <summary>Creates the keeper over the thing's state.</summary>
        /// <param name="store">Where the state is saved.</param>
        /// <param name="state">The thing's state, whose secrets it keeps.</param>
        public ScramSecretsKeeper(ThingStateStore store, ThingState state)
        {
            this.store = store;
            this.state = state;
        }

        /// <summary>The stored secrets, or <c>null</c> when none are stored.</summary>
        public ScramSecrets Stored
        {
            get { return state.ScramSecretsBytes == null ? null : ScramSecrets.FromBytes(state.ScramSecretsBytes); }
        }

        /// <summary>Keeps the secrets of a login; saves the state only when they changed.</summary>
        /// <param name="secrets">The client's secrets after a login, or <c>null</c> (none computed).</param>
        /// <returns>Whether the state was saved.</returns>
        public bool Keep(ScramSecrets secrets)
        {
            if (secrets == null)
            {
                return false;
            }

            var bytes = secrets.ToBytes();
            if (state.ScramSecretsBytes != null && SameBytes(state.ScramSecretsBytes, bytes))
            {
                return false;
            }

            state.ScramSecretsBytes = bytes;
            store.Save(state);
            return true;
        }

        private static bool SameBytes(byte[] first, byte[] second)
        {
            if (first.Length != second.Length)
            {
                return false;
            }

            for (var i = 0; i < first.Length; i++)
            {
                if (first[i] != second[i])
                {
                    return false;
                }
            }

            return true;
        }
    }
}
