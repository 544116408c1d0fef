using System.Diagnostics;
using System.Security.Cryptography;
using System.Text;

namespace SiotThing.TestServers;

/// <summary>
/// Several real ejabberd nodes (Debian's 23.01) on loopback joined as one cluster (Mnesia), as a
/// deployment with no single XMPP server runs: each node is an <see cref="EjabberdServer"/> with
/// its own client and component ports, all serving one domain with one test CA and one component
/// secret, so a client or a component may connect to any of them. Accounts live in the shared
/// Mnesia database: registered once, they log in on every node.
/// </summary>
/// <remarks>
/// Erlang nodes of one cluster find each other through epmd. The cluster starts its own, as its
/// child, on 127.0.0.1 and a port the kernel chose (<c>ERL_EPMD_PORT</c>), never the machine's
/// shared one on 4369; each node listens for distribution on 127.0.0.1 only
/// (<c>inet_dist_use_interface</c>) on one port chosen for it (<c>inet_dist_listen_min</c> =
/// <c>inet_dist_listen_max</c>), and the nodes share a cookie written to each node's
/// <c>$HOME/.erlang.cookie</c>. The second and later nodes join the first with
/// <c>ejabberdctl join_cluster</c>.
/// </remarks>
public sealed class EjabberdCluster : IAsyncDisposable
{
    private static readonly TimeSpan EpmdStartTimeout = TimeSpan.FromSeconds(10);

    private readonly List<EjabberdServer> nodes = [];
    private Process? epmd;

    private EjabberdCluster(string domain, int epmdPort)
    {
        Domain = domain;
        EpmdPort = epmdPort;
        Authority = TestCertificateAuthority.Create(domain);
        ComponentSecret = Convert.ToHexString(RandomNumberGenerator.GetBytes(16));
    }

    /// <summary>The nodes, in the order they were started; the first is the one the others joined.</summary>
    public IReadOnlyList<EjabberdServer> Nodes => nodes;

    /// <summary>The main domain, served by every node.</summary>
    public string Domain { get; }

    /// <summary>The provisioning service's component domain, accepted on every node's component port.</summary>
    public string ComponentDomain => "provisioning." + Domain;

    /// <summary>The component's shared secret, the same on every node.</summary>
    public string ComponentSecret { get; }

    /// <summary>The CA that signed every node's certificate.</summary>
    public TestCertificateAuthority Authority { get; }

    /// <summary>The CA certificate as a PEM file (every node has a copy; this is the first node's).</summary>
    public string CaCertificatePath => nodes[0].CaCertificatePath;

    /// <summary>The port of the cluster's own epmd on 127.0.0.1.</summary>
    public int EpmdPort { get; }

    /// <summary>The epmd's process id while it runs (to check that it is gone after disposal).</summary>
    public int? EpmdProcessId => epmd is { HasExited: false } ? epmd.Id : null;

