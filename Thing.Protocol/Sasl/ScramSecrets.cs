using System;
using SiotThing.Protocol.Text;

namespace SiotThing.Protocol.Sasl
{
    /// <summary>
    /// A SCRAM salted password with the parameters it was derived with, kept between logins so
    /// that a reconnect to a server that sends the same salt and iteration count skips PBKDF2
    /// (RFC 5802 §5.1 allows this cache). On the device PBKDF2 takes many seconds; a reconnect
    /// after a Wi-Fi drop should not.
    /// </summary>
    /// <remarks>
    /// The salted password is as good as the password for logging in to this account: store it
    /// where the password is stored. Nothing here binds it to the password, so whoever changes
    /// the configured password must discard the cached secrets, and a login that fails with
    /// cached secrets should be retried once without them. The instance owns the arrays it is
    /// given and hands out: do not change them.
    /// </remarks>
    public sealed class ScramSecrets
    {
        /// <summary>The first byte of <see cref="ToBytes"/>, raised whenever the layout changes.</summary>
        public const byte FormatVersion = 1;

        /// <summary>The longest salt the record can hold (its length is stored in two bytes).</summary>
        public const int MaxSaltLength = 0xFFFF;

        private readonly string mechanism;
        private readonly byte[] salt;
        private readonly int iterations;
        private readonly byte[] saltedPassword;

        /// <summary>Creates the secrets of one account.</summary>
        /// <param name="mechanism"><see cref="ScramClient.ScramSha1"/> or <see cref="ScramClient.ScramSha256"/>.</param>
        /// <param name="salt">The salt the server sent, at least one byte and at most 65535.</param>
        /// <param name="iterations">The iteration count the server sent, at least 1.</param>
        /// <param name="saltedPassword">Hi(password, salt, iterations), as long as the mechanism's digest.</param>
        /// <exception cref="System.ArgumentException">A value is out of range or does not fit the mechanism.</exception>
        public ScramSecrets(string mechanism, byte[] salt, int iterations, byte[] saltedPassword)
        {
            if (ScramClient.DigestLength(mechanism) == 0)
            {
                throw new ArgumentException("Not a SCRAM mechanism this client speaks.", "mechanism");
            }

            if (salt == null || salt.Length == 0 || salt.Length > MaxSaltLength)
            {
                throw new ArgumentException("A salt has 1 to 65535 bytes.", "salt");
            }

            if (iterations < 1)
            {
                throw new ArgumentException("The iteration count is at least 1.", "iterations");
            }

            if (saltedPassword == null || saltedPassword.Length != ScramClient.DigestLength(mechanism))
            {
                throw new ArgumentException("The salted password is as long as the mechanism's digest.", "saltedPassword");
            }

            this.mechanism = mechanism;
            this.salt = salt;
            this.iterations = iterations;
            this.saltedPassword = saltedPassword;
        }

        /// <summary>The mechanism the secrets belong to: a SCRAM-SHA-1 salted password is useless for SCRAM-SHA-256.</summary>
        public string Mechanism
        {
            get { return mechanism; }
        }

        /// <summary>The salt the server sent.</summary>
        public byte[] Salt
        {
            get { return salt; }
        }

        /// <summary>The iteration count the server sent.</summary>
        public int Iterations
        {
            get { return iterations; }
        }

        /// <summary>Hi(password, salt, iterations) of RFC 5802 §3.</summary>
        public byte[] SaltedPassword
        {
            get { return saltedPassword; }
        }

        /// <summary>Whether these secrets answer a server that sent this salt and iteration count for this mechanism.</summary>
        /// <param name="mechanism">The mechanism of the exchange.</param>
        /// <param name="salt">The salt the server sent.</param>
        /// <param name="iterations">The iteration count the server sent.</param>
        /// <returns><c>true</c> when the salted password can be used as it is.</returns>
        public bool Matches(string mechanism, byte[] salt, int iterations)
        {
            if (mechanism != this.mechanism || iterations != this.iterations || salt.Length != this.salt.Length)
            {
                return false;
            }

            // The salt is public (the server sends it in the clear): no need to compare in constant time.
            for (var i = 0; i < salt.Length; i++)
            {
                if (salt[i] != this.salt[i])
                {
                    return false;
                }
            }

            return true;
        }

