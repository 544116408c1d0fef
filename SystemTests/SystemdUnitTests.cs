using System.Diagnostics;
using System.Text.RegularExpressions;
using SiotThing.TestServers;

namespace SiotThing.SystemTests;

/// <summary>
/// The systemd units of deploy/systemd: systemd's own checker accepts them without a warning, and
/// each keeps the settings a real deployment relies on (its user, its state, restarts, hardening).
/// </summary>
public sealed partial class SystemdUnitTests : IDisposable
{
    private static readonly string[] Units = ["siot-provisioning.service", "siot-provisioning-postgres.service", "siot-thing.service"];
    private readonly string folder = Directory.CreateTempSubdirectory("siot-systemd-").FullName;

    public void Dispose() => Directory.Delete(folder, recursive: true);

    [SkippableFact]
    public async Task SystemdAnalyzeVerifyAcceptsTheUnits()
    {
        var tool = FindOnPath("systemd-analyze");
        Skip.If(tool == null || !OperatingSystem.IsLinux(), "systemd-analyze is not installed (Debian's systemd package): the units are not verified here");

        // verify also checks that each ExecStart program exists: the installed paths (/opt/siot/...)
        // are moved below the test's folder, where a stand-in program is put.
        var copies = new List<string>();
        foreach (var unit in Units)
        {
            var text = (await File.ReadAllTextAsync(RepositoryPaths.Combine("deploy", "systemd", unit))).Replace("/opt/siot/", folder + "/opt/siot/");
            foreach (Match program in ExecStartProgram().Matches(text))
            {
                var path = program.Groups["path"].Value;
                Directory.CreateDirectory(Path.GetDirectoryName(path)!);
                await File.WriteAllTextAsync(path, "#!/bin/sh\n");
                if (OperatingSystem.IsLinux())
                {
                    File.SetUnixFileMode(path, UnixFileMode.UserRead | UnixFileMode.UserExecute);
                }
            }

            var copy = Path.Combine(folder, unit);
            await File.WriteAllTextAsync(copy, text);
            copies.Add(copy);
        }

        var start = new ProcessStartInfo(tool!, ["verify", .. copies]) { RedirectStandardOutput = true, RedirectStandardError = true };
        using var process = Process.Start(start)!;
        var output = await process.StandardOutput.ReadToEndAsync() + await process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync();
        Assert.True(process.ExitCode == 0 && output.Trim().Length == 0, $"systemd-analyze verify: exit {process.ExitCode}\n{output}");
    }

    [Theory]
    [InlineData("siot-provisioning.service", "siot", "/var/lib/siot-provisioning")]
    [InlineData("siot-thing.service", "siot-thing", "/var/lib/siot-thing")]
    public void EachUnitRunsAsItsOwnUserWithItsStateRestartsAndHardening(string unit, string user, string state)
    {
        var settings = Settings(unit);
        string[] expected =
        [
            $"User={user}", $"StateDirectory={state["/var/lib/".Length..]}", $"ReadWritePaths={state}",
            "Restart=on-failure", "NoNewPrivileges=yes", "ProtectSystem=strict", "ProtectHome=yes", "PrivateTmp=yes",
            "CapabilityBoundingSet=", "RestrictSUIDSGID=yes",
        ];
        foreach (var setting in expected)
        {
            var key = setting[..setting.IndexOf('=')];
            Assert.True(settings[key].Contains(setting[(key.Length + 1)..]), $"{unit} lacks {setting}");
        }

        // The state paths on the command line are the state directory's.
        Assert.Contains(state, settings["ExecStart"].Single());
    }

    [Fact]
    public void ThePostgresUnitRunsAsSiotWithBothSecretsAsCredentialsAndNoStateOfItsOwn()
    {
        var settings = Settings("siot-provisioning-postgres.service");
        string[] expected =
        [
            "User=siot", "Restart=on-failure", "RestartPreventExitStatus=2", "NoNewPrivileges=yes", "ProtectSystem=strict",
            "ProtectHome=yes", "PrivateTmp=yes", "CapabilityBoundingSet=", "RestrictSUIDSGID=yes",
            "LoadCredential=component.secret:/etc/siot/component.secret", "LoadCredential=pgpass:/etc/siot/pgpass",
        ];
        foreach (var setting in expected)
        {
            var key = setting[..setting.IndexOf('=')];
            Assert.True(settings[key].Contains(setting[(key.Length + 1)..]), $"lacks {setting}");
        }

        // Every instance's state is in PostgreSQL: nothing on the machine, and no SQLite file named.
        Assert.Empty(settings["StateDirectory"]);
        var execStart = settings["ExecStart"].Single();
        Assert.DoesNotContain("--database", execStart);
        Assert.Contains("--secret-file %d/component.secret", execStart);
        // The password comes from the pgpass credential, never from the command line.
        Assert.Contains("Passfile=%d/pgpass", execStart);
        Assert.DoesNotContain("Password=", execStart, StringComparison.OrdinalIgnoreCase);
    }

    private static ILookup<string, string> Settings(string unit) =>
        File.ReadAllLines(RepositoryPaths.Combine("deploy", "systemd", unit))
            .Where(l => l.Length > 0 && l[0] != '#' && l.Contains('='))
            .Select(l => (Key: l[..l.IndexOf('=')], Value: l[(l.IndexOf('=') + 1)..]))
            .ToLookup(s => s.Key, s => s.Value);

    private static string? FindOnPath(string name) =>
        (Environment.GetEnvironmentVariable("PATH") ?? string.Empty).Split(':', StringSplitOptions.RemoveEmptyEntries)
            .Select(d => Path.Combine(d, name))
            .FirstOrDefault(File.Exists);

    [GeneratedRegex(@"^ExecStart=(?<path>\S+)", RegexOptions.Multiline)]
    private static partial Regex ExecStartProgram();
}
