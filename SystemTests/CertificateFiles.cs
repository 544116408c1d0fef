using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;

namespace SiotThing.SystemTests;

/// <summary>
/// CA and server certificates written as PEM files, with the names and dates a test needs: a
/// server certificate for the wrong name, an expired one, one not valid yet, or one that is about
/// to expire.
/// </summary>
public static class CertificateFiles
{
    /// <summary>A self-signed CA certificate with its private key.</summary>
    /// <param name="name">Its common name.</param>
    /// <returns>The CA (with its key).</returns>
    public static X509Certificate2 CreateAuthority(string name)
    {
        using var key = RSA.Create(2048);
        var request = new CertificateRequest($"CN={name}", key, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
        request.CertificateExtensions.Add(new X509BasicConstraintsExtension(true, false, 0, true));
        request.CertificateExtensions.Add(new X509KeyUsageExtension(X509KeyUsageFlags.KeyCertSign | X509KeyUsageFlags.CrlSign, true));
        request.CertificateExtensions.Add(new X509SubjectKeyIdentifierExtension(request.PublicKey, false));
        var now = DateTimeOffset.UtcNow;
        return request.CreateSelfSigned(now.AddDays(-30), now.AddYears(5));
    }

    /// <summary>Writes a CA's certificate and, when asked, its key (PKCS#8), as openssl reads them.</summary>
    /// <param name="authority">The CA.</param>
    /// <param name="certificatePath">The certificate's file.</param>
    /// <param name="keyPath">The key's file, or null for none.</param>
    public static void WriteAuthority(X509Certificate2 authority, string certificatePath, string? keyPath = null)
    {
        File.WriteAllText(certificatePath, authority.ExportCertificatePem());
        if (keyPath != null)
        {
            File.WriteAllText(keyPath, authority.GetRSAPrivateKey()!.ExportPkcs8PrivateKeyPem());
        }
    }

    /// <summary>Issues a server certificate for <paramref name="dnsName"/> and its subdomains and writes it and its key.</summary>
    /// <param name="authority">The issuing CA (with its key).</param>
    /// <param name="dnsName">The name it is for.</param>
    /// <param name="notBefore">Valid from.</param>
    /// <param name="notAfter">Valid until.</param>
    /// <param name="certificatePath">The certificate's file.</param>
    /// <param name="keyPath">The key's file.</param>
    public static void IssueServer(X509Certificate2 authority, string dnsName, DateTimeOffset notBefore, DateTimeOffset notAfter, string certificatePath, string keyPath)
    {
        using var key = RSA.Create(2048);
        var request = new CertificateRequest($"CN={dnsName}", key, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
        var names = new SubjectAlternativeNameBuilder();
        names.AddDnsName(dnsName);
        names.AddDnsName("*." + dnsName);
        request.CertificateExtensions.Add(names.Build());
        request.CertificateExtensions.Add(new X509BasicConstraintsExtension(false, false, 0, false));
        request.CertificateExtensions.Add(new X509EnhancedKeyUsageExtension([new Oid("1.3.6.1.5.5.7.3.1")], false));
        var serial = RandomNumberGenerator.GetBytes(16);
        serial[0] &= 0x7F;
        using var certificate = request.Create(authority, notBefore, notAfter, serial);
        File.WriteAllText(certificatePath, certificate.ExportCertificatePem());
        File.WriteAllText(keyPath, key.ExportRSAPrivateKeyPem());
    }
}
