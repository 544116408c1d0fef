using System.Net.Security;
using System.Net.Sockets;
using System.Text;

namespace SiotThing.TestServers.Tests;

/// <summary>
/// What every XMPP test server must do, checked on raw streams: ports on loopback, STARTTLS and
/// direct TLS verified against the test CA, SCRAM offered per host, restarts on the same ports,
/// the component port, and an independent client (xmpp.js) logging in. A subclass per server.
/// </summary>
public abstract class XmppTestServerTests : IAsyncLifetime
{
    /// <summary>The server of the current test.</summary>
    protected IXmppTestServer Server { get; private set; } = null!;

    /// <inheritdoc/>
    public async Task InitializeAsync() => Server = await StartServerAsync();

    /// <inheritdoc/>
    public async Task DisposeAsync() => await Server.DisposeAsync();

    [Fact]
    public async Task StartTlsVerifiesAgainstTheTestCaAndThenOffersScramSha1()
    {
        using var tcp = new TcpClient();
        await tcp.ConnectAsync("127.0.0.1", Server.ClientPort);
        Stream stream = tcp.GetStream();

        var features = await OpenStreamAsync(stream, Server.Domain);
        Assert.Contains("<starttls xmlns='urn:ietf:params:xml:ns:xmpp-tls'><required/></starttls>", features);

        await SendAsync(stream, "<starttls xmlns='urn:ietf:params:xml:ns:xmpp-tls'/>");
        Assert.Contains("<proceed", await ReadUntilAsync(stream, "/>"));
        var tls = new SslStream(stream, false, (_, certificate, _, _) => certificate != null && Server.Authority.Validates(certificate));
        await tls.AuthenticateAsClientAsync(Server.Domain);

        var secured = await OpenStreamAsync(tls, Server.Domain);
        Assert.Contains("<mechanism>SCRAM-SHA-1</mechanism>", secured);
        Assert.DoesNotContain("SCRAM-SHA-256", secured);
    }

    [Fact]
    public async Task DirectTlsPortServesTheSha256Host()
    {
        using var tcp = new TcpClient();
        await tcp.ConnectAsync("127.0.0.1", Server.DirectTlsPort);
        var tls = new SslStream(tcp.GetStream(), false, (_, certificate, _, _) => certificate != null && Server.Authority.Validates(certificate));
        await tls.AuthenticateAsClientAsync(Server.Sha256Domain);

        var features = await OpenStreamAsync(tls, Server.Sha256Domain);
        Assert.Contains("<mechanism>SCRAM-SHA-256</mechanism>", features);
    }

    [Fact]
    public async Task CertificateFromAnotherAuthorityIsNotAccepted()
    {
        var stranger = TestCertificateAuthority.Create(Server.Domain);
        using var tcp = new TcpClient();
        await tcp.ConnectAsync("127.0.0.1", Server.DirectTlsPort);
        var tls = new SslStream(tcp.GetStream(), false, (_, certificate, _, _) => certificate != null && stranger.Validates(certificate));

        await Assert.ThrowsAsync<System.Security.Authentication.AuthenticationException>(() => tls.AuthenticateAsClientAsync(Server.Domain));
    }

    [Fact]
    public async Task StopsAndStartsAgainOnTheSamePorts()
    {
        await Server.StopAsync();
        Assert.False(Server.IsRunning);
        await Assert.ThrowsAsync<SocketException>(() => new TcpClient().ConnectAsync("127.0.0.1", Server.ClientPort));

        await Server.StartAsync();

        using var tcp = new TcpClient();
        await tcp.ConnectAsync("127.0.0.1", Server.ClientPort);
        Assert.Contains("urn:ietf:params:xml:ns:xmpp-tls", await OpenStreamAsync(tcp.GetStream(), Server.Domain));
    }

    [Fact]
    public async Task ComponentPortAnswersTheComponentDomain()
    {
        using var tcp = new TcpClient();
        await tcp.ConnectAsync("127.0.0.1", Server.ComponentPort);
        var stream = tcp.GetStream();

        await SendAsync(stream, $"<stream:stream xmlns='jabber:component:accept' xmlns:stream='http://etherx.jabber.org/streams' to='{Server.ComponentDomain}'>");
        var header = await ReadUntilAsync(stream, ">");

        Assert.Contains($"from='{Server.ComponentDomain}'", header);
    }

    [Fact]
    public async Task XmppJsLogsInWithAnAccountRegisteredWhileRunning()
    {
        var dave = new XmppAccount("dave", Server.Domain, "dave-secret");
        await Server.RegisterAsync(dave);

        await using var party = await XmppParty.ConnectAsync(Server, dave);

        Assert.StartsWith($"dave@{Server.Domain}/party", party.FullJid);
        party.Send("<iq type='get' id='p1'><ping xmlns='urn:xmpp:ping'/></iq>");
        Assert.Contains("type='result'", party.WaitFor("id='p1'"));
    }

    /// <summary>Starts the server under test, without accounts.</summary>
    /// <returns>The running server.</returns>
    protected abstract Task<IXmppTestServer> StartServerAsync();

    private static async Task<string> OpenStreamAsync(Stream stream, string domain)
    {
        await SendAsync(stream, $"<?xml version='1.0'?><stream:stream to='{domain}' xmlns='jabber:client' xmlns:stream='http://etherx.jabber.org/streams' version='1.0'>");
        return await ReadUntilAsync(stream, "</stream:features>");
    }

    private static async Task SendAsync(Stream stream, string text)
    {
        await stream.WriteAsync(Encoding.UTF8.GetBytes(text));
        await stream.FlushAsync();
    }

    private static async Task<string> ReadUntilAsync(Stream stream, string marker)
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(10));
        var received = new StringBuilder();
        var buffer = new byte[4096];
        while (!received.ToString().Contains(marker, StringComparison.Ordinal))
        {
            var count = await stream.ReadAsync(buffer, timeout.Token);
            if (count == 0)
            {
                throw new EndOfStreamException("server closed the stream; got: " + received);
            }

            received.Append(Encoding.UTF8.GetString(buffer, 0, count));
        }

        return received.ToString();
    }
}
