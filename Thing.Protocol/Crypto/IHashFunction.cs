namespace SiotThing.Protocol.Crypto
{
    /// <summary>
    /// An incremental hash function over caller buffers. It exists because nanoFramework has no
    /// SHA-1 and no plain SHA-256 (only a native HMAC-SHA-256), and SCRAM needs both hashes and
    /// HMACs over them.
    /// </summary>
    /// <remarks>
    /// <see cref="SaveState"/> and <see cref="LoadState"/> let <see cref="Hmac"/> absorb its
    /// padded keys once and start every later message from the saved states: that halves the
    /// work of PBKDF2, which on the device takes seconds.
    /// </remarks>
    public interface IHashFunction
    {
        /// <summary>The length of the digest in bytes.</summary>
        int HashSize { get; }

        /// <summary>The length of the blocks the function compresses, in bytes.</summary>
        int BlockSize { get; }

        /// <summary>The length of the state <see cref="SaveState"/> writes, in 32-bit words.</summary>
        int StateSize { get; }

        /// <summary>Forgets everything hashed so far.</summary>
        void Reset();

        /// <summary>Hashes <paramref name="count"/> bytes of <paramref name="data"/> from <paramref name="offset"/>.</summary>
        /// <param name="data">The buffer that holds the bytes.</param>
        /// <param name="offset">The first byte to hash.</param>
        /// <param name="count">How many bytes to hash.</param>
        void Update(byte[] data, int offset, int count);

        /// <summary>Writes the digest of everything hashed since the last reset, then resets.</summary>
        /// <param name="output">Where to write; it must have room for <see cref="HashSize"/> bytes.</param>
        /// <param name="offset">The first index to write.</param>
        void Final(byte[] output, int offset);

        /// <summary>
        /// Copies the state into <paramref name="state"/>; only possible when the bytes hashed
        /// since the last reset fill whole blocks.
        /// </summary>
        /// <param name="state">Where to write; it must have room for <see cref="StateSize"/> words.</param>
        /// <exception cref="System.InvalidOperationException">A partial block is pending.</exception>
        void SaveState(uint[] state);

        /// <summary>Continues from a state that <see cref="SaveState"/> wrote, as if the same bytes had been hashed again.</summary>
        /// <param name="state">The saved state.</param>
        void LoadState(uint[] state);
    }
}
