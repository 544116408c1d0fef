using System.Net;
using System.Net.Sockets;
using System.Text.RegularExpressions;
using SiotThing.TestServers;
using Xunit.Abstractions;

namespace SiotThing.SystemTests;

/// <summary>
/// deploy/run-local as a newcomer meets it, on ports of the test's choosing and in a folder of its
/// own: ports someone else holds, a service that cannot start, and the whole local run followed
/// by its printed details alone (claim as the owner, befriend as the friend, with xmpp.js); and the
/// README's quick start checked against what the script prints.
/// </summary>
public sealed partial class RunLocalTests(ITestOutputHelper output) : IDisposable
{
    private const string Script = "deploy/run-local";
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(60);
    private readonly string folder = Path.Combine(Directory.CreateTempSubdirectory("siot-run-local-").FullName, "run");
    private readonly int[] ports = FreePorts.Take(3);

    public void Dispose()
    {
        var parent = Path.GetDirectoryName(folder)!;
        if (Directory.Exists(parent))
        {
            Directory.Delete(parent, recursive: true);
        }
    }

    [Theory]
    [InlineData("SIOT_C2S_PORT")]
    [InlineData("SIOT_C2S_TLS_PORT")]
    [InlineData("SIOT_COMPONENT_PORT")]
    public async Task ATakenPortStopsItWithOneLineNamingThePortItsVariableAndItsHolder(string variable)
    {
        var environment = Environment();
        var port = int.Parse(environment[variable]);
        // Not a Prosody, and on 127.0.0.1 exactly: any listener counts.
        var holder = new TcpListener(IPAddress.Loopback, port);
        holder.Start();
        try
        {
            await using var run = DotnetProgram.StartScript(Script, environment);
            Assert.Equal(1, await run.WaitForExitAsync(Patience));
            var line = Assert.Single(run.Output.Split('\n', StringSplitOptions.RemoveEmptyEntries));
            output.WriteLine(line);
            Assert.StartsWith($"run-local: port {port} ({variable}) is taken by ", line);
            // The holder's whole command, however long.
            var command = File.ReadAllText("/proc/self/cmdline").Replace('\0', ' ').Trim();
            Assert.Contains($"(pid {System.Environment.ProcessId}: {command}) on 127.0.0.1:{port}; ", line);
            Assert.Contains($"on 127.0.0.1:{port}", line);
            Assert.Contains($"{variable}=<port> deploy/run-local", line);
            // Checked before anything is made or started.
            Assert.False(Directory.Exists(folder), "run-local made its folder before checking the ports");
            if (variable == "SIOT_C2S_PORT")
            {
                // The README quotes this line for the default port: all but the holder word for word.
                var readme = File.ReadAllText(RepositoryPaths.Combine("README.md"));
                var holderAt = line.IndexOf(" is taken by ", StringComparison.Ordinal) + " is taken by ".Length;
                Assert.Contains("\n" + line[..holderAt].Replace(port.ToString(), "5222"), readme);
                Assert.Contains(line[line.IndexOf("; stop that", StringComparison.Ordinal)..] + "\n", readme);
            }
        }
        finally
        {
            holder.Stop();
        }
    }

    [Fact]
    public async Task AServiceThatCannotStartSaysWhyOnTheConsole()
    {
        // A folder where the SQLite file should be: the service cannot open its store.
        Directory.CreateDirectory(Path.Combine(folder, "provisioning.db"));
        await using var run = DotnetProgram.StartScript(Script, Environment());
        Assert.Equal(1, await run.WaitForExitAsync(Patience));
        var line = run.Output.Split('\n').Single(l => l.StartsWith("run-local: the provisioning service stopped", StringComparison.Ordinal));
        output.WriteLine(line);
        Assert.Contains("(exit 3): serve: cannot open the store", line);
        Assert.Contains("fix that and run deploy/run-local again", line);
        AssertNothingLeft();
    }

