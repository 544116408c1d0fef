using System.Diagnostics;
using System.Text;
using System.Text.RegularExpressions;

namespace SiotThing.TestServers;

/// <summary>
/// A real ejabberd (Debian's package) started for a test: its own temp folder, loopback ports
/// chosen by the kernel, a fresh test CA, and deploy/ejabberd/ejabberd.yml (a template: see its
/// header) as its config. Stop and start it again (same ports, same data) to test reconnects.
/// </summary>
/// <remarks>
/// ejabberd is an Erlang node. It runs through a copy of Debian's ejabberdctl whose
/// <c>INSTALLUSER</c> is blanked (the original switches to the ejabberd user, who cannot read
/// the temp folder), with every path given on the command line and <c>HOME</c> (where Erlang
/// keeps its cookie) set to the folder. Erlang distribution, which ejabberdctl needs to reach
/// the node, runs without epmd: <c>ERL_DIST_PORT</c> gives the node a fixed port of its own on
/// 127.0.0.1, so nothing is shared between servers and no epmd is left behind. A node of an
/// <see cref="EjabberdCluster"/> is the exception: nodes find each other through the cluster's
/// own epmd (see <see cref="EjabberdNodeRole"/>).
/// </remarks>
public sealed partial class EjabberdServer : XmppTestServerBase
{
    /// <summary>Where Debian installs ejabberdctl.</summary>
    public const string Ejabberdctl = "/usr/sbin/ejabberdctl";

    // The first start creates the Mnesia database: about 1.5 s on a quiet machine; on a fresh
    // Debian root whose 2 cores ran the other test assemblies and other jobs (load 20), the first
    // starts took over 30 s. Only a server that never starts waits this long.
    private static readonly TimeSpan StartTimeout = TimeSpan.FromSeconds(90);
    // ejabberd itself stops in milliseconds; the Erlang VM then takes 1 to 3 s to exit.
    private static readonly TimeSpan StopGrace = TimeSpan.FromSeconds(10);

    private readonly Dictionary<string, string?> environment;
    private readonly Dictionary<string, string?> serverEnvironment;
    private readonly int distributionPort;
    private readonly string node;
    private readonly EjabberdNodeRole? role;
    private readonly StringBuilder output = new();
    private Process? process;

    private EjabberdServer(string folder, string domain)
        : base(folder, domain, extraPorts: 1)
    {
        distributionPort = ExtraPorts[0];
        // A name of its own, so that its processes can be told from those of other servers.
        node = $"siot{Convert.ToHexString(System.Security.Cryptography.RandomNumberGenerator.GetBytes(4)).ToLowerInvariant()}@localhost";
        environment = new Dictionary<string, string?>
        {
            // Erlang reads and writes its cookie in $HOME: keep it in the folder.
            ["HOME"] = folder,
            // A developer's own Erlang settings must not change how the node starts.
            ["ERL_FLAGS"] = null,
            ["ERL_AFLAGS"] = null,
            ["ERL_ZFLAGS"] = null,
            ["ERL_EPMD_PORT"] = null,
        };
        serverEnvironment = environment;
    }

    private EjabberdServer(string folder, string domain, TestCertificateAuthority authority, string componentSecret, EjabberdNodeRole role)
        : base(folder, domain, extraPorts: 1, authority, componentSecret)
    {
        this.role = role;
        distributionPort = ExtraPorts[0];
        node = role.NodeName;
        environment = new Dictionary<string, string?>
        {
            // The cluster's cookie is written to $HOME/.erlang.cookie, which Erlang reads.
            ["HOME"] = folder,
            ["ERL_FLAGS"] = null,
            ["ERL_AFLAGS"] = null,
            ["ERL_ZFLAGS"] = null,
            // The cluster's own epmd, for the node and for every ejabberdctl command: never the
            // machine's shared one on 4369, which other people's Erlang nodes may use.
            ["ERL_EPMD_PORT"] = role.EpmdPort.ToString(),
        };
        // Only the node itself listens on the port chosen for it; an ejabberdctl command's
        // short-lived node listens on any free port (on 127.0.0.1 too, by inet_dist_use_interface).
        serverEnvironment = new Dictionary<string, string?>(environment)
        {
            ["ERL_ZFLAGS"] = $"-kernel inet_dist_listen_min {distributionPort} inet_dist_listen_max {distributionPort}",
        };
    }

