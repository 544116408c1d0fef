using System.Net.Security;
using System.Net.Sockets;
using System.Text;

namespace SiotThing.TestServers.Tests;

/// <summary>The Prosody harness: ports on loopback, STARTTLS and direct TLS verified against the test CA, SCRAM offered, restarts.</summary>
public sealed class ProsodyServerTests : IAsyncLifetime
{
    private ProsodyServer server = null!;

    public async Task InitializeAsync() => server = await ProsodyServer.StartAsync([]);

    public async Task DisposeAsync() => await server.DisposeAsync();

    [Fact]
    public async Task StartTlsVerifiesAgainstTheTestCaAndThenOffersScramSha1()
    {
        using var tcp = new TcpClient();
        await tcp.ConnectAsync("127.0.0.1", server.ClientPort);
        Stream stream = tcp.GetStream();

        var features = await OpenStreamAsync(stream, server.Domain);
        Assert.Contains("<starttls xmlns='urn:ietf:params:xml:ns:xmpp-tls'><required/></starttls>", features);

        await SendAsync(stream, "<starttls xmlns='urn:ietf:params:xml:ns:xmpp-tls'/>");
        Assert.Contains("<proceed", await ReadUntilAsync(stream, "/>"));
        var tls = new SslStream(stream, false, (_, certificate, _, _) => certificate != null && server.Authority.Validates(certificate));
        await tls.AuthenticateAsClientAsync(server.Domain);

        var secured = await OpenStreamAsync(tls, server.Domain);
        Assert.Contains("<mechanism>SCRAM-SHA-1</mechanism>", secured);
        Assert.DoesNotContain("SCRAM-SHA-256", secured);
    }

    [Fact]
    public async Task DirectTlsPortServesTheSha256Host()
    {
        using var tcp = new TcpClient();
        await tcp.ConnectAsync("127.0.0.1", server.DirectTlsPort);
        var tls = new SslStream(tcp.GetStream(), false, (_, certificate, _, _) => certificate != null && server.Authority.Validates(certificate));
        await tls.AuthenticateAsClientAsync(server.Sha256Domain);

        var features = await OpenStreamAsync(tls, server.Sha256Domain);
        Assert.Contains("<mechanism>SCRAM-SHA-256</mechanism>", features);
    }

    [Fact]
    public async Task CertificateFromAnotherAuthorityIsNotAccepted()
    {
        var stranger = TestCertificateAuthority.Create(server.Domain);
        using var tcp = new TcpClient();
        await tcp.ConnectAsync("127.0.0.1", server.DirectTlsPort);
        var tls = new SslStream(tcp.GetStream(), false, (_, certificate, _, _) => certificate != null && stranger.Validates(certificate));

        await Assert.ThrowsAsync<System.Security.Authentication.AuthenticationException>(() => tls.AuthenticateAsClientAsync(server.Domain));
    }

    [Fact]
    public async Task StopsAndStartsAgainOnTheSamePorts()
    {
        await server.StopAsync();
        Assert.False(server.IsRunning);
        await Assert.ThrowsAsync<SocketException>(() => new TcpClient().ConnectAsync("127.0.0.1", server.ClientPort));

        await server.StartAsync();

        using var tcp = new TcpClient();
        await tcp.ConnectAsync("127.0.0.1", server.ClientPort);
        Assert.Contains("urn:ietf:params:xml:ns:xmpp-tls", await OpenStreamAsync(tcp.GetStream(), server.Domain));
    }

    [Fact]
    public async Task ComponentPortAnswersTheComponentDomain()
    {
        using var tcp = new TcpClient();
        await tcp.ConnectAsync("127.0.0.1", server.ComponentPort);
        var stream = tcp.GetStream();

        await SendAsync(stream, $"<stream:stream xmlns='jabber:component:accept' xmlns:stream='http://etherx.jabber.org/streams' to='{server.ComponentDomain}'>");
        var header = await ReadUntilAsync(stream, ">");

        Assert.Contains($"from='{server.ComponentDomain}'", header);
    }

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
