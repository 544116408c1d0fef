namespace SiotThing.TestServers;

/// <summary>
/// A real XMPP server started for a test on loopback in its own temp folder: Prosody
/// (<see cref="ProsodyServer"/>) or ejabberd (<see cref="EjabberdServer"/>). Both serve the same
/// hosts on the same kinds of ports with a certificate from a fresh test CA, so a test written
/// against this interface runs unchanged against either.
/// </summary>
public interface IXmppTestServer : IAsyncDisposable
{
    /// <summary>The server's name for test output: "Prosody" or "ejabberd".</summary>
    string Name { get; }

    /// <summary>The server's temp folder (data, log, certificates).</summary>
    string Folder { get; }

    /// <summary>The main domain; accounts there use SCRAM-SHA-1.</summary>
    string Domain { get; }

    /// <summary>The domain whose accounts use SCRAM-SHA-256.</summary>
    string Sha256Domain { get; }

    /// <summary>The provisioning service's component domain.</summary>
    string ComponentDomain { get; }

    /// <summary>The CA that signed the server's certificate.</summary>
    TestCertificateAuthority Authority { get; }

    /// <summary>The CA certificate as a PEM file, for clients that read one.</summary>
    string CaCertificatePath { get; }

    /// <summary>Client port (STARTTLS), on 127.0.0.1.</summary>
    int ClientPort { get; }

    /// <summary>Client port with direct TLS (XEP-0368), on 127.0.0.1.</summary>
    int DirectTlsPort { get; }

    /// <summary>External component port (XEP-0114), on 127.0.0.1.</summary>
    int ComponentPort { get; }

    /// <summary>The component's shared secret.</summary>
    string ComponentSecret { get; }

    /// <summary>Whether the server process is running.</summary>
    bool IsRunning { get; }

    /// <summary>
    /// Creates an account. Prosody can do it stopped or running; ejabberd only while running
    /// (ejabberdctl talks to the live node), so call it after the start to be portable.
    /// </summary>
    /// <param name="account">The account.</param>
    /// <returns>A task that completes when the account exists.</returns>
    Task RegisterAsync(XmppAccount account);

    /// <summary>Starts the server (again, with the same data and ports) and waits until every port accepts connections.</summary>
    /// <returns>A task that completes when the server is ready.</returns>
    Task StartAsync();

    /// <summary>Stops the server the way a real restart does (SIGTERM); its data stays for the next start.</summary>
    /// <returns>A task that completes when the process has exited.</returns>
    Task StopAsync();

    /// <summary>The server's main log so far.</summary>
    /// <returns>The log text, or empty before the first start.</returns>
    string ReadLog();
}
