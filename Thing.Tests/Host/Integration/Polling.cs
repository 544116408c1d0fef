using System;
using System.Threading.Tasks;

namespace SiotThing.Tests.Host.Integration
{
    /// <summary>Waits for a condition that another thread (a connection's loop) makes true.</summary>
    internal static class Polling
    {
        /// <summary>Checks <paramref name="condition"/> every 20 ms until it holds.</summary>
        /// <exception cref="TimeoutException">It did not hold within <paramref name="patience"/>.</exception>
        public static async Task WaitUntil(Func<bool> condition, string what, TimeSpan patience)
        {
            var deadline = DateTime.UtcNow + patience;
            while (!condition())
            {
                if (DateTime.UtcNow > deadline)
                {
                    throw new TimeoutException("waited in vain for " + what);
                }

                await Task.Delay(20);
            }
        }
    }
}
