namespace SiotThing.Protocol.Crypto
{
    /// <summary>
    /// A one-shot MAC: the shape of nanoFramework's native <c>HMACSHA256.HashData(key, source)</c>,
    /// which <see cref="OneShotMac"/> turns into an <see cref="IMac"/>. Non-generic: the device's
    /// interpreter has no Func&lt;T1, T2, TResult&gt;.
    /// </summary>
    /// <param name="key">The key, exactly.</param>
    /// <param name="message">The whole message, exactly.</param>
    /// <returns>A new array with the MAC.</returns>
    public delegate byte[] MacFunction(byte[] key, byte[] message);
}