    /// <summary>Starts epmd and <paramref name="nodeCount"/> nodes, joins them into one cluster and creates the accounts.</summary>
    /// <param name="accounts">Accounts to register (once, for the whole cluster).</param>
    /// <param name="domain">The XMPP domain.</param>
    /// <param name="nodeCount">How many nodes.</param>
    /// <param name="balancing">The component's <c>domain_balancing</c>, or null for ejabberd's default (see deploy/ejabberd/cluster.yml).</param>
    /// <returns>The running cluster.</returns>
    public static async Task<EjabberdCluster> StartAsync(IEnumerable<XmppAccount> accounts, string domain = "example.org", int nodeCount = 2, ComponentBalancing? balancing = null)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(nodeCount, 2);
        var cluster = new EjabberdCluster(domain, FreePorts.Take(1)[0]);
        try
        {
            await cluster.StartEpmdAsync();
            var cookie = Convert.ToHexString(RandomNumberGenerator.GetBytes(20));
            // One random stem, a letter per node: the names tell the nodes apart, and this
            // cluster's processes from those of any other server on the machine.
            var stem = "siot" + Convert.ToHexString(RandomNumberGenerator.GetBytes(4)).ToLowerInvariant();
            IReadOnlyDictionary<string, string>? clusterSettings = balancing == null ? null : new Dictionary<string, string>
            {
                ["SIOT_BALANCING"] = balancing.Type,
                ["SIOT_COMPONENT_CONNECTIONS"] = balancing.Connections.ToString(),
            };
            for (var i = 0; i < nodeCount; i++)
            {
                var role = new EjabberdNodeRole($"{stem}{(char)('a' + i)}@localhost", cluster.EpmdPort, cookie, clusterSettings);
                cluster.nodes.Add(await EjabberdServer.StartNodeAsync(domain, cluster.Authority, cluster.ComponentSecret, role));
            }

            foreach (var node in cluster.nodes.Skip(1))
            {
                await JoinAsync(node, cluster.nodes[0]);
            }

            foreach (var account in accounts)
            {
                await cluster.RegisterAsync(account);
            }

            return cluster;
        }
        catch
        {
            await cluster.DisposeAsync();
            throw;
        }
    }

    /// <summary>Creates an account through the first running node; Mnesia shares it with the others.</summary>
    /// <param name="account">The account.</param>
    /// <returns>A task that completes when the account exists.</returns>
    public Task RegisterAsync(XmppAccount account) =>
        (nodes.FirstOrDefault(n => n.IsRunning) ?? throw new InvalidOperationException("no node of the cluster is running")).RegisterAsync(account);

    /// <summary>The nodes that <paramref name="node"/> sees running in its cluster (ejabberdctl list_cluster).</summary>
    /// <param name="node">The node to ask.</param>
    /// <returns>The node names.</returns>
    public static async Task<IReadOnlyList<string>> RunningNodesSeenByAsync(EjabberdServer node)
    {
        var (exitCode, output) = await node.ControlAsync("list_cluster");
        if (exitCode != 0)
        {
            throw new InvalidOperationException($"ejabberdctl list_cluster on {node.NodeName} failed ({exitCode}): {output}");
        }

        // One node a line (name@localhost); other lines are ejabberdctl's own warnings, such as
        // one about running as root, which have spaces.
        return output.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
            .Where(line => line.Contains('@') && !line.Contains(' '))
            .ToList();
    }

    /// <summary>Kills every node and the epmd, and deletes their folders.</summary>
    /// <returns>A task that completes when every process is gone.</returns>
    public async ValueTask DisposeAsync()
    {
        foreach (var node in nodes)
        {
            await node.DisposeAsync();
        }

        if (epmd != null)
        {
            if (!epmd.HasExited)
            {
                epmd.Kill();
                await epmd.WaitForExitAsync();
            }

            epmd.Dispose();
            epmd = null;
        }
    }

    private static async Task JoinAsync(EjabberdServer node, EjabberdServer first)
    {
        // Joining stops ejabberd inside the node, replaces its Mnesia database by copies of the
        // first node's tables and starts ejabberd again: wait for that second start.
        var logBefore = node.ReadLog().Length;
        var (exitCode, output) = await node.ControlAsync("join_cluster", first.NodeName);
        if (exitCode != 0)
        {
            throw new InvalidOperationException($"ejabberdctl join_cluster {first.NodeName} on {node.NodeName} failed ({exitCode}): {output}\nlog:\n{node.ReadLog()[logBefore..]}");
        }

        await node.WaitUntilStartedAsync(logBefore);
    }

    private async Task StartEpmdAsync()
    {
        // In the foreground (no -daemon), so that it is our child and ends with the cluster.
        var start = new ProcessStartInfo("epmd", ["-port", EpmdPort.ToString(), "-address", "127.0.0.1"])
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        var said = new StringBuilder();
        epmd = ServerProcesses.StartCapturing(start, "epmd", line =>
        {
            lock (said)
            {
                said.AppendLine(line);
            }
        });
        var deadline = DateTime.UtcNow + EpmdStartTimeout;
        while (!await ServerProcesses.AcceptsAsync(EpmdPort))
        {
            if (epmd.HasExited || DateTime.UtcNow > deadline)
            {
                lock (said)
                {
                    throw new InvalidOperationException($"epmd did not listen on 127.0.0.1:{EpmdPort}: {said}");
                }
            }

            await Task.Delay(20);
        }
    }
}
