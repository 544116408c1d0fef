using System.Diagnostics;

namespace SiotThing.TestServers.Tests;

/// <summary>
/// The ejabberd harness: every check of <see cref="XmppTestServerTests"/>, plus what is its own:
/// an Erlang node that needs no epmd and leaves no process behind.
/// </summary>
public sealed class EjabberdServerTests : XmppTestServerTests
{
    /// <inheritdoc/>
    protected override async Task<IXmppTestServer> StartServerAsync() => await EjabberdServer.StartAsync([]);

    [Fact]
    public async Task RunsWithoutEpmdAndLeavesNoProcessBehind()
    {
        var server = (EjabberdServer)Server;
        var running = server.ProcessesOfThisNode();
        Assert.NotEmpty(running);
        // The VM's helpers (erl_child_setup and what it starts) do not carry the node name.
        var helpers = Descendants(running);
        Assert.NotEmpty(helpers);
        // Distribution on a port of its own (ERL_DIST_PORT): the VM must not start an epmd.
        Assert.All(running, id => Assert.NotEqual("epmd", ProcessName(id)));
        Assert.Contains(running, id => ProcessName(id) == "beam.smp" && CommandLine(id).Contains("-start_epmd\0false", StringComparison.Ordinal));

        await server.DisposeAsync();

        Assert.Empty(server.ProcessesOfThisNode());
        Assert.All(running.Concat(helpers), id => Assert.False(Exists(id), $"process {id} is still there"));
    }

    [Fact]
    public async Task RegisteringTheSameAccountTwiceFails()
    {
        var erin = new XmppAccount("erin", Server.Domain, "erin-secret");
        await Server.RegisterAsync(erin);

        var error = await Assert.ThrowsAsync<InvalidOperationException>(() => Server.RegisterAsync(erin));

        Assert.Contains("already registered", error.Message);
    }

    private static List<int> Descendants(IEnumerable<int> roots)
    {
        var parents = new Dictionary<int, int>();
        foreach (var directory in Directory.EnumerateDirectories("/proc"))
        {
            try
            {
                // /proc/<id>/stat: "id (name) state parent ..."; the name may hold spaces, not ')'.
                var stat = File.ReadAllText(Path.Combine(directory, "stat"));
                var fields = stat[(stat.LastIndexOf(')') + 2)..].Split(' ');
                parents[int.Parse(Path.GetFileName(directory))] = int.Parse(fields[1]);
            }
            catch (Exception e) when (e is IOException or FormatException or UnauthorizedAccessException)
            {
                // Not a process, or it ended while we looked.
            }
        }

        var found = new List<int>();
        var frontier = new Queue<int>(roots);
        while (frontier.TryDequeue(out var parent))
        {
            foreach (var child in parents.Where(p => p.Value == parent).Select(p => p.Key))
            {
                found.Add(child);
                frontier.Enqueue(child);
            }
        }

        return found;
    }

    private static string ProcessName(int id) => Exists(id) ? Process.GetProcessById(id).ProcessName : string.Empty;

    private static string CommandLine(int id)
    {
        try
        {
            return File.ReadAllText($"/proc/{id}/cmdline");
        }
        catch (IOException)
        {
            return string.Empty;
        }
    }

    private static bool Exists(int id)
    {
        // A zombie has no command line left: it is gone as far as the test is concerned.
        return Directory.Exists($"/proc/{id}") && CommandLine(id).Length > 0;
    }
}
