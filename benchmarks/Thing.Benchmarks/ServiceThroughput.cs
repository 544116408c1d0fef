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
/// The provisioning service's throughput through a real XMPP server (<c>--service-throughput</c>):
/// a Prosody on loopback, <c>serve</c> in this process on a SQLite file in a temp folder (the
/// binary's own command line, so the same host, queue and store as in production), and the
/// project's XMPP client as things and owners over STARTTLS. It measures is-friend queries per
/// second and claims per second, each for a bounded time, and prints them; it asserts nothing
/// (see docs/performance.md). Everything it starts is stopped, and its folders deleted, at the end.
/// </summary>
public static class ServiceThroughput
{
    private const string Domain = "example.org";
    private const int ThingCount = 20;
    private const int OwnerCount = 4;
    private const int InFlightPerClient = 8;

    // Bounds the claims phase by count as well as by time: about 10 s of claims on two cores here
    // (about 1 700/s). Writing them into the store costs some 15 s before the service starts.
    private const int ClaimableThings = 20000;

    // A thing asks about a few requestors over and over: after the first query of each pair
    // (during the warm-up) the answer is "pending" again, the common answer of a busy service.
    private const int RequestorsPerThing = 4;

    private static readonly TimeSpan WarmUp = TimeSpan.FromSeconds(2);
    private static readonly TimeSpan Measured = TimeSpan.FromSeconds(10);

    /// <summary>Runs the measurement and prints the results.</summary>
    /// <returns>A task that ends when everything started has been stopped.</returns>
    public static async Task RunAsync()
    {
        var folder = Directory.CreateTempSubdirectory("siot-svcbench-").FullName;
        var database = Path.Combine(folder, "provisioning.db");
        try
        {
            Console.WriteLine($"Registering {ClaimableThings} claimable things in {database} ...");
            var claimable = await PreRegisterAsync(database);
            var things = Enumerable.Range(0, ThingCount).Select(i => new XmppAccount($"thing{i}", Domain, $"thing{i}-secret")).ToList();
            var owners = Enumerable.Range(0, OwnerCount).Select(i => new XmppAccount($"owner{i}", Domain, $"owner{i}-secret")).ToList();
            Console.WriteLine($"Starting Prosody with {things.Count + owners.Count} accounts ...");
            // Info, not the tests' debug: a log line per stanza would be measured too.
            await using var server = await ProsodyServer.StartAsync([.. things, .. owners], Domain, logLevel: "info");
            await RunWithServiceAsync(server, database, things, owners, claimable);
        }
        finally
        {
            Directory.Delete(folder, recursive: true);
        }
    }

    private static async Task RunWithServiceAsync(ProsodyServer server, string database, List<XmppAccount> things, List<XmppAccount> owners, List<(string Name, string Key)> claimable)
    {
        using var loggerFactory = LoggerFactory.Create(logging => logging.SetMinimumLevel(LogLevel.Warning).AddConsole());
        using var stop = new CancellationTokenSource();
        var error = new StringWriter();
        string[] serve =
        [
            "serve", "--server", "127.0.0.1", "--port", server.ComponentPort.ToString(), "--domain", server.ComponentDomain,
            "--secret", server.ComponentSecret, "--database", database,
        ];
        var service = Task.Run(() => ServiceCommandLine.RunAsync(serve, TextWriter.Null, error, loggerFactory, stop.Token));
        var clients = new List<BenchClient>();
        try
        {
            clients.AddRange(things.Select(t => new BenchClient(server, t, InFlightPerClient)));
            clients.AddRange(owners.Select(o => new BenchClient(server, o, InFlightPerClient)));
            await Task.WhenAll(clients.Select(c => c.Online)).WaitAsync(TimeSpan.FromSeconds(60));
            var thingClients = clients.Take(things.Count).ToList();
            var ownerClients = clients.Skip(things.Count).ToList();
            await WaitForServiceAsync(thingClients[0], server.ComponentDomain, service, error);
            await RegisterAsync(thingClients, server.ComponentDomain);
            Console.WriteLine($"{things.Count} things registered through the component; {owners.Count} owners online.");

            // Queries: each thing keeps InFlightPerClient queries waiting for answers.
            Task<IqOutcome>? IsFriend(BenchClient thing, int n) => thing.IqAsync("get", server.ComponentDomain, w =>
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
                var index = Interlocked.Increment(ref next);
                if (index >= claimable.Count)
                {
                    return null;
                }

                var (name, key) = claimable[index];
                return owner.IqAsync("set", server.ComponentDomain, w =>
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
        }
        finally
        {
            // Clients first (they close their streams), then the service, then (by the caller) the server.
            foreach (var client in clients)
            {
                await client.DisposeAsync();
            }

            await stop.CancelAsync();
            var exit = await service.WaitAsync(TimeSpan.FromSeconds(20));
            Console.WriteLine($"serve exited with {exit}{(error.ToString() is { Length: > 0 } e ? ": " + e.Trim() : string.Empty)}");
            Console.WriteLine($"database: {new FileInfo(database).Length:N0} bytes (+ {WalLength(database):N0} bytes of WAL)");
        }
    }

    /// <summary>Things a thing would have registered, written straight into the store before the service opens it (claims need registered things with known keys, and as many XMPP accounts would take many minutes to create).</summary>
    private static async Task<List<(string Name, string Key)>> PreRegisterAsync(string database)
    {
        var entropy = new SystemEntropy();
        var claimable = new List<(string Name, string Key)>(ClaimableThings);
        await using var store = await SqliteProvisioningStore.OpenAsync(database);
        for (var i = 0; i < ClaimableThings; i++)
        {
            var name = $"Bench Bulb {i}";
            var key = ClaimKey.Generate(entropy);
            // No accounts behind these JIDs: Prosody bounces the service's owner message with an error, which the service ignores.
            await store.RegisterAsync($"claimable{i}@{Domain}", key, [new ThingName(string.Empty, name)], DateTimeOffset.UtcNow);
            claimable.Add((name, key));
        }

        return claimable;
    }

    /// <summary>Waits until the component is connected: until then Prosody answers for it with an error.</summary>
    private static async Task WaitForServiceAsync(BenchClient client, string service, Task<int> serving, StringWriter error)
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

            if (serving.IsCompleted || DateTime.UtcNow > deadline)
            {
                throw new InvalidOperationException($"the service did not come online: {error}");
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

    private static long WalLength(string database) => File.Exists(database + "-wal") ? new FileInfo(database + "-wal").Length : 0;
}
