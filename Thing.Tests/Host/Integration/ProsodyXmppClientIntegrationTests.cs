using System.Threading.Tasks;
using SiotThing.TestServers;
using Xunit.Abstractions;

namespace SiotThing.Tests.Host.Integration
{
    /// <summary>The client core against Prosody 0.12.</summary>
    public sealed class ProsodyXmppClientIntegrationTests : XmppClientIntegrationTests
    {
        public ProsodyXmppClientIntegrationTests(ITestOutputHelper output)
            : base(output)
        {
        }

        protected override async Task<IXmppTestServer> StartServerAsync(XmppAccount[] accounts) => await ProsodyServer.StartAsync(accounts);
    }
}
