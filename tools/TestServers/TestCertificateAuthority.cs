using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;

namespace SiotThing.TestServers;

/// <summary>
/// A throw-away certificate authority and one server certificate for a test domain (the domain
/// and every subdomain), so that clients in tests verify TLS for real instead of accepting any
/// certificate. Made with .NET's own X.509 API; nothing is installed into a system store.
/// </summary>
public sealed class TestCertificateAuthority
{
    private TestCertificateAuthority(X509Certificate2 authority, string serverCertificatePem, string serverKeyPem)
    {
        Certificate = authority;
        ServerCertificatePem = serverCertificatePem;
        ServerKeyPem = serverKeyPem;
    }

    /// <summary>The CA certificate (public part) that clients trust.</summary>
    public X509Certificate2 Certificate { get; }

    /// <summary>The CA certificate as PEM, as a device or <c>NODE_EXTRA_CA_CERTS</c> takes it.</summary>
    public string CertificatePem => Certificate.ExportCertificatePem();

    /// <summary>The server certificate (PEM), valid for the domain and <c>*.domain</c>.</summary>
    public string ServerCertificatePem { get; }

    /// <summary>The server certificate's private key (PKCS#1 PEM, as Prosody reads it).</summary>
    public string ServerKeyPem { get; }

    /// <summary>Creates a CA and a server certificate for <paramref name="domain"/>.</summary>
    /// <param name="domain">The XMPP domain, e.g. example.org.</param>
    /// <returns>The authority with its server certificate.</returns>
    public static TestCertificateAuthority Create(string domain)
    {
        var now = DateTimeOffset.UtcNow;
        using var authorityKey = RSA.Create(2048);
        var authorityRequest = new CertificateRequest($"CN=SiotThing test CA {Guid.NewGuid():N}", authorityKey, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
        authorityRequest.CertificateExtensions.Add(new X509BasicConstraintsExtension(true, false, 0, true));
        authorityRequest.CertificateExtensions.Add(new X509KeyUsageExtension(X509KeyUsageFlags.KeyCertSign | X509KeyUsageFlags.CrlSign, true));
        authorityRequest.CertificateExtensions.Add(new X509SubjectKeyIdentifierExtension(authorityRequest.PublicKey, false));
        using var authority = authorityRequest.CreateSelfSigned(now.AddDays(-1), now.AddYears(1));

        using var serverKey = RSA.Create(2048);
        var serverRequest = new CertificateRequest($"CN={domain}", serverKey, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
        var names = new SubjectAlternativeNameBuilder();
        names.AddDnsName(domain);
        names.AddDnsName("*." + domain);
        serverRequest.CertificateExtensions.Add(names.Build());
        serverRequest.CertificateExtensions.Add(new X509BasicConstraintsExtension(false, false, 0, false));
        serverRequest.CertificateExtensions.Add(new X509KeyUsageExtension(X509KeyUsageFlags.DigitalSignature | X509KeyUsageFlags.KeyEncipherment, true));
        serverRequest.CertificateExtensions.Add(new X509EnhancedKeyUsageExtension([new Oid("1.3.6.1.5.5.7.3.1")], false));
        var serial = RandomNumberGenerator.GetBytes(16);
        serial[0] &= 0x7F;
        using var server = serverRequest.Create(authority, now.AddDays(-1), now.AddMonths(6), serial);

        return new TestCertificateAuthority(
            X509CertificateLoader.LoadCertificate(authority.Export(X509ContentType.Cert)),
            server.ExportCertificatePem(),
            serverKey.ExportRSAPrivateKeyPem());
    }

    /// <summary>
    /// Checks a server certificate chain against this CA only (not the system's roots), as the
    /// device does with the CA certificate it is given.
    /// </summary>
    /// <param name="certificate">The certificate the server presented.</param>
    /// <returns>Whether it chains to this CA.</returns>
    public bool Validates(X509Certificate certificate)
    {
        using var chain = new X509Chain();
        chain.ChainPolicy.TrustMode = X509ChainTrustMode.CustomRootTrust;
        chain.ChainPolicy.CustomTrustStore.Add(Certificate);
        chain.ChainPolicy.RevocationMode = X509RevocationMode.NoCheck;
        return chain.Build(new X509Certificate2(certificate));
    }
}
