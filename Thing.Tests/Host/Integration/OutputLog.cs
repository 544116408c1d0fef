using SiotThing.Protocol.Ports;
using Xunit.Abstractions;

namespace SiotThing.Tests.Host.Integration
{
    /// <summary>The core's log into the test's output.</summary>
    internal sealed class OutputLog : ILog
    {
        private readonly ITestOutputHelper output;

        public OutputLog(ITestOutputHelper output)
        {
            this.output = output;
        }

        public void Write(string line) => output.WriteLine(line);
    }
}
