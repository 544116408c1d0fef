using System.Text;
using Npgsql;
using SiotThing.TestServers;

namespace SiotThing.SystemTests;

/// <summary>
/// The README's cluster deployment on loopback: an ejabberd cluster (<see cref="EjabberdCluster"/>),
/// one PostgreSQL database, and <c>serve</c> instances as processes of their own, each started
/// with the command line of deploy/systemd/siot-provisioning-postgres.service (its secret and
/// pgpass files in a stand-in for systemd's credentials folder, its database and component port
/// those of the test), so that the documented unit is what runs.
/// </summary>
internal sealed class ClusterDeployment : IAsyncDisposable
{
    /// <summary>How long an instance may take to come online.</summary>
    public static readonly TimeSpan StartPatience = TimeSpan.FromSeconds(60);

    private const string Unit = "siot-provisioning-postgres.service";

    private readonly string credentials = Directory.CreateTempSubdirectory("siot-credentials-").FullName;
    private readonly Dictionary<int, DotnetProgram> instances = [];
    private readonly StringBuilder retired = new();

    private ClusterDeployment(EjabberdCluster cluster, PostgresServer postgres, string connectionString)
    {
        Cluster = cluster;
        Postgres = postgres;
        ConnectionString = connectionString;
    }

    /// <summary>The XMPP servers.</summary>
    public EjabberdCluster Cluster { get; }

    /// <summary>The database server.</summary>
    public PostgresServer Postgres { get; }

    /// <summary>The service's database, as the test reaches it.</summary>
    public string ConnectionString { get; }

    /// <summary>The database's name.</summary>
    public string DatabaseName => new NpgsqlConnectionStringBuilder(ConnectionString).Database!;

    /// <summary>Starts PostgreSQL with an empty database and a cluster of <paramref name="nodes"/> nodes with <paramref name="accounts"/>.</summary>
    public static async Task<ClusterDeployment> StartAsync(XmppAccount[] accounts, int nodes = 2)
    {
        var postgres = await PostgresServer.StartNewAsync();
        try
        {
            var connectionString = await postgres.CreateDatabaseAsync();
            var cluster = await EjabberdCluster.StartAsync(accounts, StoryParts.Domain, nodes);
            var deployment = new ClusterDeployment(cluster, postgres, connectionString);
            await File.WriteAllTextAsync(Path.Combine(deployment.credentials, "component.secret"), cluster.ComponentSecret + "\n");
            // The test cluster trusts loopback, so the password is not checked; the file is read all the same.
            await File.WriteAllTextAsync(Path.Combine(deployment.credentials, "pgpass"), $"127.0.0.1:{postgres.Port}:*:{PostgresServer.Superuser}:unused\n");
            return deployment;
        }
        catch
        {
            await postgres.DisposeAsync();
            throw;
        }
    }

    /// <summary>
    /// The unit's <c>serve</c> command line for this test: the program dropped, <c>%d</c> the
    /// credentials folder, the component port the node's, the connection string the test's
    /// database (host, port, name; TLS off, as the test server has none), everything else as written.
    /// </summary>
    /// <param name="componentPort">The node's component port.</param>
    /// <returns>The arguments.</returns>
    public string[] ServeArguments(int componentPort)
    {
        var text = File.ReadAllText(RepositoryPaths.Combine("deploy", "systemd", Unit));
        var execStart = text.Split('\n').Single(l => l.StartsWith("ExecStart=", StringComparison.Ordinal))["ExecStart=".Length..];
        var arguments = SplitCommandLine(execStart).Skip(1).Select(a => a.Replace("%d", credentials, StringComparison.Ordinal)).ToArray();
        var test = new NpgsqlConnectionStringBuilder(ConnectionString);
        for (var i = 0; i < arguments.Length - 1; i++)
        {
            switch (arguments[i])
            {
                case "--port":
                    arguments[i + 1] = componentPort.ToString();
                    break;
                case "--postgres":
                    var documented = new NpgsqlConnectionStringBuilder(arguments[i + 1])
                    {
                        Host = test.Host,
                        Port = test.Port,
                        Database = test.Database,
                        SslMode = SslMode.Disable,
                    };
                    arguments[i + 1] = documented.ConnectionString;
                    break;
            }
        }

        return arguments;
    }

    /// <summary>Starts instance <paramref name="index"/> (again) on node <paramref name="node"/>'s component port and waits until it is online.</summary>
    /// <returns>The running instance.</returns>
    public DotnetProgram StartInstance(int index, int node)
    {
        if (instances.TryGetValue(index, out var old))
        {
            retired.AppendLine($"--- instance {index}, an earlier run:").AppendLine(old.Output);
        }

        var instance = DotnetProgram.Start("Provisioning.Service", "Provisioning.Service", ServeArguments(Cluster.Nodes[node].ComponentPort));
        instances[index] = instance;
        instance.WaitForLine(StartPatience, "Online as the component");
        return instance;
    }

    /// <summary>Instance <paramref name="index"/>'s current process.</summary>
    public DotnetProgram Instance(int index) => instances[index];

    /// <summary>Everything every instance printed, earlier runs included: for a failing test's message.</summary>
    public string Outputs() => retired + string.Concat(instances.Select(i => $"--- instance {i.Key}:\n{i.Value.Output}\n"));

    /// <summary>Logs <paramref name="account"/> in on node <paramref name="node"/>, online with presence as people are.</summary>
    public async Task<XmppParty> ConnectAsync(XmppAccount account, int node, string resource = "party") =>
        StoryParts.Interested(await XmppParty.ConnectAsync(Cluster.Nodes[node].ClientPort, Cluster.CaCertificatePath, account, resource));

    /// <summary>Runs SQL on the service's database.</summary>
    public async Task<string> PsqlAsync(string sql)
    {
        var (exitCode, output) = await Postgres.PsqlAsync(DatabaseName, sql);
        Assert.True(exitCode == 0, output);
        return output;
    }

    /// <inheritdoc/>
    public async ValueTask DisposeAsync()
    {
        foreach (var instance in instances.Values)
        {
            await instance.DisposeAsync();
        }

        await Cluster.DisposeAsync();
        await Postgres.DisposeAsync();
        Directory.Delete(credentials, recursive: true);
    }

    /// <summary>Splits a systemd command line into words: spaces separate, double quotes group.</summary>
    private static List<string> SplitCommandLine(string line)
    {
        var words = new List<string>();
        var word = new StringBuilder();
        var quoted = false;
        foreach (var c in line.Trim())
        {
            if (c == '"')
            {
                quoted = !quoted;
            }
            else if (c == ' ' && !quoted)
            {
                if (word.Length > 0)
                {
                    words.Add(word.ToString());
                    word.Clear();
                }
            }
            else
            {
                word.Append(c);
            }
        }

        if (word.Length > 0)
        {
            words.Add(word.ToString());
        }

        return words;
    }
}
