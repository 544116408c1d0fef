using System.Diagnostics;
using Microsoft.Extensions.Logging;
using SiotThing.Firmware.Host;
using SiotThing.Protocol.Siot;
using SiotThing.Protocol.Xml;
using SiotThing.Provisioning.CommandLine;
using SiotThing.Provisioning.Storage;
using SiotThing.TestServers;

namespace SiotThing.Benchmarks;

/// <summary>
/// The provisioning service's throughput through real XMPP servers (<c>--service-throughput</c>),
/// on four setups measured one after the other in one run: one <c>serve</c> instance on Prosody and
/// a SQLite file; one on ejabberd and PostgreSQL; two and three instances on a two-node ejabberd
/// cluster and PostgreSQL. The instances run in this process through the binary's own command line
/// (so the same host, queue and store as in production); the project's XMPP client plays things and
/// owners over STARTTLS, spread over the cluster's nodes. For each setup it measures is-friend
/// queries per second and claims per second, each for a bounded time, prints them and at the end a
/// table of all four; it asserts nothing (see docs/performance.md). Everything it starts is
/// stopped, and its folders deleted, at the end.
/// </summary>
public static class ServiceThroughput
{
    private const string Domain = "example.org";
    private const int ThingCount = 20;
    private const int OwnerCount = 4;
    private const int InFlightPerClient = 8;

    // Bounds the claims phase by count as well as by time: more than 10 s of claims on two cores
    // here (about 3 000/s on one instance with batched commits). Writing them into the store costs
    // some 25 s a setup before the service starts.
    private const int ClaimableThings = 35000;

    // A thing asks about a few requestors over and over: after the first query of each pair
    // (during the warm-up) the answer is "pending" again, the common answer of a busy service.
    private const int RequestorsPerThing = 4;

    private static readonly TimeSpan WarmUp = TimeSpan.FromSeconds(2);
    private static readonly TimeSpan Measured = TimeSpan.FromSeconds(10);

    /// <summary>Runs the measurement and prints the results.</summary>
    /// <returns>A task that ends when everything started has been stopped.</returns>
    public static async Task RunAsync()
    {
        var things = Enumerable.Range(0, ThingCount).Select(i => new XmppAccount($"thing{i}", Domain, $"thing{i}-secret")).ToList();
        var owners = Enumerable.Range(0, OwnerCount).Select(i => new XmppAccount($"owner{i}", Domain, $"owner{i}-secret")).ToList();
        XmppAccount[] accounts = [.. things, .. owners];
        var rows = new List<ThroughputRow>();
        var folder = Directory.CreateTempSubdirectory("siot-svcbench-").FullName;
        try
        {
            var database = Path.Combine(folder, "provisioning.db");
            Console.WriteLine($"Registering {ClaimableThings} claimable things in {database} ...");
            List<(string Name, string Key)> claimable;
            await using (var store = await SqliteProvisioningStore.OpenAsync(database))
            {
                claimable = await PreRegisterAsync(store);
            }

            Console.WriteLine($"Starting Prosody with {accounts.Length} accounts ...");
            // Info, not the tests' debug: a log line per stanza would be measured too.
            await using (var prosody = await ProsodyServer.StartAsync(accounts, Domain, logLevel: "info"))
            {
                var setup = new ThroughputSetup("1 instance, Prosody + SQLite", [prosody.ClientPort], prosody.Authority.Certificate, [prosody.ComponentPort], prosody.ComponentDomain, prosody.ComponentSecret, ["--database", database]);
                rows.Add(await MeasureAsync(setup, things, owners, claimable, connectedInstances: null));
            }

            Console.WriteLine($"database: {new FileInfo(database).Length:N0} bytes (+ {WalLength(database):N0} bytes of WAL)");

            Console.WriteLine("Starting PostgreSQL and ejabberd ...");
            await using var postgres = await PostgresServer.StartNewAsync();
            await using (var ejabberd = await EjabberdServer.StartAsync(accounts, Domain))
            {
                var (connection, registered) = await NewPostgresDatabaseAsync(postgres);
                var setup = new ThroughputSetup("1 instance, ejabberd + PostgreSQL", [ejabberd.ClientPort], ejabberd.Authority.Certificate, [ejabberd.ComponentPort], ejabberd.ComponentDomain, ejabberd.ComponentSecret, ["--postgres", connection]);
                rows.Add(await MeasureAsync(setup, things, owners, registered, ComponentsAccepted([ejabberd])));
            }

            Console.WriteLine("Starting a two-node ejabberd cluster ...");
            await using var cluster = await EjabberdCluster.StartAsync(accounts, Domain);
            foreach (var instances in new[] { 2, 3 })
            {
                var (connection, registered) = await NewPostgresDatabaseAsync(postgres);
                // Instances take the nodes in turn, as clients do: a deployment puts one on each machine.
                var componentPorts = Enumerable.Range(0, instances).Select(i => cluster.Nodes[i % cluster.Nodes.Count].ComponentPort).ToList();
                var setup = new ThroughputSetup($"{instances} instances, 2-node ejabberd cluster + PostgreSQL", cluster.Nodes.Select(n => n.ClientPort).ToList(), cluster.Authority.Certificate, componentPorts, cluster.ComponentDomain, cluster.ComponentSecret, ["--postgres", connection]);
                rows.Add(await MeasureAsync(setup, things, owners, registered, ComponentsAccepted(cluster.Nodes)));
            }
        }
        finally
        {
            Directory.Delete(folder, recursive: true);
        }

        PrintTable(rows);
    }

