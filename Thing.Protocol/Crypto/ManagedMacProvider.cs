namespace SiotThing.Protocol.Crypto
{
    /// <summary>The default <see cref="IMacProvider"/>: <see cref="Hmac"/> over this core's <see cref="Sha1"/> and <see cref="Sha256"/>, which run anywhere mscorlib does.</summary>
    public sealed class ManagedMacProvider : IMacProvider
    {
        /// <summary>One shared instance: it holds no state.</summary>
        public static readonly ManagedMacProvider Instance = new ManagedMacProvider();

        /// <inheritdoc />
        public IMac CreateHmacSha1(byte[] key)
        {
            return new Hmac(new Sha1(), key);
        }

        /// <inheritdoc />
        public IMac CreateHmacSha256(byte[] key)
        {
            return new Hmac(new Sha256(), key);
        }
    }
}
