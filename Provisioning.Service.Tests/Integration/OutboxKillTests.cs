using System.Collections.Concurrent;
using System.Data.Common;
using System.Xml.Linq;
using SiotThing.TestServers;

namespace SiotThing.Provisioning.Tests.Integration;

/// <summary>
/// Nothing committed is lost (issue 13, B3): owners claim, update friends and give things up, and
/// things ask about requestors, while <c>serve</c> is killed with SIGKILL at random moments and
/// started again. Afterwards every message the outbox holds reached its recipient (things and
/// owners are test clients that stay online throughout), and every thing's last owner message
/// names the owner the store has. Seeded; every wait is bounded; nothing is timed.
/// </summary>
public abstract class OutboxKillTests(ITestOutputHelper output) : ServeFixture(output)
{
    private const int Seed = 1313;
    private const int ThingCount = 24;
    private const int OwnerCount = 4;
    // The owners go on until this many claims succeeded (each committed for sure), or at most
    // MaxOperationsPerOwner answers each: a slow machine takes longer, never fewer claims.
    private const int SucceededClaims = 120;
    private const int MaxOperationsPerOwner = 1500;
    private const int FriendQueries = 120;
    private const int MaxKills = 12;
    private const string Alphabet = "123456789ABCDEFGHIJKLMNPQRSTUVWXYZ";

    private static readonly XmppAccount[] Things = Enumerable.Range(0, ThingCount).Select(i => new XmppAccount("thing" + i, "example.org", "thing-secret-" + i)).ToArray();
    private static readonly XmppAccount[] Owners = Enumerable.Range(0, OwnerCount).Select(i => new XmppAccount("owner" + i, "example.org", "owner-secret-" + i)).ToArray();

    internal override IReadOnlyList<XmppAccount> Accounts => [.. Things, .. Owners];

    /// <summary>The store options of <c>serve</c>.</summary>
    protected abstract Task<string[]> StoreArgumentsAsync();

    /// <summary>A connection to the service's database, for reading its outbox.</summary>
    protected abstract DbConnection Database();

    [Fact]
    public async Task EveryOwedMessageIsDeliveredAfterKillsAtRandomMoments()
    {
        var arguments = (await StoreArgumentsAsync()).Prepend(Server.ComponentDomain).Prepend("--domain")
            .Concat(["serve", "--server", "127.0.0.1", "--port", Server.ComponentPort.ToString(), "--secret", Server.ComponentSecret])
            .ToArray();
        // serve first: the command, then its options.
        arguments = ["serve", .. arguments.Where((a, i) => a != "serve")];
        var random = new Random(Seed);
        var keys = Things.Select(_ => Key(random)).ToArray();
        var service = ServiceProcess.Start(arguments, Output.WriteLine);
        try
        {
            var things = await Task.WhenAll(Things.Select(t => ConnectAsync(t, quiet: true)));
            var owners = await Task.WhenAll(Owners.Select(o => ConnectAsync(o, quiet: true)));
            await WaitForServiceAsync(things[0]);
            for (var i = 0; i < ThingCount; i++)
            {
                Assert.Equal("result", Siot.Outcome(await things[i].IqAsync("set", Service, Siot.Register(keys[i], (null, Name(i))))));
            }

            var claims = 0;
            var succeeded = 0;
            var updates = 0;
            var workload = Owners.Select((_, o) => Task.Run(async () =>
            {
                var mine = new HashSet<int>();
                var choose = new Random(Seed + 1 + o);
                for (var n = 0; n < MaxOperationsPerOwner && Volatile.Read(ref succeeded) < SucceededClaims;)
                {
                    var owned = mine.Count > 0 && choose.Next(10) < 6 ? mine.ElementAt(choose.Next(mine.Count)) : -1;
                    if (owned < 0)
                    {
                        var thing = Enumerable.Range(0, ThingCount).Where(t => !mine.Contains(t)).ElementAt(choose.Next(ThingCount - mine.Count));
                        var answer = await TryIqAsync(owners[o], "set", Siot.Claim(Name(thing), keys[thing]));
                        Interlocked.Add(ref claims, Answered(answer));
                        if (answer == "result")
                        {
                            mine.Add(thing);
                            Interlocked.Increment(ref succeeded);
                        }

                        n += Answered(answer);
                    }
                    else if (choose.Next(10) < 5)
                    {
                        var items = Enumerable.Range(0, 1 + choose.Next(3)).Select(_ => ("req" + choose.Next(12) + "@example.org", choose.Next(2) == 0)).DistinctBy(i => i.Item1).ToArray();
                        var answer = await TryIqAsync(owners[o], "set", Siot.Update(Things[owned].Jid, items));
                        Interlocked.Add(ref updates, Answered(answer));
                        if (answer is "error:forbidden" or "error:item-not-found")
                        {
                            mine.Remove(owned);
                        }

                        n += Answered(answer);
                    }
                    else if (await DisownAsync(owners[o], Things[owned].Jid))
                    {
                        mine.Remove(owned);
                        n++;
                    }
                }
            })).ToList();
            workload.Add(Task.Run(async () =>
            {
                var choose = new Random(Seed + 100);
                for (var n = 0; n < FriendQueries;)
                {
                    n += Answered(await TryIqAsync(things[choose.Next(ThingCount)], "get", Siot.IsFriend("req" + choose.Next(12) + "@example.org")));
                }
            }));
            var working = Task.WhenAll(workload);
            var kills = 0;
            var killer = Task.Run(async () =>
            {
                var when = new Random(Seed + 200);
                while (kills < MaxKills && !working.IsCompleted)
                {
                    // At a random moment of the service's work: it is up, and answering.
                    await WaitForServiceAsync(things[0]);
                    await Task.Delay(200 + when.Next(1500));
                    await service.DisposeAsync();
                    kills++;
                    Output.WriteLine($"kill {kills}: serve killed with SIGKILL, started again");
                    service = ServiceProcess.Start(arguments, Output.WriteLine);
                }
            });
            await Task.WhenAll(working, killer).WaitAsync(TimeSpan.FromMinutes(10));

            // Every owed message goes, and the server takes it (the outbox marks it sent).
            await WaitUntilAsync(async () => await CountAsync("SELECT COUNT(*) FROM outbox WHERE sent_at IS NULL") == 0, TimeSpan.FromSeconds(90), "every owed message marked sent");
            var owed = (await RawSql.RowsAsync(Database(), "SELECT id, recipient, kind, thing_jid, jid FROM outbox ORDER BY id"))
                .Select(r => (Id: Convert.ToInt64(r[0]), To: (string)r[1]!, Kind: (string)r[2]!, Thing: (string)r[3]!, Jid: (string?)r[4]))
                .ToList();
            var clients = things.Concat(owners).ToDictionary(c => c.Jid);
            var received = clients.Keys.ToDictionary(j => j, _ => new List<XElement>());
            bool AllArrived()
            {
                foreach (var (jid, client) in clients)
                {
                    received[jid].AddRange(client.Drain().Where(s => s.Name.LocalName == "message" && Siot.From(s, Service)));
                }

                var ids = received.ToDictionary(r => r.Key, r => r.Value.Select(m => OutboxId((string?)m.Attribute("id"))).ToHashSet());
                return owed.All(m => ids[m.To].Contains(m.Id));
            }

            await WaitUntilAsync(() => Task.FromResult(AllArrived()), TimeSpan.FromSeconds(60), "every owed message at its recipient");

            var finalOwners = (await RawSql.RowsAsync(Database(), "SELECT jid, owner_jid FROM things")).ToDictionary(r => (string)r[0]!, r => (string?)r[1]);
            foreach (var thing in Things)
            {
                var last = received[thing.Jid].LastOrDefault(m => m.Element(Siot.Ns + "owner") != null);
                Assert.True(finalOwners[thing.Jid] == (string?)last?.Element(Siot.Ns + "owner")!.Attribute("jid"), $"{thing.Jid}: the store has owner {finalOwners[thing.Jid] ?? "none"}, its last owner message says {(string?)last?.Element(Siot.Ns + "owner")!.Attribute("jid") ?? "none"}");
            }

            var claimed = owed.Count(m => m.Kind == "owner" && m.Jid != null);
            var duplicates = received.Values.Sum(ms => ms.Count - ms.Select(m => (string?)m.Attribute("id")).Distinct().Count());
            Output.WriteLine($"{claims} claims and {updates} updates answered, {claimed} claims committed, {owed.Count} messages owed, all delivered ({duplicates} duplicates), {kills} kills");
            Assert.True(kills >= 4, $"only {kills} kills: the workload ended too soon");
            // Most claims meet a thing another owner holds (conflict); the owners went on until enough committed.
            Assert.True(claimed >= SucceededClaims, $"only {claimed} claims committed in {claims} answered");
        }
        finally
        {
            await service.DisposeAsync();
        }
    }

