namespace SiotThing.Protocol.Crypto
{
    /// <summary>
    /// A keyed MAC over caller buffers (HMAC in practice): what SCRAM's PBKDF2 and proofs need,
    /// so that the managed <see cref="Hmac"/> and a native one (the ESP32's mbedTLS HMAC-SHA-256)
    /// can stand for each other.
    /// </summary>
    public interface IMac
    {
        /// <summary>The length of a MAC in bytes.</summary>
        int HashSize { get; }

        /// <summary>Replaces the key and discards any message in progress.</summary>
        /// <param name="key">The buffer that holds the key.</param>
        /// <param name="offset">Where the key starts.</param>
        /// <param name="count">The key's length.</param>
        void SetKey(byte[] key, int offset, int count);

        /// <summary>Discards the message in progress; the key stays.</summary>
        void Reset();

        /// <summary>Adds bytes to the message.</summary>
        /// <param name="data">The buffer that holds the bytes.</param>
        /// <param name="offset">The first byte to add.</param>
        /// <param name="count">How many bytes to add.</param>
        void Update(byte[] data, int offset, int count);

        /// <summary>Writes the MAC of the message, then starts a new message with the same key.</summary>
        /// <param name="output">Where to write; it must have room for <see cref="HashSize"/> bytes.</param>
        /// <param name="offset">The first index to write.</param>
        void Final(byte[] output, int offset);

        /// <summary>Computes the MAC of one whole message; any message in progress is discarded first.</summary>
        /// <param name="data">The buffer that holds the message.</param>
        /// <param name="offset">Where the message starts.</param>
        /// <param name="count">The message's length.</param>
        /// <param name="output">Where to write; it may be the message's own buffer.</param>
        /// <param name="outputOffset">The first index to write.</param>
        void Compute(byte[] data, int offset, int count, byte[] output, int outputOffset);
    }
}
