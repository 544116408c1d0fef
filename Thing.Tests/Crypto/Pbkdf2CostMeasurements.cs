using System;
using nanoFramework.TestFramework;
using SiotThing.Protocol.Crypto;

namespace SiotThing.Tests.Crypto
{
    /// <summary>
    /// What PBKDF2 costs per iteration: measured and printed (OutputHelper), never asserted, since
    /// time depends on the machine. The assertions only check the results (RFC 6070 and the
    /// widely published PBKDF2-HMAC-SHA256 vector). Read the figures in a real nanoCLR with
    /// <c>dotnet run --project tools/NanoRun/NanoRun.csproj --no-build -- --project Thing.Tests.Crypto --timings</c>
    /// (docs/performance.md records them).
    /// </summary>
    [TestClass]
    public class Pbkdf2CostMeasurements
    {
        private const int Iterations = 4096;

        [TestMethod]
        public void MeasureManagedHmacSha256PerIteration()
        {
            var output = Measure(new Hmac(new Sha256(), Ascii("password")), 32, "PBKDF2-HMAC-SHA256 managed");
            Assert.AreEqual("c5e478d59288c841aa530db6845c4c8d962893a001ce4e11a4963873aa98134a", Hex.Format(output));
        }

        [TestMethod]
        public void MeasureManagedHmacSha1PerIteration()
        {
            var output = Measure(new Hmac(new Sha1(), Ascii("password")), 20, "PBKDF2-HMAC-SHA1 managed");
            Assert.AreEqual("4b007901b765489abead49d926f721d065a429c1", Hex.Format(output));
        }

        [TestMethod]
        public void MeasureWhatTheNativePathLeavesPerIteration()
        {
            // The ESP32's NativeMacProvider is OneShotMac over HMACSHA256.HashData; here the native
            // call is a stand-in that only allocates its result as the native one does, so what is
            // timed is the interpreted remainder: the message copy, the call, the XOR into T.
            var mac = new OneShotMac(new MacFunction(NewDigest), 32, Ascii("password"));
            var output = Measure(mac, 32, "PBKDF2 over a one-shot MAC, native call excluded");
            Assert.AreEqual(32, output.Length);
        }

        private static byte[] NewDigest(byte[] key, byte[] message)
        {
            var digest = new byte[32];
            digest[0] = message[0];
            return digest;
        }

        private static byte[] Measure(IMac prf, int length, string what)
        {
            var output = new byte[length];
            var salt = Ascii("salt");
            var start = DateTime.UtcNow.Ticks;
            Pbkdf2.DeriveKey(prf, salt, Iterations, output, 0, length);
            var ticks = DateTime.UtcNow.Ticks - start;

            // Ticks are 100 ns: ticks / 10 / iterations is microseconds per iteration.
            OutputHelper.WriteLine(what + ": " + Iterations + " iterations in " + (ticks / 10000) + " ms, " + (ticks / 10 / Iterations) + " us per iteration");
            return output;
        }

        private static byte[] Ascii(string text)
        {
            var bytes = new byte[text.Length];
            for (var i = 0; i < text.Length; i++)
            {
                bytes[i] = (byte)text[i];
            }

            return bytes;
        }
    }
}
