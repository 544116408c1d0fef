using System.Threading.Tasks;
using SiotThing.TestServers;
using Xunit.Abstractions;

namespace SiotThing.Tests.Host.Integration
{
    /// <summary>
    /// The client core against ejabberd 23.01. No test needs adapting; what differs from Prosody is
    /// what the client meets on the way: SCRAM-SHA-1-PLUS and SCRAM-SHA-256-PLUS are offered too
    /// (the client must pass over them), a restart ends the stream with a system-shutdown stream
    /// error rather than a bare close, and the restart takes seconds, not milliseconds, so the
    /// client's reconnect back-off really climbs.
    /// </summary>
    public sealed class EjabberdXmppClientIntegrationTests : XmppClientIntegrationTests
    {
        public EjabberdXmppClientIntegrationTests(ITestOutputHelper output)
            : base(output)
        {
        }

        protected override async Task<IXmppTestServer> StartServerAsync(XmppAccount[] accounts) => await EjabberdServer.StartAsync(accounts);
    }
}
