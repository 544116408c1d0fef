using SiotThing.Protocol.Crypto;

namespace SiotThing.Tests.Crypto.Sasl
{
    /// <summary>
    /// Stands for the ESP32's native provider: <see cref="OneShotMac"/> over a one-shot function
    /// (here the managed HMAC, as <c>HMACSHA256.HashData</c> would be natively), counting calls.
    /// </summary>
    public sealed class OneShotMacProvider : IMacProvider
    {
        /// <summary>How many MACs of each kind were asked for.</summary>
        public int Sha1Created { get; private set; }

        /// <summary>How many HMAC-SHA-256 were asked for.</summary>
        public int Sha256Created { get; private set; }

        /// <summary>How many one-shot calls were made.</summary>
        public int Calls { get; private set; }

        /// <inheritdoc />
        public IMac CreateHmacSha1(byte[] key)
        {
            Sha1Created++;
            return new OneShotMac(new MacFunction(HashSha1), 20, key);
        }

        /// <inheritdoc />
        public IMac CreateHmacSha256(byte[] key)
        {
            Sha256Created++;
            return new OneShotMac(new MacFunction(HashSha256), 32, key);
        }

        private byte[] HashSha1(byte[] key, byte[] message)
        {
            return Once(new Hmac(new Sha1(), key), message);
        }

        private byte[] HashSha256(byte[] key, byte[] message)
        {
            return Once(new Hmac(new Sha256(), key), message);
        }

        private byte[] Once(Hmac mac, byte[] message)
        {
            Calls++;
            var result = new byte[mac.HashSize];
            mac.Compute(message, 0, message.Length, result, 0);
            return result;
        }
    }
}
