using System.Collections.Concurrent;
using System.Diagnostics;
using System.Text.Json;

namespace SiotThing.TestServers;

/// <summary>
/// An XMPP account played by xmpp.js (<c>@xmpp/client</c> from npm, run by Node.js from
/// xmpp-party/party.mjs): an owner or a requestor with an ordinary, independent client. The test
/// writes raw XML and waits for what arrives.
/// </summary>
public sealed class XmppParty : IAsyncDisposable
{
    private static readonly TimeSpan DefaultPatience = TimeSpan.FromSeconds(20);

    private readonly Process process;
    private readonly BlockingCollection<string> stanzas = new();
    private readonly TaskCompletionSource<string> online = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly ConcurrentQueue<string> errors = new();
    private readonly ConcurrentQueue<string> everything = new();
    private readonly List<string> unclaimed = [];
    private bool disposed;

    private XmppParty(Process process, XmppAccount account)
    {
        this.process = process;
        Account = account;
        process.OutputDataReceived += (_, e) => Receive(e.Data);
        process.ErrorDataReceived += (_, e) =>
        {
            if (!string.IsNullOrWhiteSpace(e.Data))
            {
                errors.Enqueue(e.Data);
            }
        };
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
    }

    /// <summary>The account.</summary>
    public XmppAccount Account { get; }

    /// <summary>The full JID once online.</summary>
    public string? FullJid { get; private set; }

    /// <summary>Every stanza received so far, in arrival order (single-quoted), whether waited for or not: for counting what arrived how often.</summary>
    public IReadOnlyList<string> ReceivedSoFar => everything.ToArray();

    /// <summary>Logs in to <paramref name="server"/> and waits until online.</summary>
    /// <param name="server">The test server (Prosody or ejabberd).</param>
    /// <param name="account">The account.</param>
    /// <param name="resource">The resource to bind.</param>
    /// <returns>The online party.</returns>
    public static Task<XmppParty> ConnectAsync(IXmppTestServer server, XmppAccount account, string resource = "party") =>
        ConnectAsync(server.ClientPort, server.CaCertificatePath, account, resource);

