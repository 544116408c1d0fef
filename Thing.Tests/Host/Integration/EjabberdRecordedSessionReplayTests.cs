using System.Threading.Tasks;
using SiotThing.TestServers;
using Xunit.Abstractions;

namespace SiotThing.Tests.Host.Integration
{
    /// <summary>A recording made against ejabberd replays.</summary>
    public sealed class EjabberdRecordedSessionReplayTests : RecordedSessionReplayTests
    {
        public EjabberdRecordedSessionReplayTests(ITestOutputHelper output)
            : base(output)
        {
        }

        protected override async Task<IXmppTestServer> StartServerAsync(XmppAccount[] accounts) => await EjabberdServer.StartAsync(accounts);
    }
}