    private static async Task<ThroughputRow> MeasureAsync(ThroughputSetup setup, List<XmppAccount> things, List<XmppAccount> owners, List<(string Name, string Key)> claimable, Func<int>? connectedInstances)
    {
        Console.WriteLine($"== {setup.Name}");
        using var loggerFactory = LoggerFactory.Create(logging => logging.SetMinimumLevel(LogLevel.Warning).AddConsole());
        using var stop = new CancellationTokenSource();
        var connectedBefore = connectedInstances?.Invoke() ?? 0;
        var instances = setup.ComponentPorts.Select(port =>
        {
            var error = new StringWriter();
            string[] serve =
            [
                "serve", "--server", "127.0.0.1", "--port", port.ToString(), "--domain", setup.ComponentDomain,
                "--secret", setup.ComponentSecret, .. setup.Store,
            ];
            return (Serving: Task.Run(() => ServiceCommandLine.RunAsync(serve, TextWriter.Null, error, loggerFactory, stop.Token)), Error: error);
        }).ToList();
        var clients = new List<BenchClient>();
        try
        {
            var index = 0;
            clients.AddRange(things.Concat(owners).Select(account => new BenchClient(setup.ClientPorts[index++ % setup.ClientPorts.Count], setup.Authority, account, InFlightPerClient)));
            await Task.WhenAll(clients.Select(c => c.Online)).WaitAsync(TimeSpan.FromSeconds(60));
            var thingClients = clients.Take(things.Count).ToList();
            var ownerClients = clients.Skip(things.Count).ToList();
            await WaitForServiceAsync(thingClients[0], setup.ComponentDomain, instances);
            if (connectedInstances != null)
            {
                // Every instance must take its share before the clock starts, not just the first.
                await WaitForInstancesAsync(() => connectedInstances() - connectedBefore, instances);
            }

            await RegisterAsync(thingClients, setup.ComponentDomain);
            Console.WriteLine($"{things.Count} things registered through the component; {owners.Count} owners online; {instances.Count} instance(s).");

            // Queries: each thing keeps InFlightPerClient queries waiting for answers.
            Task<IqOutcome>? IsFriend(BenchClient thing, int n) => thing.IqAsync("get", setup.ComponentDomain, w =>
            {
                w.StartElement("is-friend-query");
                w.Attribute("xmlns", SiotNamespaces.Siot);
                w.Attribute("jid", $"requestor{n % RequestorsPerThing}@example.net");
                w.EndElement();
            });

            await RunLoadAsync(thingClients, WarmUp, IsFriend);
            var queries = await RunLoadAsync(thingClients, Measured, IsFriend);
            Print($"is-friend queries ({things.Count} things x {InFlightPerClient} in flight)", "queries", queries);

            // Claims: every claim takes the next unclaimed thing, so each one is a real transfer of ownership.
            var next = -1;
            Task<IqOutcome>? Claim(BenchClient owner, int n)
            {
                var claim = Interlocked.Increment(ref next);
                if (claim >= claimable.Count)
                {
                    return null;
                }

                var (name, key) = claimable[claim];
                return owner.IqAsync("set", setup.ComponentDomain, w =>
                {
                    w.StartElement("claim");
                    w.Attribute("xmlns", SiotNamespaces.Siot);
                    w.Attribute("name", name);
                    w.Attribute("key", key);
                    w.EndElement();
                });
            }

            var claims = await RunLoadAsync(ownerClients, Measured, Claim);
            Print($"claims ({owners.Count} owners x {InFlightPerClient} in flight)", "claims", claims);
            return new ThroughputRow(setup.Name, queries, claims);
        }
        finally
        {
            // Clients first (they close their streams), then the instances, then (by the caller) the server.
            foreach (var client in clients)
            {
                await client.DisposeAsync();
            }

            await stop.CancelAsync();
            foreach (var (serving, error) in instances)
            {
                var exit = await serving.WaitAsync(TimeSpan.FromSeconds(20));
                Console.WriteLine($"serve exited with {exit}{(error.ToString() is { Length: > 0 } e ? ": " + e.Trim() : string.Empty)}");
            }
        }
    }

