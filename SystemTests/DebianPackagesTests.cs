using SiotThing.TestServers;
using Xunit.Abstractions;

namespace SiotThing.SystemTests;

/// <summary>
/// The README's two commands (deploy/run-local and tools/test) install the Debian packages they
/// lack through tools/debian-packages.bash; where that cannot be done they say what to install in
/// one line and install nothing. The machine's own dpkg, id, sudo and apt-get are stood in for by
/// small scripts earlier on PATH, so nothing is installed and no policy-rc.d is written here.
/// </summary>
[System.Runtime.Versioning.UnsupportedOSPlatform("windows")]
public sealed class DebianPackagesTests(ITestOutputHelper output) : IDisposable
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(60);
    private readonly string shims = Directory.CreateTempSubdirectory("siot-packages-").FullName;

    public void Dispose() => Directory.Delete(shims, recursive: true);

    [Theory]
    [InlineData("deploy/run-local", "run-local", "prosody openssl iproute2")]
    [InlineData("tools/test", "test", "prosody openssl iproute2 ejabberd postgresql")]
    public async Task WithoutRootAndASudoThatCanAskNoPasswordItNamesThePackagesInOneLine(string script, string name, string packages)
    {
        Shim("dpkg-query", "exit 1");
        Shim("id", "[ \"$1\" = -u ] && { echo 1000; exit 0; }; exec /usr/bin/id \"$@\"");
        Shim("sudo", "exit 1");
        Shim("apt-get", $"echo \"$*\" >> {shims}/apt-get.calls");

        await using var run = DotnetProgram.StartScript(script, Environment());
        Assert.Equal(1, await run.WaitForExitAsync(Patience));

        var line = Assert.Single(run.Output.Split('\n', StringSplitOptions.RemoveEmptyEntries));
        output.WriteLine(line);
        Assert.StartsWith($"{name}: needs Debian's {packages} (", line);
        Assert.EndsWith($"and cannot install them (sudo asks for a password and there is no terminal): install them (sudo apt-get install --no-install-recommends {packages}) and run it again", line);
        Assert.False(File.Exists(Path.Combine(shims, "apt-get.calls")), "apt-get was called");
    }

    [Fact]
    public async Task WithoutTheNetworkNothingIsInstalledAndTheLineSaysWhatToInstall()
    {
        Shim("dpkg-query", "exit 1");
        Shim("id", "[ \"$1\" = -u ] && { echo 1000; exit 0; }; exec /usr/bin/id \"$@\"");
        // A sudo that may, but does nothing to the machine: policy-rc.d is left as it is.
        Shim("sudo", "case \"$1\" in -n) exit 0 ;; tee) cat > /dev/null; exit 0 ;; chmod|rm) exit 0 ;; esac; exec \"$@\"");
        Shim("apt-get", $"echo \"$*\" >> {shims}/apt-get.calls; [ \"$1\" = update ] && {{ echo \"E: Failed to fetch http://deb.debian.org/debian/dists/bookworm/InRelease  Temporary failure resolving 'deb.debian.org'\"; exit 100; }}; exit 0");
        var environment = Environment();
        var folder = Path.Combine(shims, "run");
        environment["SIOT_RUN_DIR"] = folder;

        await using var run = DotnetProgram.StartScript("deploy/run-local", environment);
        Assert.Equal(1, await run.WaitForExitAsync(Patience));

        var lines = run.Output.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        output.WriteLine(run.Output);
        Assert.Equal(2, lines.Length);
        Assert.Equal("run-local: installing Debian's prosody openssl iproute2 (the local XMPP server, its certificates, and ss to name who holds a port) with sudo apt-get, once; the packages' own services are kept from starting and disabled", lines[0]);
        Assert.Equal("run-local: could not install prosody openssl iproute2: apt-get update failed (no network or no mirror?) (E: Failed to fetch http://deb.debian.org/debian/dists/bookworm/InRelease  Temporary failure resolving 'deb.debian.org'); install them (sudo apt-get install --no-install-recommends prosody openssl iproute2) and run it again", lines[1]);
        Assert.Equal("update -qq", File.ReadAllText(Path.Combine(shims, "apt-get.calls")).Trim());
        Assert.False(Directory.Exists(folder), "run-local went on after the install failed");
    }

    [Fact]
    public void CiRunsTheReadmesTestCommandAndNothingElse()
    {
        var readme = File.ReadAllLines(RepositoryPaths.Combine("README.md"));
        var row = Assert.Single(readme, line => line.StartsWith("| run all tests", StringComparison.Ordinal));
        var command = row.Split('|', StringSplitOptions.TrimEntries)[2].Trim('`');
        Assert.Equal("tools/test", command);

        var ci = File.ReadAllLines(RepositoryPaths.Combine(".ci/run")).Where(line => line.Length > 0 && !line.StartsWith('#')).ToList();
        Assert.Equal(["exec \"$(dirname \"$0\")/../" + command + "\""], ci);
    }

    private void Shim(string command, string body)
    {
        var file = Path.Combine(shims, command);
        File.WriteAllText(file, "#!/bin/sh\n" + body + "\n");
        File.SetUnixFileMode(file, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
    }

    private Dictionary<string, string> Environment() => new()
    {
        ["PATH"] = shims + ":" + System.Environment.GetEnvironmentVariable("PATH"),
    };
}