    /// <inheritdoc/>
    public override string Name => "ejabberd";

    /// <summary>The Erlang node's name, which every process of this server has on its command line.</summary>
    public string NodeName => node;

    /// <summary>The port on 127.0.0.1 where the node listens for Erlang distribution (ejabberdctl, and the other nodes of a cluster).</summary>
    public int DistributionPort => distributionPort;

    /// <summary>Whether the server process is running.</summary>
    public override bool IsRunning => process is { HasExited: false };

    private string ConfigPath => Path.Combine(Folder, "ejabberd.yml");

    private string ControlScript => Path.Combine(Folder, "ejabberdctl");

    private string PidFile => Path.Combine(Folder, "ejabberd.pid");

    /// <summary>Creates the folder, certificates and config, starts the server and creates the accounts.</summary>
    /// <param name="accounts">Accounts to register once it runs.</param>
    /// <param name="domain">The XMPP domain.</param>
    /// <returns>The running server.</returns>
    public static async Task<EjabberdServer> StartAsync(IEnumerable<XmppAccount> accounts, string domain = "example.org")
    {
        if (!File.Exists(Ejabberdctl))
        {
            throw new InvalidOperationException($"ejabberd is not installed ({Ejabberdctl} is missing): apt-get install ejabberd (tools/test does it)");
        }

        var folder = Directory.CreateTempSubdirectory("siot-ejabberd-").FullName;
        var server = new EjabberdServer(folder, domain);
        try
        {
            await server.WriteFilesAsync();
            await server.StartAsync();
            // ejabberdctl register talks to the running node; one at a time, because ejabberdctl
            // names its own short-lived node with only three random characters.
            foreach (var account in accounts)
            {
                await server.RegisterAsync(account);
            }

            return server;
        }
        catch
        {
            await server.DisposeAsync();
            throw;
        }
    }

    /// <summary>Creates the folder, certificates and config of one node of a cluster and starts it (the cluster joins it to the others).</summary>
    /// <param name="domain">The XMPP domain.</param>
    /// <param name="authority">The cluster's CA, whose certificate every node presents.</param>
    /// <param name="componentSecret">The component's secret, the same on every node.</param>
    /// <param name="role">The node's name and how it reaches the others.</param>
    /// <returns>The running node, not yet in a cluster.</returns>
    internal static async Task<EjabberdServer> StartNodeAsync(string domain, TestCertificateAuthority authority, string componentSecret, EjabberdNodeRole role)
    {
        var folder = Directory.CreateTempSubdirectory("siot-ejabberd-node-").FullName;
        var server = new EjabberdServer(folder, domain, authority, componentSecret, role);
        try
        {
            await server.WriteFilesAsync();
            await server.StartAsync();
            return server;
        }
        catch
        {
            await server.DisposeAsync();
            throw;
        }
    }

    /// <summary>Creates an account with ejabberdctl register (the server must be running).</summary>
    /// <param name="account">The account.</param>
    /// <returns>A task that completes when the account exists.</returns>
    public override async Task RegisterAsync(XmppAccount account)
    {
        if (!IsRunning)
        {
            throw new InvalidOperationException($"ejabberdctl register {account.Jid}: ejabberd must be running (it registers through the live node)");
        }

        var result = await ControlAsync("register", account.User, account.Host, account.Password);
        if (result.ExitCode != 0)
        {
            throw new InvalidOperationException($"ejabberdctl register {account.Jid} failed ({result.ExitCode}): {result.Output}");
        }
    }