        /// <summary>
        /// The secrets as bytes for the store: the format version, the mechanism name (length
        /// byte, ASCII), the iteration count (4 bytes, big-endian), the salt (2-byte big-endian
        /// length, bytes) and the salted password (length byte, bytes).
        /// </summary>
        /// <returns>A new array that <see cref="FromBytes(byte[], int, int)"/> reads back.</returns>
        public byte[] ToBytes()
        {
            var name = Utf8.Encode(mechanism);
            var bytes = new byte[1 + 1 + name.Length + 4 + 2 + salt.Length + 1 + saltedPassword.Length];
            var at = 0;
            bytes[at++] = FormatVersion;
            bytes[at++] = (byte)name.Length;
            Array.Copy(name, 0, bytes, at, name.Length);
            at += name.Length;
            bytes[at++] = (byte)(iterations >> 24);
            bytes[at++] = (byte)(iterations >> 16);
            bytes[at++] = (byte)(iterations >> 8);
            bytes[at++] = (byte)iterations;
            bytes[at++] = (byte)(salt.Length >> 8);
            bytes[at++] = (byte)salt.Length;
            Array.Copy(salt, 0, bytes, at, salt.Length);
            at += salt.Length;
            bytes[at++] = (byte)saltedPassword.Length;
            Array.Copy(saltedPassword, 0, bytes, at, saltedPassword.Length);
            return bytes;
        }

        /// <summary>Reads what <see cref="ToBytes"/> wrote.</summary>
        /// <param name="bytes">The stored bytes, or <c>null</c>.</param>
        /// <returns>The secrets, or <c>null</c> when the bytes are not a whole, valid record of this format version.</returns>
        public static ScramSecrets FromBytes(byte[] bytes)
        {
            return bytes == null ? null : FromBytes(bytes, 0, bytes.Length);
        }

        /// <summary>
        /// Reads what <see cref="ToBytes"/> wrote. A store may hand back anything (an older
        /// version, a torn write, another file): whatever is not exactly one valid record gives
        /// <c>null</c>, and the next login simply runs PBKDF2 again.
        /// </summary>
        /// <param name="bytes">The buffer.</param>
        /// <param name="offset">Where the record starts.</param>
        /// <param name="count">The record's length.</param>
        /// <returns>The secrets, or <c>null</c> when the bytes are not a whole, valid record of this format version.</returns>
        public static ScramSecrets FromBytes(byte[] bytes, int offset, int count)
        {
            var end = offset + count;
            var at = offset;
            if (count < 2 || bytes[at++] != FormatVersion)
            {
                return null;
            }

            int nameLength = bytes[at++];
            if (end - at < nameLength + 4 + 2)
            {
                return null;
            }

            var name = Utf8.Decode(bytes, at, nameLength);
            at += nameLength;
            var digestLength = name == null ? 0 : ScramClient.DigestLength(name);
            var iterations = (bytes[at] << 24) | (bytes[at + 1] << 16) | (bytes[at + 2] << 8) | bytes[at + 3];
            var saltLength = (bytes[at + 4] << 8) | bytes[at + 5];
            at += 6;
            if (digestLength == 0 || iterations < 1 || saltLength == 0 || end - at != saltLength + 1 + digestLength || bytes[at + saltLength] != digestLength)
            {
                return null;
            }

            var salt = new byte[saltLength];
            Array.Copy(bytes, at, salt, 0, saltLength);
            var saltedPassword = new byte[digestLength];
            Array.Copy(bytes, at + saltLength + 1, saltedPassword, 0, digestLength);
            return new ScramSecrets(name, salt, iterations, saltedPassword);
        }
    }
}
