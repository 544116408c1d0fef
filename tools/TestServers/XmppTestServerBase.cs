using System.Security.Cryptography;

namespace SiotThing.TestServers;

/// <summary>
/// What every test XMPP server has alike: a temp folder, the domains, a fresh test CA, loopback
/// ports chosen by the kernel and a component secret. The servers differ in how they are
/// configured, started and stopped.
/// </summary>
public abstract class XmppTestServerBase : IXmppTestServer
{
    /// <summary>Sets up the folder's identity and takes the ports.</summary>
    /// <param name="folder">The server's temp folder.</param>
    /// <param name="domain">The main XMPP domain.</param>
    /// <param name="extraPorts">Further ports the server needs for itself, in <see cref="ExtraPorts"/>.</param>
    protected XmppTestServerBase(string folder, string domain, int extraPorts)
        : this(folder, domain, extraPorts, TestCertificateAuthority.Create(domain), Convert.ToHexString(RandomNumberGenerator.GetBytes(16)))
    {
    }

    /// <summary>Sets up a server that shares its CA and component secret with others (the nodes of one cluster), and takes its own ports.</summary>
    /// <param name="folder">The server's temp folder.</param>
    /// <param name="domain">The main XMPP domain.</param>
    /// <param name="extraPorts">Further ports the server needs for itself, in <see cref="ExtraPorts"/>.</param>
    /// <param name="authority">The CA whose server certificate it presents.</param>
    /// <param name="componentSecret">The component's shared secret.</param>
    protected XmppTestServerBase(string folder, string domain, int extraPorts, TestCertificateAuthority authority, string componentSecret)
    {
        Folder = folder;
        Domain = domain;
        Authority = authority;
        var ports = FreePorts.Take(3 + extraPorts);
        ClientPort = ports[0];
        DirectTlsPort = ports[1];
        ComponentPort = ports[2];
        ExtraPorts = ports[3..];
        ComponentSecret = componentSecret;
    }

    /// <inheritdoc/>
    public abstract string Name { get; }

    /// <summary>The server's temp folder (data, log, certificates).</summary>
    public string Folder { get; }

    /// <summary>The main domain; accounts there use SCRAM-SHA-1.</summary>
    public string Domain { get; }

    /// <summary>The domain whose accounts use SCRAM-SHA-256.</summary>
    public string Sha256Domain => "sha256." + Domain;

    /// <summary>The provisioning service's component domain.</summary>
    public string ComponentDomain => "provisioning." + Domain;

    /// <summary>The CA that signed the server's certificate.</summary>
    public TestCertificateAuthority Authority { get; }

    /// <summary>The CA certificate as a PEM file, for clients that read one.</summary>
    public string CaCertificatePath => Path.Combine(Folder, "certs", "ca.pem");

    /// <summary>Client port (STARTTLS), on 127.0.0.1.</summary>
    public int ClientPort { get; }

    /// <summary>Client port with direct TLS (XEP-0368), on 127.0.0.1.</summary>
    public int DirectTlsPort { get; }

    /// <summary>External component port (XEP-0114), on 127.0.0.1.</summary>
    public int ComponentPort { get; }

    /// <summary>The component's shared secret.</summary>
    public string ComponentSecret { get; }

    /// <inheritdoc/>
    public abstract bool IsRunning { get; }

    /// <summary>The ports asked for beyond the three XMPP ones.</summary>
    protected int[] ExtraPorts { get; }

    /// <inheritdoc/>
    public abstract Task RegisterAsync(XmppAccount account);

    /// <inheritdoc/>
    public abstract Task StartAsync();

    /// <inheritdoc/>
    public abstract Task StopAsync();

    /// <inheritdoc/>
    public abstract string ReadLog();

    /// <inheritdoc/>
    public abstract ValueTask DisposeAsync();

    /// <summary>Writes the server's certificate and key (<c>certs/DOMAIN.crt</c>, <c>.key</c>) and the CA (<c>certs/ca.pem</c>).</summary>
    /// <returns>A task that ends when they are written.</returns>
    protected async Task WriteCertificatesAsync()
    {
        var certs = Directory.CreateDirectory(Path.Combine(Folder, "certs")).FullName;
        await File.WriteAllTextAsync(Path.Combine(certs, Domain + ".crt"), Authority.ServerCertificatePem);
        await File.WriteAllTextAsync(Path.Combine(certs, Domain + ".key"), Authority.ServerKeyPem);
        await File.WriteAllTextAsync(CaCertificatePath, Authority.CertificatePem);
    }
}