    /// <summary>Starts the server (again) and waits until it says it is started and its ports accept connections.</summary>
    /// <returns>A task that completes when the server is ready.</returns>
    public override async Task StartAsync()
    {
        if (IsRunning)
        {
            return;
        }

        // In the foreground, so that it is our child; quiet: the console shows only critical
        // messages (why it would not start), the log file has everything.
        var start = new ProcessStartInfo(ControlScript, [.. CommonArguments(), "foreground-quiet"])
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            WorkingDirectory = Folder,
        };
        ServerProcesses.Apply(start, serverEnvironment);
        var logBefore = ReadLog().Length;
        lock (output)
        {
            output.Clear();
        }

        process = ServerProcesses.StartCapturing(start, "ejabberd", Collect);
        await WaitUntilStartedAsync(logBefore);
    }

    /// <summary>
    /// Waits until the log, from <paramref name="logBefore"/> on, says the node is started and
    /// every listener accepts connections: after a start, or after a join to a cluster (which
    /// stops and starts ejabberd inside the running node).
    /// </summary>
    /// <param name="logBefore">The log's length before the start.</param>
    /// <returns>A task that completes when the server is ready.</returns>
    internal async Task WaitUntilStartedAsync(int logBefore)
    {
        var process = this.process ?? throw new InvalidOperationException("ejabberd is not running");
        var deadline = DateTime.UtcNow + StartTimeout;
        while (true)
        {
            var log = ReadLog()[logBefore..];
            if (process.HasExited)
            {
                // A bad config, a port in use or a second node of the same name: the VM halts.
                var code = process.ExitCode;
                await StopAsync();
                throw new InvalidOperationException($"ejabberd exited with {code}; output:\n{CollectedOutput()}\nlog:\n{log}");
            }

            // The listeners open last, after "is started"; waiting for both means ready for real.
            if (log.Contains(" is started in the node ", StringComparison.Ordinal)
                && await ServerProcesses.AcceptsAsync(ClientPort)
                && await ServerProcesses.AcceptsAsync(DirectTlsPort)
                && await ServerProcesses.AcceptsAsync(ComponentPort))
            {
                return;
            }

            if (DateTime.UtcNow > deadline)
            {
                await KillAsync();
                throw new TimeoutException($"ejabberd did not start within {StartTimeout.TotalSeconds} s; output:\n{CollectedOutput()}\nlog:\n{log}");
            }

            await Task.Delay(50);
        }
    }

    /// <summary>Stops the server (SIGTERM to the Erlang VM, SIGKILL after 10 s); its data stays for the next start.</summary>
    /// <returns>A task that completes when every process of the server has exited.</returns>
    public override async Task StopAsync()
    {
        if (process == null)
        {
            return;
        }

        // The process started is ejabberdctl's shell, waiting for the Erlang VM it started; the
        // VM wrote its own id to the pid file. SIGTERM to the VM stops ejabberd cleanly: clients
        // get a system-shutdown stream error and Mnesia closes its files, as in a real restart.
        await ServerProcesses.TerminateAsync(process, VmProcessId() ?? process.Id, StopGrace);
        process.Dispose();
        process = null;
        KillLeftovers();
    }

    /// <summary>The server's log (ejabberd.log, which has the errors too) so far.</summary>
    /// <returns>The log text, or empty before the first start.</returns>
    public override string ReadLog() => ServerProcesses.ReadShared(Path.Combine(Folder, "logs", "ejabberd.log"));

    /// <summary>Kills every process of the server at once and deletes its folder.</summary>
    /// <returns>A task that completes when the processes are gone.</returns>
    public override async ValueTask DisposeAsync()
    {
        // No clean stop: the data is deleted anyway, and the VM would take seconds to exit.
        await KillAsync();
        try
        {
            Directory.Delete(Folder, recursive: true);
        }
        catch (IOException)
        {
            // A leftover temp folder is not worth failing a test for.
        }
    }

    /// <summary>Ids of running processes whose command line names this server's node.</summary>
    /// <returns>The process ids.</returns>
    public IReadOnlyList<int> ProcessesOfThisNode()
    {
        var found = new List<int>();
        foreach (var directory in Directory.EnumerateDirectories("/proc"))
        {
            if (int.TryParse(Path.GetFileName(directory), out var id) && NamesThisNode(id))
            {
                found.Add(id);
            }
        }

        return found;
    }

    [GeneratedRegex("@@([A-Z0-9_]+)@@")]
    private static partial Regex Placeholder();

    private async Task WriteFilesAsync()
    {
        if (!OperatingSystem.IsLinux())
        {
            throw new PlatformNotSupportedException("the ejabberd harness runs Debian's package: Linux only");
        }

        // ejabberd pairs certificates with keys across the files it is given: no combined PEM needed.
        await WriteCertificatesAsync();
        Directory.CreateDirectory(Path.Combine(Folder, "spool"));
        Directory.CreateDirectory(Path.Combine(Folder, "logs"));

        var settings = new Dictionary<string, string>
        {
            ["SIOT_EJABBERD_DIR"] = Folder,
            ["SIOT_DOMAIN"] = Domain,
            ["SIOT_C2S_PORT"] = ClientPort.ToString(),
            ["SIOT_C2S_TLS_PORT"] = DirectTlsPort.ToString(),
            ["SIOT_COMPONENT_PORT"] = ComponentPort.ToString(),
            ["SIOT_COMPONENT_SECRET"] = ComponentSecret,
            ["SIOT_LOG_LEVEL"] = "info",
        };
        var config = await RenderAsync("ejabberd.yml", settings);
        if (role?.ClusterSettings is { } clusterSettings)
        {
            // The cluster's part of the config, in a file of its own as a deployment keeps it.
            var clusterConfig = Path.Combine(Folder, "cluster.yml");
            await File.WriteAllTextAsync(clusterConfig, await RenderAsync("cluster.yml", new Dictionary<string, string>(settings.Concat(clusterSettings))));
            config += $"\ninclude_config_file: \"{clusterConfig}\"\n";
        }

        await File.WriteAllTextAsync(ConfigPath, config);

        await File.WriteAllTextAsync(ControlScript, ControlScriptCopy(await File.ReadAllTextAsync(Ejabberdctl)));
        File.SetUnixFileMode(ControlScript, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);

        // Read by ejabberdctl (it is a shell script) for the server and for every command.
        await File.WriteAllTextAsync(Path.Combine(Folder, "ejabberdctl.cfg"), role == null
            ? $$"""
            # Written by SiotThing's EjabberdServer for one test server.
            # Distribution on 127.0.0.1 only (given here directly: ejabberdctl's INET_DIST_INTERFACE
            # would start one more Erlang VM for every command just to parse the address); no crash dumps.
            ERL_OPTIONS="-env ERL_CRASH_DUMP_BYTES 0 -kernel inet_dist_use_interface {127,0,0,1}"
            # The node listens on this port and ejabberdctl reaches it there: no epmd at all.
            ERL_DIST_PORT={{distributionPort}}
            # Should an epmd start anyway, it listens on loopback only.
            ERL_EPMD_ADDRESS=127.0.0.1
            # The VM writes its process id here, so that it can be sent SIGTERM.
            EJABBERD_PID_PATH={{PidFile}}

            """
            : $$"""
            # Written by SiotThing's EjabberdServer for one node of a test cluster.
            # Distribution on 127.0.0.1 only; no crash dumps. (The node's own listen port is given
            # to the node alone, in ERL_ZFLAGS: ejabberdctl's commands start nodes of their own.)
            ERL_OPTIONS="-env ERL_CRASH_DUMP_BYTES 0 -kernel inet_dist_use_interface {127,0,0,1}"
            # The nodes find each other through the cluster's epmd, on loopback and a port of its
            # own. Set here too, because ejabberdctl runs "epmd -kill" when it thinks no node is
            # left: that must never reach the machine's shared epmd.
            ERL_EPMD_ADDRESS=127.0.0.1
            ERL_EPMD_PORT={{role.EpmdPort}}
            export ERL_EPMD_PORT
            EJABBERD_PID_PATH={{PidFile}}

            """);
        if (role != null)
        {
            // Every node of the cluster must hold the same cookie; Erlang insists on owner-only.
            var cookie = Path.Combine(Folder, ".erlang.cookie");
            await File.WriteAllTextAsync(cookie, role.Cookie);
            File.SetUnixFileMode(cookie, UnixFileMode.UserRead);
        }
        // ejabberdctl points ERL_INETRC here: "localhost" (the node's host) is 127.0.0.1, without DNS.
        await File.WriteAllTextAsync(Path.Combine(Folder, "inetrc"), """
            {lookup, [file, native]}.
            {host, {127,0,0,1}, ["localhost"]}.

            """);
    }

    private static async Task<string> RenderAsync(string file, IReadOnlyDictionary<string, string> settings)
    {
        var template = await File.ReadAllTextAsync(RepositoryPaths.Combine("deploy", "ejabberd", file));
        return Placeholder().Replace(template, match => settings.TryGetValue(match.Groups[1].Value, out var value)
            ? value
            : throw new InvalidOperationException($"deploy/ejabberd/{file}: no value for {match.Value}"));
    }

    private static string ControlScriptCopy(string original)
    {
        // As root, Debian's ejabberdctl runs everything as INSTALLUSER (ejabberd) through su; blank,
        // it runs as whoever calls it, who owns the temp folder.
        var copy = Regex.Replace(original, "^INSTALLUSER=.*$", "INSTALLUSER=", RegexOptions.Multiline);
        if (copy == original || !copy.Contains("\nINSTALLUSER=\n", StringComparison.Ordinal))
        {
            throw new InvalidOperationException($"{Ejabberdctl} has no INSTALLUSER line to blank: a different ejabberd version? (tested with 23.01)");
        }

        return copy;
    }

    private string[] CommonArguments() =>
    [
        "--config-dir", Folder,
        "--config", ConfigPath,
        "--ctl-config", Path.Combine(Folder, "ejabberdctl.cfg"),
        "--spool", Path.Combine(Folder, "spool"),
        "--logs", Path.Combine(Folder, "logs"),
        "--node", node,
    ];

    /// <summary>Runs an ejabberdctl command against this node.</summary>
    /// <param name="command">The command and its arguments.</param>
    /// <returns>Its exit code and output.</returns>
    internal Task<(int ExitCode, string Output)> ControlAsync(params string[] command) =>
        ServerProcesses.RunAsync(ControlScript, [.. CommonArguments(), .. command], environment, Folder);

    private async Task KillAsync()
    {
        if (process != null)
        {
            if (!process.HasExited)
            {
                // The VM first: its parent, the ejabberdctl shell, then reaps it and exits. Were the
                // shell killed first, the VM would linger as init's zombie for a while.
                if (VmProcessId() is int vm)
                {
                    ServerProcesses.KillNow(vm);
                }

                using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(5));
                try
                {
                    await process.WaitForExitAsync(timeout.Token);
                }
                catch (OperationCanceledException)
                {
                    process.Kill(entireProcessTree: true);
                    await process.WaitForExitAsync();
                }
            }

            process.Dispose();
            process = null;
        }

        KillLeftovers();
    }

    /// <summary>
    /// Kills whatever still carries this server's node name: normally nothing, but a VM whose
    /// ejabberdctl shell died first is no longer in that shell's process tree.
    /// </summary>
    private void KillLeftovers()
    {
        foreach (var id in ProcessesOfThisNode())
        {
            ServerProcesses.KillNow(id);
        }
    }

    /// <summary>The Erlang VM's process id from the pid file, if that process is still this server's.</summary>
    private int? VmProcessId()
    {
        try
        {
            return int.TryParse(File.ReadAllText(PidFile).Trim(), out var id) && NamesThisNode(id) ? id : null;
        }
        catch (IOException)
        {
            return null;
        }
    }

    private bool NamesThisNode(int processId)
    {
        try
        {
            // Arguments are NUL-separated; the node name is one whole argument.
            return File.ReadAllText($"/proc/{processId}/cmdline").Split('\0').Contains(node);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            // The process ended while we looked, or is not ours to read.
            return false;
        }
    }

    private void Collect(string? line)
    {
        if (line != null)
        {
            lock (output)
            {
                output.AppendLine(line);
            }
        }
    }

    private string CollectedOutput()
    {
        lock (output)
        {
            return output.ToString();
        }
    }
}