    /// <summary>A fresh database on <paramref name="postgres"/> with the claimable things in it.</summary>
    private static async Task<(string Connection, List<(string Name, string Key)> Claimable)> NewPostgresDatabaseAsync(PostgresServer postgres)
    {
        var connection = await postgres.CreateDatabaseAsync();
        Console.WriteLine($"Registering {ClaimableThings} claimable things in PostgreSQL ...");
        await using var store = await PostgresProvisioningStore.OpenAsync(connection);
        return (connection, await PreRegisterAsync(store));
    }

    /// <summary>Things a thing would have registered, written straight into the store before the service opens it (claims need registered things with known keys, and as many XMPP accounts would take many minutes to create).</summary>
    private static async Task<List<(string Name, string Key)>> PreRegisterAsync(IProvisioningStore store)
    {
        // One at a time: concurrent serializable registrations on PostgreSQL conflict more often
        // than the store's retries allow, and SQLite has one writer anyway.
        var entropy = new SystemEntropy();
        var claimable = new List<(string Name, string Key)>(ClaimableThings);
        for (var i = 0; i < ClaimableThings; i++)
        {
            var name = $"Bench Bulb {i}";
            var key = ClaimKey.Generate(entropy);
            // No accounts behind these JIDs: the server bounces the service's owner message with an error, which the service ignores.
            await store.RegisterAsync($"claimable{i}@{Domain}", key, [new ThingName(string.Empty, name)], DateTimeOffset.UtcNow);
            claimable.Add((name, key));
        }

        return claimable;
    }

    /// <summary>Counts the component connections ejabberd accepted so far, on every node given.</summary>
    private static Func<int> ComponentsAccepted(IReadOnlyList<EjabberdServer> nodes) =>
        () => nodes.Sum(node => CountOf(node.ReadLog(), "Accepted external component"));

    private static int CountOf(string text, string part)
    {
        var count = 0;
        for (var at = text.IndexOf(part, StringComparison.Ordinal); at >= 0; at = text.IndexOf(part, at + part.Length, StringComparison.Ordinal))
        {
            count++;
        }

        return count;
    }

    private static async Task WaitForInstancesAsync(Func<int> connected, List<(Task<int> Serving, StringWriter Error)> instances)
    {
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(30);
        while (connected() < instances.Count)
        {
            if (instances.Any(i => i.Serving.IsCompleted) || DateTime.UtcNow > deadline)
            {
                throw new InvalidOperationException($"{connected()} of {instances.Count} instances connected: {string.Join(" | ", instances.Select(i => i.Error.ToString()))}");
            }

            await Task.Delay(100);
        }
    }

