using System.Security.Cryptography.X509Certificates;

namespace SiotThing.Firmware.Host;

/// <summary>Where and how to reach the XMPP server.</summary>
/// <param name="Host">The server's address (name or IP).</param>
/// <param name="Port">Its client port.</param>
/// <param name="DirectTls">TLS from the first byte (XEP-0368) instead of STARTTLS.</param>
/// <param name="TrustedAuthority">
/// The CA the server's certificate must chain to; <c>null</c> trusts the system's store. There is
/// no "accept any certificate".
/// </param>
/// <param name="TlsName">The name the certificate must carry (the XMPP domain), when it differs from <paramref name="Host"/>.</param>
/// <param name="TrustedAuthorityFile">The file <paramref name="TrustedAuthority"/> came from, named when the server's certificate does not chain to it.</param>
public sealed record XmppEndpoint(string Host, int Port, bool DirectTls, X509Certificate2? TrustedAuthority, string TlsName, string? TrustedAuthorityFile = null);
