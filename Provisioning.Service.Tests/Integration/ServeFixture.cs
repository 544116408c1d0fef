using System.Xml.Linq;
using SiotThing.TestServers;

namespace SiotThing.Provisioning.Tests.Integration;

/// <summary>
/// What every serve test starts with: a fresh Prosody with the accounts below, a temp folder for
/// the SQLite store, and helpers to connect accounts and to wait for the component.
/// </summary>
public abstract class ServeFixture(ITestOutputHelper output) : IAsyncLifetime
{
    protected const string LampKey = "TWNK-KD5Y-MT3T-E1GS-DRDB-KVTW";
    protected const string LampName = "Futuretec Light Bulb 10X";
    protected const string SensorKey = "AAAA-BBBB-CCCC-DDDD-EEEE-FFFF";
    protected const string SpareKey = "1234-5678-9ABC-DEFG-HIJK-LMNP";

    private readonly string folder = Directory.CreateTempSubdirectory("siot-serve-").FullName;
    private readonly List<IAsyncDisposable> owned = [];

    protected ITestOutputHelper Output => output;

    protected ProsodyServer Server { get; private set; } = null!;

    protected string Service => Server.ComponentDomain;

    protected string DatabasePath => Path.Combine(folder, "provisioning.db");

    internal static XmppAccount Lamp { get; } = new("lamp", "example.org", "lamp-secret");

    internal static XmppAccount Sensor { get; } = new("sensor", "example.org", "sensor-secret");

    internal static XmppAccount Alice { get; } = new("alice", "example.org", "alice-secret");

    internal static XmppAccount Bob { get; } = new("bob", "example.org", "bob-secret");

    internal static XmppAccount Mallory { get; } = new("mallory", "example.org", "mallory-secret");

    /// <summary>The accounts the server is started with.</summary>
    internal virtual IReadOnlyList<XmppAccount> Accounts => [Lamp, Sensor, Alice, Bob, Mallory];

    public virtual async Task InitializeAsync() => Server = await ProsodyServer.StartAsync(Accounts);

    public async Task DisposeAsync()
    {
        // Clients and services first (newest first), then the server they talk to.
        for (var i = owned.Count - 1; i >= 0; i--)
        {
            await owned[i].DisposeAsync();
        }

        await Server.DisposeAsync();
        Directory.Delete(folder, recursive: true);
    }

    /// <summary>Starts <c>serve</c> in-process; stopped when the test ends.</summary>
    internal RunningService StartService(string? secret = null) => Own(RunningService.Start(Server, DatabasePath, output, secret));

    /// <summary>Connects <paramref name="account"/>; disconnected when the test ends.</summary>
    internal async Task<TestClient> ConnectAsync(XmppAccount account, bool quiet = false)
    {
        var client = Own(new TestClient(Server, account, quiet ? _ => { } : output.WriteLine));
        await client.Online.WaitAsync(TimeSpan.FromSeconds(20));
        return client;
    }

    /// <summary>Waits until the component answers <paramref name="client"/> (the server answers for it with an error while it is not connected).</summary>
    internal async Task WaitForServiceAsync(TestClient client)
    {
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(30);
        while (Siot.Outcome(await client.IqAsync("get", Service, new XElement(Siot.DiscoInfo + "query"))) != "result")
        {
            if (DateTime.UtcNow > deadline)
            {
                throw new TimeoutException("the component did not come online");
            }

            await Task.Delay(100);
        }
    }

    /// <summary>The lamp registered (its subscription request answered) and claimed by Alice; returns (lamp, alice).</summary>
    internal async Task<(TestClient Lamp, TestClient Alice)> ClaimedLampAsync()
    {
        var lamp = await ConnectAsync(Lamp);
        var alice = await ConnectAsync(Alice);
        await WaitForServiceAsync(lamp);
        Assert.Equal("result", Siot.Outcome(await lamp.IqAsync("set", Service, Siot.Register(LampKey, (null, LampName), ("de", "Futuretec Glühbirne 10X")))));
        lamp.WaitFor(p => p.Name.LocalName == "presence" && (string?)p.Attribute("type") == "subscribe" && Siot.From(p, Service), "subscription request from the service");
        await lamp.SendAsync(new XElement(XName.Get("presence", "jabber:client"), new XAttribute("to", Service), new XAttribute("type", "subscribed")));
        var claimed = await alice.IqAsync("set", Service, Siot.Claim(LampName, LampKey));
        Assert.Equal(Lamp.Jid, (string?)Siot.Payload(claimed, Siot.Ns + "claimed").Attribute("jid"));
        lamp.WaitFor(m => m.Element(Siot.Ns + "owner") is { } o && (string?)o.Attribute("jid") == Alice.Jid && Siot.From(m, Service), "owner message");
        return (lamp, alice);
    }

    private T Own<T>(T disposable)
        where T : IAsyncDisposable
    {
        owned.Add(disposable);
        return disposable;
    }
}