    /// <summary>Waits until the component is connected: until then the server answers for it with an error.</summary>
    private static async Task WaitForServiceAsync(BenchClient client, string service, List<(Task<int> Serving, StringWriter Error)> instances)
    {
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(30);
        while (true)
        {
            var outcome = await client.IqAsync("get", service, w =>
            {
                w.StartElement("query");
                w.Attribute("xmlns", SiotNamespaces.DiscoInfo);
                w.EndElement();
            });
            if (outcome.Result)
            {
                return;
            }

            if (instances.Any(i => i.Serving.IsCompleted) || DateTime.UtcNow > deadline)
            {
                throw new InvalidOperationException($"the service did not come online: {string.Join(" | ", instances.Select(i => i.Error.ToString()))}");
            }

            await Task.Delay(100);
        }
    }

    private static async Task RegisterAsync(List<BenchClient> things, string service)
    {
        var entropy = new SystemEntropy();
        var outcomes = await Task.WhenAll(things.Select((thing, i) =>
        {
            var key = ClaimKey.Generate(entropy);
            return thing.IqAsync("set", service, w =>
            {
                w.StartElement("register");
                w.Attribute("xmlns", SiotNamespaces.Siot);
                w.Attribute("key", key);
                w.StartElement("name");
                w.Text($"Bench Thing {i}");
                w.EndElement();
                w.EndElement();
            });
        }));
        if (outcomes.Any(o => !o.Result))
        {
            throw new InvalidOperationException("a thing's registration failed");
        }
    }

    /// <summary>
    /// Keeps <see cref="InFlightPerClient"/> requests of each client waiting for answers until
    /// <paramref name="duration"/> has passed or <paramref name="request"/> has no more to send;
    /// requests in flight at the deadline are waited for and counted.
    /// </summary>
    private static async Task<LoadResult> RunLoadAsync(List<BenchClient> clients, TimeSpan duration, Func<BenchClient, int, Task<IqOutcome>?> request)
    {
        var clock = Stopwatch.StartNew();
        var workers = clients.SelectMany(client => Enumerable.Range(0, InFlightPerClient).Select(async lane =>
        {
            var latencies = new List<long>();
            var failures = 0;
            for (var n = lane; clock.Elapsed < duration; n += InFlightPerClient)
            {
                var sent = request(client, n);
                if (sent == null)
                {
                    break;
                }

                var outcome = await sent;
                if (outcome.Result)
                {
                    latencies.Add(outcome.Latency);
                }
                else
                {
                    failures++;
                }
            }

            return (latencies, failures);
        })).ToList();
        var lanes = await Task.WhenAll(workers);
        var elapsed = clock.Elapsed;
        var all = lanes.SelectMany(l => l.latencies).Order().ToArray();
        return new LoadResult(all.Length, lanes.Sum(l => l.failures), elapsed, all);
    }

    private static void Print(string what, string unit, LoadResult result) =>
        Console.WriteLine($"{what}: {result.Results:N0} {unit} answered with a result in {result.Elapsed.TotalSeconds:F1} s = {result.PerSecond:N0} {unit}/s; " +
            $"latency p50 {result.Percentile(0.5):F1} ms, p95 {result.Percentile(0.95):F1} ms; {result.Failures} errors or timeouts");

    private static void PrintTable(List<ThroughputRow> rows)
    {
        Console.WriteLine();
        Console.WriteLine("| setup | is-friend/s | p50 / p95 ms | claims/s | p50 / p95 ms | errors or timeouts |");
        Console.WriteLine("| --- | ---: | ---: | ---: | ---: | ---: |");
        foreach (var row in rows)
        {
            Console.WriteLine($"| {row.Setup} | {row.Queries.PerSecond:N0} | {row.Queries.Percentile(0.5):F1} / {row.Queries.Percentile(0.95):F1} | " +
                $"{row.Claims.PerSecond:N0} | {row.Claims.Percentile(0.5):F1} / {row.Claims.Percentile(0.95):F1} | {row.Queries.Failures + row.Claims.Failures} |");
        }
    }

    private static long WalLength(string database) => File.Exists(database + "-wal") ? new FileInfo(database + "-wal").Length : 0;
}