    [Fact]
    public async Task TheOwnerClaimsAndTheFriendBefriendsThroughThePrintedDetails()
    {
        // A certificate from an earlier run that expires tomorrow is renewed at the start.
        var certs = Directory.CreateDirectory(Path.Combine(folder, "prosody", "certs")).FullName;
        var authority = CertificateFiles.CreateAuthority("SiotThing local CA");
        CertificateFiles.WriteAuthority(authority, Path.Combine(certs, "ca.pem"), Path.Combine(certs, "ca.key"));
        CertificateFiles.IssueServer(authority, "example.org", DateTimeOffset.UtcNow.AddDays(-10), DateTimeOffset.UtcNow.AddDays(1), Path.Combine(certs, "example.org.crt"), Path.Combine(certs, "example.org.key"));
        var environment = Environment();

        string banner;
        await using (var run = DotnetProgram.StartScript(Script, environment))
        {
            run.WaitForLine(Patience, "run-local: renewed the server's certificate");
            banner = Banner(run);
            output.WriteLine(banner);
            var details = Details(banner);
            var key = WaitForKey(run);

            // A second run-local on the same ports is told whose Prosody holds them, and not to stop Debian's.
            var second = new Dictionary<string, string>(environment) { ["SIOT_RUN_DIR"] = folder + "-second" };
            await using (var clash = DotnetProgram.StartScript(Script, second))
            {
                Assert.Equal(1, await clash.WaitForExitAsync(Patience));
                var line = Assert.Single(clash.Output.Split('\n', StringSplitOptions.RemoveEmptyEntries));
                output.WriteLine(line);
                Assert.Contains($" -F) on 127.0.0.1:{ports[0]} (another deploy/run-local's Prosody, files in {folder}: quit that run first); ", line);
                Assert.DoesNotContain("systemctl", line);
            }

            await using var owner = Interested(await XmppParty.ConnectAsync(details.Port, details.CaFile, new XmppAccount("owner", "example.org", details.OwnerPassword)));
            await using var friend = Interested(await XmppParty.ConnectAsync(details.Port, details.CaFile, new XmppAccount("friend", "example.org", details.FriendPassword)));

            // "Claim a thing" as a person types it: the key in lower case.
            var form = Execute(owner, "claim-1", "claim");
            Submit(owner, "claim-2", "claim", form, $"<field var='name'><value>Futuretec Light Bulb 10X</value></field><field var='key'><value>{key.ToLowerInvariant()}</value></field>");
            Assert.Contains("status='completed'", owner.WaitFor("id='claim-2'"));
            run.WaitForLine(Patience, "owned by owner@example.org");

            // The friend adds the thing to its contacts; the owner approves with "Pending friend requests".
            friend.Send("<presence to='thing@example.org' type='subscribe'/>");
            Assert.Contains("jid='friend@example.org'", owner.WaitFor("<pending-friend-notification"));
            var pending = Execute(owner, "pending-1", "pending");
            Assert.Contains("thing@example.org friend@example.org", pending);
            Submit(owner, "pending-2", "pending", pending, "<field var='approve'><value>thing@example.org friend@example.org</value></field>");
            Assert.Contains("status='completed'", owner.WaitFor("id='pending-2'"));
            friend.WaitFor("type='subscribed'", "from='thing@example.org'");

            friend.Send("<message to='thing@example.org/thing' type='chat'><body>on</body></message>");
            Assert.Contains("<body>on</body>", friend.WaitFor("from='thing@example.org/thing'", "<body>"));
            run.WaitForLine(Patience, "[bulb] on");

            run.Type("help");
            run.WaitForLine(Patience, "now: owned by owner@example.org");
            Assert.NotEmpty(ProcessesOfThisRun());
            run.Type("quit");
            Assert.Equal(0, await run.WaitForExitAsync(Patience));
            AssertNothingLeft();
        }

        // The README quotes the banner of a first run word for word (with the default ports and folder).
        var readme = await File.ReadAllTextAsync(RepositoryPaths.Combine("README.md"));
        var quoted = QuotedBanner().Match(readme);
        Assert.True(quoted.Success, "README.md has no ``` block starting with \"SiotThing runs locally\"");
        Assert.Equal(Normalised(quoted.Groups["banner"].Value, defaults: true), Normalised(banner, defaults: false));

        // More accounts (on the folder's own server, whatever port the variables say now), then a
        // second run: the banner now says the thing is owned.
        var otherPort = new Dictionary<string, string>(environment) { ["SIOT_C2S_PORT"] = "5222" };
        await using (var add = DotnetProgram.StartScript(Script, otherPort, "add-account", "Alice"))
        {
            Assert.Equal(0, await add.WaitForExitAsync(Patience));
            var added = AddedAccount().Match(add.Output);
            Assert.True(added.Success, add.Output);
            Assert.Contains($"port {ports[0]},", add.Output);
            await using (var repeated = DotnetProgram.StartScript(Script, environment, "add-account", "alice"))
            {
                Assert.Equal(1, await repeated.WaitForExitAsync(Patience));
                Assert.StartsWith("run-local: alice@example.org exists already on the server of ", repeated.Output);
            }

            await using var run = DotnetProgram.StartScript(Script, environment);
            var again = Banner(run);
            Assert.Contains("The thing is owned by owner@example.org", again);
            Assert.DoesNotContain("Claim a thing", again);
            var details = Details(again);
            await using var alice = await XmppParty.ConnectAsync(details.Port, details.CaFile, new XmppAccount("alice", "example.org", added.Groups["password"].Value));

            // An account asked of another folder while this run is the one that runs: pointed here.
            var elsewhere = new Dictionary<string, string>(environment) { ["SIOT_RUN_DIR"] = folder + "-elsewhere" };
            await using (var wrong = DotnetProgram.StartScript(Script, elsewhere, "add-account", "bob"))
            {
                Assert.Equal(1, await wrong.WaitForExitAsync(Patience));
                Assert.Equal($"run-local: the run-local that runs has its files in {folder}, not in {folder}-elsewhere: SIOT_RUN_DIR={folder} deploy/run-local add-account bob", wrong.Output.Trim());
            }

            // Prosody, then the service, stopped by someone else: said as such, the console stays,
            // and the service's warning about the lost server reaches it at once.
            Signal(Path.Combine(folder, "prosody.run.pid"));
            var prosodyLine = run.WaitForLine(Patience, "run-local: Prosody stopped (exit 0): it was asked to stop");
            Assert.EndsWith("quit, then run deploy/run-local again (meanwhile the thing and the service keep trying to reconnect)", prosodyLine);
            run.WaitForLine(Patience, $"run-local: the provisioning service: warning: Connection to the XMPP server 127.0.0.1:{ports[2]} ended");
            Signal(Path.Combine(folder, "provisioning.pid"));
            var serviceLine = run.WaitForLine(Patience, "run-local: the provisioning service stopped (exit 0): it was asked to stop");
            Assert.EndsWith("quit, then run deploy/run-local again (meanwhile the thing runs on without it: no claims, no friend checks)", serviceLine);
            run.Type("quit");
            Assert.Equal(0, await run.WaitForExitAsync(Patience));
            AssertNothingLeft();
        }
    }