    private Task<long> CountAsync(string sql) => RawSql.CountAsync(Database(), sql);

    // 1 when the service itself answered (a result, or an error of its own), 0 when it was down.
    private static int Answered(string outcome) => outcome is "timeout" or "error:service-unavailable" or "error:remote-server-not-found" ? 0 : 1;

    private async Task<string> TryIqAsync(TestClient client, string type, XElement payload)
    {
        try
        {
            return Siot.Outcome(await client.IqAsync(type, Service, payload, timeout: 3000));
        }
        catch (TimeoutException)
        {
            // The service died with the request: its outcome is whatever the store committed.
            return "timeout";
        }
        finally
        {
            // While the service is down the server answers at once: do not spin.
            await Task.Delay(10);
        }
    }

    private async Task<bool> DisownAsync(TestClient owner, string thing)
    {
        try
        {
            var started = await owner.IqAsync("set", Service, Siot.Command("disown"), timeout: 3000);
            var session = (string?)started.Element(Siot.Commands + "command")?.Attribute("sessionid");
            if (session == null)
            {
                return false;
            }

            var done = await owner.IqAsync("set", Service, Siot.Command("disown", session, "complete", ("thing", [thing])), timeout: 3000);
            return Siot.Outcome(done) == "result" || Siot.Outcome(done) == "error:forbidden";
        }
        catch (TimeoutException)
        {
            return false;
        }
    }

    private static long OutboxId(string? id)
    {
        // siot-outbox-N, or siot-outbox-N-P for the parts of a split friendship-states.
        var parts = id?.Split('-') ?? [];
        return parts.Length >= 3 && parts[0] == "siot" && parts[1] == "outbox" && long.TryParse(parts[2], out var n) ? n : -1;
    }

    private static string Name(int thing) => "Kill Test Thing " + thing;

    private static string Key(Random random)
    {
        var symbols = Enumerable.Range(0, 24).Select(_ => Alphabet[random.Next(Alphabet.Length)]).ToArray();
        return string.Join("-", Enumerable.Range(0, 6).Select(g => new string(symbols, g * 4, 4)));
    }

    private static async Task WaitUntilAsync(Func<Task<bool>> condition, TimeSpan patience, string what)
    {
        var deadline = DateTime.UtcNow + patience;
        while (!await condition())
        {
            if (DateTime.UtcNow > deadline)
            {
                throw new TimeoutException("waited in vain for " + what);
            }

            await Task.Delay(100);
        }
    }
}
