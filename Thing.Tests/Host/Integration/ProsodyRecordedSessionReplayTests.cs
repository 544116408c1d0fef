using System.Threading.Tasks;
using SiotThing.TestServers;
using Xunit.Abstractions;

namespace SiotThing.Tests.Host.Integration
{
    /// <summary>A recording made against Prosody replays.</summary>
    public sealed class ProsodyRecordedSessionReplayTests : RecordedSessionReplayTests
    {
        public ProsodyRecordedSessionReplayTests(ITestOutputHelper output)
            : base(output)
        {
        }

        protected override async Task<IXmppTestServer> StartServerAsync(XmppAccount[] accounts) => await ProsodyServer.StartAsync(accounts);
    }
}