    /// <summary>Logs in to a server on 127.0.0.1 that a test did not start itself (deploy/run-local's) and waits until online.</summary>
    /// <param name="clientPort">The server's client port (STARTTLS) on 127.0.0.1.</param>
    /// <param name="caCertificatePath">The PEM file of the CA that issued the server's certificate.</param>
    /// <param name="account">The account.</param>
    /// <param name="resource">The resource to bind.</param>
    /// <returns>The online party.</returns>
    public static async Task<XmppParty> ConnectAsync(int clientPort, string caCertificatePath, XmppAccount account, string resource = "party")
    {
        var folder = RepositoryPaths.Combine("tools", "TestServers", "xmpp-party");
        if (!Directory.Exists(Path.Combine(folder, "node_modules", "@xmpp", "client")))
        {
            throw new InvalidOperationException($"@xmpp/client is not installed: npm ci --prefix {folder} (tools/test does it)");
        }

        var start = new ProcessStartInfo("node", ["party.mjs"])
        {
            WorkingDirectory = folder,
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        start.Environment["XMPP_SERVICE"] = $"xmpp://127.0.0.1:{clientPort}";
        start.Environment["XMPP_DOMAIN"] = account.Host;
        start.Environment["XMPP_USERNAME"] = account.User;
        start.Environment["XMPP_PASSWORD"] = account.Password;
        start.Environment["XMPP_RESOURCE"] = resource;
        start.Environment["NODE_EXTRA_CA_CERTS"] = caCertificatePath;
        var process = Process.Start(start) ?? throw new InvalidOperationException("could not start node");
        var party = new XmppParty(process, account);
        try
        {
            party.FullJid = await party.online.Task.WaitAsync(DefaultPatience);
            return party;
        }
        catch (TimeoutException)
        {
            await party.DisposeAsync();
            throw new TimeoutException($"{account.Jid} did not come online: {string.Join(" | ", party.errors)}");
        }
        catch (InvalidOperationException)
        {
            await party.DisposeAsync();
            throw;
        }
    }

    /// <summary>Writes raw XML to the party's stream.</summary>
    /// <param name="xml">Stanzas.</param>
    public void Send(string xml)
    {
        process.StandardInput.WriteLine(JsonSerializer.Serialize(new { send = xml }));
        process.StandardInput.Flush();
    }

    /// <summary>
    /// Waits for the first stanza, in arrival order, that contains every one of
    /// <paramref name="parts"/>. Stanzas that do not match stay for later waits, so that the
    /// test need not know in which order independent stanzas arrive. Quotes are normalised to
    /// single quotes first, so tests need not care which the serializer chose.
    /// </summary>
    /// <param name="parts">Texts the stanza must contain.</param>
    /// <returns>The stanza (single-quoted).</returns>
    public string WaitFor(params string[] parts) => WaitFor(DefaultPatience, parts);

    /// <summary>Like <see cref="WaitFor(string[])"/> with a given patience.</summary>
    /// <param name="patience">How long to wait.</param>
    /// <param name="parts">Texts the stanza must contain.</param>
    /// <returns>The stanza (single-quoted).</returns>
    public string WaitFor(TimeSpan patience, params string[] parts)
    {
        bool Matches(string stanza) => parts.All(p => stanza.Contains(p, StringComparison.Ordinal));

        var earlier = unclaimed.FindIndex(Matches);
        if (earlier >= 0)
        {
            var found = unclaimed[earlier];
            unclaimed.RemoveAt(earlier);
            return found;
        }

        var deadline = DateTime.UtcNow + patience;
        while (true)
        {
            var left = deadline - DateTime.UtcNow;
            if (left <= TimeSpan.Zero || !stanzas.TryTake(out var stanza, left))
            {
                throw new TimeoutException($"{Account.Jid} got no stanza with [{string.Join(", ", parts)}]; got: {string.Join(" ", unclaimed)} {string.Join(" | ", errors)}");
            }

            if (Matches(stanza))
            {
                return stanza;
            }

            unclaimed.Add(stanza);
        }
    }

    /// <summary>Drops every stanza received and not waited for, before a check that something does NOT arrive.</summary>
    public void Forget()
    {
        unclaimed.Clear();
        while (stanzas.TryTake(out _))
        {
        }
    }

    /// <summary>Whether a stanza with every one of <paramref name="parts"/> arrives within <paramref name="patience"/>.</summary>
    /// <param name="patience">How long to watch.</param>
    /// <param name="parts">Texts the stanza would contain.</param>
    /// <returns>Whether one came.</returns>
    public bool Receives(TimeSpan patience, params string[] parts)
    {
        try
        {
            WaitFor(patience, parts);
            return true;
        }
        catch (TimeoutException)
        {
            return false;
        }
    }

    /// <summary>Closes the stream and ends the process; calling it again does nothing.</summary>
    public async ValueTask DisposeAsync()
    {
        if (disposed)
        {
            return;
        }

        disposed = true;
        if (!process.HasExited)
        {
            try
            {
                process.StandardInput.WriteLine(JsonSerializer.Serialize(new { stop = true }));
                process.StandardInput.Flush();
            }
            catch (IOException)
            {
                // Already gone.
            }

            using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(5));
            try
            {
                await process.WaitForExitAsync(timeout.Token);
            }
            catch (OperationCanceledException)
            {
                process.Kill(entireProcessTree: true);
            }
        }

        process.Dispose();
    }

    private void Receive(string? line)
    {
        if (string.IsNullOrWhiteSpace(line))
        {
            return;
        }

        using var json = JsonDocument.Parse(line);
        var root = json.RootElement;
        if (root.TryGetProperty("online", out var jid))
        {
            online.TrySetResult(jid.GetString()!);
        }
        else if (root.TryGetProperty("stanza", out var stanza))
        {
            var text = stanza.GetString()!.Replace('"', '\'');
            everything.Enqueue(text);
            stanzas.Add(text);
        }
        else if (root.TryGetProperty("error", out var error))
        {
            errors.Enqueue(error.GetString()!);
            // Before the login completes, an error means it failed: say so at once.
            online.TrySetException(new InvalidOperationException($"{Account.Jid} could not log in: {error.GetString()}"));
        }
    }
}
