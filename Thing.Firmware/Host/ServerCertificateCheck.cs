using System.Globalization;
using System.Net.Security;
using System.Security.Cryptography.X509Certificates;

namespace SiotThing.Firmware.Host;

/// <summary>
/// The thing's check of the XMPP server's certificate, and, when it fails, the sentence that says
/// which check failed (the name, the issuer and chain, the validity dates) and which file or
/// setting to change. .NET's own message for a refused certificate ("The remote certificate was
/// rejected by the provided RemoteCertificateValidationCallback") says neither.
/// </summary>
public static class ServerCertificateCheck
{
    /// <summary>Where the trusted CA is set: named in every message about the issuer.</summary>
    public const string CaSetting = "xmpp.ca_certificate";

    /// <summary>
    /// Checks the certificate the server presented: it must carry the endpoint's TLS name, and
    /// chain to <see cref="XmppEndpoint.TrustedAuthority"/> when one is configured (no system root
    /// then), or to the system's roots otherwise, with every certificate valid now.
    /// </summary>
    /// <param name="endpoint">The server, the expected name and the configured CA.</param>
    /// <param name="certificate">The server's certificate, or null when it sent none.</param>
    /// <param name="chain">The chain the platform built against the system's roots.</param>
    /// <param name="errors">What the platform found wrong.</param>
    /// <returns>Null when the certificate is acceptable; otherwise what failed and what to change.</returns>
    public static string? Check(XmppEndpoint endpoint, X509Certificate? certificate, X509Chain? chain, SslPolicyErrors errors)
    {
        var where = $"TLS with {endpoint.Host}:{endpoint.Port} failed: ";
        if (certificate == null || (errors & SslPolicyErrors.RemoteCertificateNotAvailable) != 0)
        {
            return where + "the server sent no certificate; it needs one for " + endpoint.TlsName;
        }

        using var presented = X509CertificateLoader.LoadCertificate(certificate.GetRawCertData());
        if ((errors & SslPolicyErrors.RemoteCertificateNameMismatch) != 0)
        {
            return where + $"name mismatch: the server's certificate is for {NamesOf(presented)}, not for {endpoint.TlsName} "
                + $"(the domain of xmpp.jid); give the server a certificate for {endpoint.TlsName}, or correct xmpp.jid in thing.conf";
        }

        if (endpoint.TrustedAuthority == null)
        {
            if ((errors & SslPolicyErrors.RemoteCertificateChainErrors) == 0)
            {
                return null;
            }

            return where + ChainProblem(presented, chain?.ChainStatus ?? [], chain, endpoint);
        }

        // The chain must end at the configured CA, not at any system root.
        using var custom = new X509Chain();
        custom.ChainPolicy.TrustMode = X509ChainTrustMode.CustomRootTrust;
        custom.ChainPolicy.CustomTrustStore.Add(endpoint.TrustedAuthority);
        custom.ChainPolicy.RevocationMode = X509RevocationMode.NoCheck;
        if (custom.Build(presented))
        {
            return null;
        }

        return where + ChainProblem(presented, custom.ChainStatus, custom, endpoint);
    }

    private static string ChainProblem(X509Certificate2 presented, X509ChainStatus[] status, X509Chain? chain, XmppEndpoint endpoint)
    {
        var flags = status.Aggregate(X509ChainStatusFlags.NoError, (all, s) => all | s.Status);
        var configured = endpoint.TrustedAuthority == null
            ? null
            : $"{CaSetting} ({endpoint.TrustedAuthorityFile ?? "the configured CA"}, {endpoint.TrustedAuthority.Subject})";
        if ((flags & X509ChainStatusFlags.NotTimeValid) != 0)
        {
            // Which certificate is out of its dates: the server's, or the CA's itself.
            var now = DateTime.Now;
            var elements = chain?.ChainElements.Select(e => e.Certificate).ToList() ?? [presented];
            var outOfDate = elements.FirstOrDefault(c => now < c.NotBefore || now > c.NotAfter) ?? presented;
            var which = outOfDate.RawData.AsSpan().SequenceEqual(presented.RawData)
                ? "the server's certificate"
                : $"the CA certificate {outOfDate.Subject}";
            var fix = outOfDate.RawData.AsSpan().SequenceEqual(presented.RawData)
                ? "the server needs a renewed certificate"
                : configured == null ? "the server needs a certificate from a current CA" : $"renew the CA and set {configured} to the new one";
            return now > outOfDate.NotAfter
                ? $"expired: {which} expired on {Utc(outOfDate.NotAfter)}; {fix}"
                : $"not yet valid: {which} is valid from {Utc(outOfDate.NotBefore)}, and this machine's clock says {Utc(now)}; correct the clock, or {fix}";
        }

        if ((flags & (X509ChainStatusFlags.UntrustedRoot | X509ChainStatusFlags.PartialChain | X509ChainStatusFlags.NotSignatureValid)) != 0)
        {
            return configured == null
                ? $"untrusted issuer: the server's certificate is issued by {presented.Issuer}, which this system does not trust; "
                    + $"set {CaSetting} in thing.conf to the PEM file of the CA that issued it"
                : $"untrusted issuer: the server's certificate is issued by {presented.Issuer}, not by the CA of {configured}; "
                    + $"set {CaSetting} in thing.conf to the PEM file of the CA that issued the server's certificate";
        }

        var details = string.Join("; ", status.Select(s => s.StatusInformation.Trim()).Where(s => s.Length > 0));
        return $"the server's certificate chain is not acceptable ({(details.Length == 0 ? flags.ToString() : details)}); "
            + $"check the server's certificate and {CaSetting} in thing.conf";
    }

    private static string NamesOf(X509Certificate2 certificate)
    {
        var names = certificate.Extensions.OfType<X509SubjectAlternativeNameExtension>().SelectMany(e => e.EnumerateDnsNames()).ToList();
        if (names.Count == 0)
        {
            names.Add(certificate.GetNameInfo(X509NameType.SimpleName, forIssuer: false));
        }

        return string.Join(", ", names);
    }

    private static string Utc(DateTime time) => time.ToUniversalTime().ToString("yyyy-MM-dd HH:mm 'UTC'", CultureInfo.InvariantCulture);
}
