using SiotThing.TestServers;
using Xunit.Abstractions;

namespace SiotThing.SystemTests;

/// <summary>
/// The .NET thing against a real Prosody whose certificate fails one of the thing's checks: the
/// thing's console names the check that failed and the file or setting to change.
/// </summary>
public sealed class ThingTlsTests(ITestOutputHelper output) : IAsyncLifetime
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(30);
    private readonly XmppAccount thingAccount = new("thing", "example.org", "thing-secret");
    private readonly string folder = Directory.CreateTempSubdirectory("siot-tls-").FullName;
    private ProsodyServer server = null!;
    private DotnetProgram? thing;

    public async Task InitializeAsync()
    {
        server = await ProsodyServer.StartAsync([thingAccount]);
    }

    public async Task DisposeAsync()
    {
        if (thing != null)
        {
            await thing.DisposeAsync();
        }

        await server.DisposeAsync();
        Directory.Delete(folder, recursive: true);
    }

    [Theory]
    [InlineData("name", "name mismatch: the server's certificate is for other.org, *.other.org, not for example.org", "correct xmpp.jid in thing.conf")]
    [InlineData("issuer", "untrusted issuer: the server's certificate is issued by CN=Server's CA, not by the CA of xmpp.ca_certificate (", "set xmpp.ca_certificate in thing.conf")]
    [InlineData("expired", "expired: the server's certificate expired on ", "the server needs a renewed certificate")]
    [InlineData("not-yet-valid", "not yet valid: the server's certificate is valid from ", "correct the clock")]
    public async Task TheFailedCheckIsNamed(string problem, string check, string fix)
    {
        var authority = CertificateFiles.CreateAuthority("Server's CA");
        var now = DateTimeOffset.UtcNow;
        var (name, from, until) = problem switch
        {
            "name" => ("other.org", now.AddDays(-1), now.AddDays(30)),
            "expired" => ("example.org", now.AddDays(-20), now.AddDays(-2)),
            "not-yet-valid" => ("example.org", now.AddDays(2), now.AddDays(30)),
            _ => ("example.org", now.AddDays(-1), now.AddDays(30)),
        };

        // Prosody reads its certificate at the start: replace it while stopped.
        await server.StopAsync();
        var certs = Path.Combine(server.Folder, "certs");
        CertificateFiles.IssueServer(authority, name, from, until, Path.Combine(certs, "example.org.crt"), Path.Combine(certs, "example.org.key"));
        await server.StartAsync();

        var trusted = Path.Combine(folder, "ca.pem");
        CertificateFiles.WriteAuthority(problem == "issuer" ? CertificateFiles.CreateAuthority("Another CA") : authority, trusted);
        var config = Path.Combine(folder, "thing.conf");
        File.WriteAllText(config, string.Join("\n",
            "xmpp.jid = thing@example.org",
            $"xmpp.password = {thingAccount.Password}",
            "xmpp.server = 127.0.0.1",
            $"xmpp.port = {server.ClientPort}",
            $"xmpp.ca_certificate = {trusted}",
            "provisioning.jid = provisioning.example.org",
            "name = Futuretec Light Bulb 10X",
            string.Empty));
        thing = DotnetProgram.Start("Thing.Firmware", "siot-thing", "--config", config, "--state", Path.Combine(folder, "state"));

        var line = thing.WaitForLine(Patience, "connection ended: ", $"TLS with 127.0.0.1:{server.ClientPort} failed: ");
        output.WriteLine(line);
        Assert.Contains(check, line);
        Assert.Contains(fix, line);
        if (problem == "issuer")
        {
            // The file to change is named.
            Assert.Contains(trusted, line);
        }
    }
}