    /// <summary>Asks the process whose pid the file holds to stop, as a service manager would.</summary>
    private static void Signal(string pidFile)
    {
        using var kill = System.Diagnostics.Process.Start("kill", ["-TERM", File.ReadAllText(pidFile).Trim()]);
        kill.WaitForExit();
    }

    [Fact]
    public void TheReadmeListsEveryVariableOfRunLocal()
    {
        var script = File.ReadAllText(RepositoryPaths.Combine(Script));
        var readme = File.ReadAllText(RepositoryPaths.Combine("README.md"));
        var variables = Variable().Matches(script).Select(m => m.Groups["name"].Value).Distinct().ToList();
        Assert.Contains("SIOT_C2S_PORT", variables);
        foreach (var variable in variables)
        {
            Assert.True(readme.Contains($"| `{variable}` |", StringComparison.Ordinal), $"README.md's table of run-local's variables lacks {variable}");
        }
    }

    private static string Banner(DotnetProgram run)
    {
        run.WaitForLine(Patience, "The thing's console takes:");
        var text = run.Output;
        var start = text.IndexOf("SiotThing runs locally", StringComparison.Ordinal);
        var end = text.IndexOf('\n', text.IndexOf("The thing's console takes:", start, StringComparison.Ordinal));
        return text[start..(end < 0 ? text.Length : end)];
    }

    private static (int Port, string CaFile, string OwnerPassword, string FriendPassword) Details(string banner)
    {
        var port = PortLine().Match(banner);
        var ca = CaLine().Match(banner);
        var owner = PasswordLine().Matches(banner).Single(m => m.Groups["user"].Value == "owner");
        var friend = PasswordLine().Matches(banner).Single(m => m.Groups["user"].Value == "friend");
        Assert.True(port.Success && ca.Success, banner);
        return (int.Parse(port.Groups["port"].Value), ca.Groups["file"].Value, owner.Groups["password"].Value, friend.Groups["password"].Value);
    }

    private static string WaitForKey(DotnetProgram run)
    {
        var line = run.WaitForLine(Patience, "[display]", "| key ");
        return line[(line.IndexOf("| key ", StringComparison.Ordinal) + 6)..].Trim();
    }

