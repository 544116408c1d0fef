using System.Diagnostics;

namespace SiotThing.TestServers;

/// <summary>
/// A real Prosody (Debian's package) started for a test: its own temp folder, loopback ports
/// chosen by the kernel, a fresh test CA, and deploy/prosody/prosody.cfg.lua as its config.
/// Stop and start it again (same ports, same data) to test reconnects.
/// </summary>
public sealed class ProsodyServer : XmppTestServerBase
{
    /// <summary>Where Debian installs Prosody.</summary>
    public const string Executable = "/usr/bin/prosody";

    private static readonly TimeSpan StartTimeout = TimeSpan.FromSeconds(20);

    private readonly Dictionary<string, string?> environment;
    private Process? process;

    private ProsodyServer(string folder, string domain, string logLevel)
        : base(folder, domain, extraPorts: 0)
    {
        environment = new Dictionary<string, string?>
        {
            ["SIOT_PROSODY_DIR"] = folder,
            ["SIOT_DOMAIN"] = domain,
            ["SIOT_C2S_PORT"] = ClientPort.ToString(),
            ["SIOT_C2S_TLS_PORT"] = DirectTlsPort.ToString(),
            ["SIOT_COMPONENT_PORT"] = ComponentPort.ToString(),
            ["SIOT_COMPONENT_SECRET"] = ComponentSecret,
            ["SIOT_LOG_LEVEL"] = logLevel,

            // The tests' main domain is SCRAM-SHA-1 (sha256.<domain> covers SCRAM-SHA-256);
            // deploy/'s default for things is SHA-256.
            ["SIOT_PASSWORD_HASH"] = "SHA-1",
        };
    }

    /// <inheritdoc/>
    public override string Name => "Prosody";

    /// <summary>Whether the server process is running.</summary>
    public override bool IsRunning => process is { HasExited: false };

    /// <summary>Creates the folder, certificates and accounts, and starts the server.</summary>
    /// <param name="accounts">Accounts to register before the start.</param>
    /// <param name="domain">The XMPP domain.</param>
    /// <param name="logLevel">
    /// Prosody's log level: <c>debug</c> for tests (the log explains a failure), <c>info</c> for
    /// measurements (debug writes a log line per stanza, which would be measured too).
    /// </param>
    /// <returns>The running server.</returns>
    public static async Task<ProsodyServer> StartAsync(IEnumerable<XmppAccount> accounts, string domain = "example.org", string logLevel = "debug")
    {
        if (!File.Exists(Executable))
        {
            throw new InvalidOperationException($"Prosody is not installed ({Executable} is missing): apt-get install prosody (tools/test does it)");
        }

        var folder = Directory.CreateTempSubdirectory("siot-prosody-").FullName;
        var server = new ProsodyServer(folder, domain, logLevel);
        try
        {
            await server.WriteCertificatesAsync();
            Directory.CreateDirectory(Path.Combine(folder, "data"));
            foreach (var account in accounts)
            {
                await server.RegisterAsync(account);
            }

            await server.StartAsync();
            return server;
        }
        catch
        {
            await server.DisposeAsync();
            throw;
        }
    }

    /// <summary>Creates an account with prosodyctl (works whether the server runs or not).</summary>
    /// <param name="account">The account.</param>
    public override async Task RegisterAsync(XmppAccount account)
    {
        var result = await ServerProcesses.RunAsync("/usr/bin/prosodyctl", ["--config", ConfigPath, "register", account.User, account.Host, account.Password], environment);
        if (result.ExitCode != 0)
        {
            throw new InvalidOperationException($"prosodyctl register {account.Jid} failed ({result.ExitCode}): {result.Output}");
        }
    }

    /// <summary>Starts the server (again) and waits until its client port accepts connections.</summary>
    public override async Task StartAsync()
    {
        if (IsRunning)
        {
            return;
        }

        var start = new ProcessStartInfo(Executable, ["--config", ConfigPath, "-F"])
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            WorkingDirectory = Folder,
        };
        ServerProcesses.Apply(start, environment);
        var logBefore = ReadLog().Length;
        // Prosody writes its log to a file; what it prints is only drained.
        process = ServerProcesses.StartCapturing(start, "prosody", _ => { });

        var deadline = DateTime.UtcNow + StartTimeout;
        while (true)
        {
            var log = ReadLog()[logBefore..];
            // Prosody only logs a port it cannot open and goes on running: check the log, not just the port.
            if (log.Contains("Failed to open server port", StringComparison.Ordinal) || process.HasExited)
            {
                var reason = process.HasExited ? $"exited with {process.ExitCode}" : "could not open a port";
                await StopAsync();
                throw new InvalidOperationException($"Prosody {reason}; log:\n{log}");
            }

            if (await ServerProcesses.AcceptsAsync(ClientPort) && await ServerProcesses.AcceptsAsync(DirectTlsPort) && await ServerProcesses.AcceptsAsync(ComponentPort))
            {
                return;
            }

            if (DateTime.UtcNow > deadline)
            {
                await StopAsync();
                throw new TimeoutException($"Prosody did not open its ports within {StartTimeout.TotalSeconds} s; log:\n{log}");
            }

            await Task.Delay(50);
        }
    }

    /// <summary>Stops the server (SIGTERM, then SIGKILL after 5 s); its data stays for the next start.</summary>
    public override async Task StopAsync()
    {
        if (process == null)
        {
            return;
        }

        // SIGTERM lets Prosody close its streams the way a real restart does.
        await ServerProcesses.TerminateAsync(process, process.Id, TimeSpan.FromSeconds(5));
        process.Dispose();
        process = null;
    }

    /// <summary>The server's log so far.</summary>
    /// <returns>The log text, or empty before the first start.</returns>
    public override string ReadLog() => ServerProcesses.ReadShared(Path.Combine(Folder, "prosody.log"));

    /// <summary>Stops the server and deletes its folder.</summary>
    public override async ValueTask DisposeAsync()
    {
        await StopAsync();
        try
        {
            Directory.Delete(Folder, recursive: true);
        }
        catch (IOException)
        {
            // A leftover temp folder is not worth failing a test for.
        }
    }

    private string ConfigPath => RepositoryPaths.Combine("deploy", "prosody", "prosody.cfg.lua");
}