    /// <summary>An ordinary client, online as people are (roster and presence), so that subscription answers reach it.</summary>
    private static XmppParty Interested(XmppParty party)
    {
        party.Send("<iq type='get' id='roster-0'><query xmlns='jabber:iq:roster'/></iq><presence/>");
        party.WaitFor("id='roster-0'");
        return party;
    }

    private static string Execute(XmppParty party, string id, string node)
    {
        party.Send($"<iq type='set' to='provisioning.example.org' id='{id}'><command xmlns='http://jabber.org/protocol/commands' node='{node}' action='execute'/></iq>");
        return party.WaitFor($"id='{id}'");
    }

    private static void Submit(XmppParty party, string id, string node, string form, string fields)
    {
        var session = SessionId().Match(form).Groups["id"].Value;
        Assert.False(string.IsNullOrEmpty(session), form);
        party.Send($"<iq type='set' to='provisioning.example.org' id='{id}'><command xmlns='http://jabber.org/protocol/commands' node='{node}' sessionid='{session}'>"
            + $"<x xmlns='jabber:x:data' type='submit'>{fields}</x></command></iq>");
    }

    private void AssertNothingLeft()
    {
        var left = ProcessesOfThisRun();
        Assert.True(left.Count == 0, $"still running after run-local ended: {string.Join(", ", left)}");
    }

    /// <summary>Every process that run-local started (Prosody, the service, the thing) inherits SIOT_RUN_DIR: those still running.</summary>
    private List<string> ProcessesOfThisRun()
    {
        var marker = $"SIOT_RUN_DIR={folder}\0";
        var found = new List<string>();
        foreach (var directory in Directory.EnumerateDirectories("/proc"))
        {
            try
            {
                if (int.TryParse(Path.GetFileName(directory), out var pid) && File.ReadAllText(Path.Combine(directory, "environ")).Contains(marker, StringComparison.Ordinal))
                {
                    found.Add($"{pid} {File.ReadAllText(Path.Combine(directory, "cmdline")).Replace('\0', ' ').Trim()}");
                }
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                // Gone meanwhile, or another user's.
            }
        }

        return found;
    }

    private Dictionary<string, string> Environment()
    {
        // The tests' own build output, already built: run-local runs it as it is.
        var configuration = new DirectoryInfo(AppContext.BaseDirectory.TrimEnd(Path.DirectorySeparatorChar)).Name;
        return new Dictionary<string, string>
        {
            ["SIOT_RUN_DIR"] = folder,
            ["SIOT_C2S_PORT"] = ports[0].ToString(),
            ["SIOT_C2S_TLS_PORT"] = ports[1].ToString(),
            ["SIOT_COMPONENT_PORT"] = ports[2].ToString(),
            ["SIOT_BUILD"] = "no",
            ["SIOT_CONFIGURATION"] = configuration,
        };
    }

    /// <summary>The banner with what differs between runs made alike: passwords, and the test's ports and folder for the defaults.</summary>
    private string Normalised(string banner, bool defaults)
    {
        var text = Password().Replace(banner.Replace("\r\n", "\n").Trim(), "password <password>");
        if (!defaults)
        {
            text = text.Replace(folder, ".local-run")
                .Replace(ports[0].ToString(), "5222")
                .Replace(ports[1].ToString(), "5223");
        }

        return text;
    }

    [GeneratedRegex(@"client port (?<port>\d+) \(STARTTLS\)")]
    private static partial Regex PortLine();

    [GeneratedRegex(@"CA certificate to trust: (?<file>\S+)")]
    private static partial Regex CaLine();

    [GeneratedRegex(@"(?<user>\w+)@example\.org, password (?<password>[0-9a-f]+)")]
    private static partial Regex PasswordLine();

    [GeneratedRegex(@"password [0-9a-f]{12}")]
    private static partial Regex Password();

    [GeneratedRegex(@"added alice@example\.org, password (?<password>[0-9a-f]+) ")]
    private static partial Regex AddedAccount();

    [GeneratedRegex(@"\$\{(?<name>SIOT_[A-Z0-9_]+):-")]
    private static partial Regex Variable();

    [GeneratedRegex("```\n(?<banner>SiotThing runs locally.*?)\n```", RegexOptions.Singleline)]
    private static partial Regex QuotedBanner();

    [GeneratedRegex("sessionid='(?<id>[^']+)'")]
    private static partial Regex SessionId();
}
