using System.Diagnostics;
using System.Runtime.Versioning;

namespace SiotThing.Build.Tests;

/// <summary>
/// deploy/flash checks a thing's files against the firmware before it touches the board: the
/// link the configuration names needs a target that has it, a CA it deploys must be named by the
/// configuration (else the thing would trust another CA bundle), and a firmware is flashed only
/// for a target built from the commit the packages go with. nanoff is a stand-in that records
/// how it was called; no board is touched.
/// </summary>
[UnsupportedOSPlatform("windows")]
public sealed class DeployFlashTests : IDisposable
{
    private const string Account = "xmpp.jid = thing@example.org\nxmpp.password = p\nprovisioning.jid = provisioning.example.org\nname = Lamp\ndevice.pin = 4\n";

    private readonly string folder = Directory.CreateTempSubdirectory("siot-flash-").FullName;

    public DeployFlashTests()
    {
        var nanoff = Path.Combine(folder, "nanoff");
        File.WriteAllText(nanoff, "#!/bin/sh\necho \"$*\" >> \"$(dirname \"$0\")/calls\"\n");
        File.SetUnixFileMode(nanoff, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
        File.WriteAllText(Path.Combine(folder, "ca.pem"), "-----BEGIN CERTIFICATE-----\nMIIB\n-----END CERTIFICATE-----\n");
    }

    private string Calls => File.Exists(Path.Combine(folder, "calls")) ? File.ReadAllText(Path.Combine(folder, "calls")) : string.Empty;

    [Fact]
    public void AnEthernetThingNeedsATargetWithEthernet()
    {
        var (status, output) = Flash("network.link = ethernet\n" + Account, "--no-app");

        Assert.Equal(1, status);
        Assert.Contains("network.link = ethernet, but --target ESP32_REV3 has no Ethernet: give --target with one of: ESP32_OLIMEX ESP32_WT32_ETH01", output);
        Assert.Empty(Calls);
    }

    [Fact]
    public void AnEthernetThingOnAnEthernetTargetIsDeployedWithoutWifi()
    {
        var (status, output) = Flash("network.link = ethernet\n" + Account, "--no-app", "--target", "ESP32_WT32_ETH01");

        Assert.True(status == 0, output);
        Assert.Contains("--filedeployment", Calls);
    }

    [Fact]
    public void AWifiThingNeedsItsNetwork()
    {
        var (status, output) = Flash(Account, "--no-app");

        Assert.Equal(1, status);
        Assert.Contains("has no wifi.ssid", output);
    }

    [Fact]
    public void ADeployedCaMustBeNamedByTheConfiguration()
    {
        var (status, output) = Flash("wifi.ssid = Home\n" + Account, "--no-app", "--ca", Path.Combine(folder, "ca.pem"));

        Assert.Equal(1, status);
        Assert.Contains("does not name it: add 'xmpp.ca_certificate = I:\\ca.pem'", output);
        Assert.Empty(Calls);

        (status, output) = Flash("wifi.ssid = Home\nxmpp.ca_certificate = I:\\ca.pem\n" + Account, "--no-app", "--ca", Path.Combine(folder, "ca.pem"));
        Assert.True(status == 0, output);
        Assert.Contains("--filedeployment", Calls);
    }

    [Fact]
    public void AFirmwareIsFlashedOnlyForATargetOfThePackagesCommit()
    {
        var (status, output) = Flash("wifi.ssid = Home\n" + Account, "--no-app", "--update-firmware", "--fwversion", "1.17.0.9", "--target", "ESP32_S3_QUAD");

        Assert.Equal(1, status);
        Assert.Contains("--target ESP32_S3_QUAD is not built from the commit the packages go with", output);

        (status, output) = Flash("network.link = ethernet\n" + Account, "--no-app", "--update-firmware", "--fwversion", "1.17.0.9", "--target", "ESP32_OLIMEX");
        Assert.True(status == 0, output);
        Assert.Contains("--update --target ESP32_OLIMEX --fwversion 1.17.0.9 --serialport COM9", Calls);
    }

    public void Dispose() => Directory.Delete(folder, true);

    private (int Status, string Output) Flash(string config, params string[] arguments)
    {
        var configPath = Path.Combine(folder, "thing.conf");
        File.WriteAllText(configPath, config);
        var start = new ProcessStartInfo("bash") { RedirectStandardOutput = true, RedirectStandardError = true, WorkingDirectory = folder };
        start.ArgumentList.Add(Path.Combine(BuildEnvironment.RepositoryRoot, "deploy", "flash"));
        foreach (var argument in new[] { "--port", "COM9", "--config", configPath }.Concat(arguments))
        {
            start.ArgumentList.Add(argument);
        }

        start.Environment["PATH"] = folder + ":" + Environment.GetEnvironmentVariable("PATH");
        using var process = Process.Start(start)!;
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEnd();
        process.WaitForExit();
        return (process.ExitCode, output.Result + error);
    }
}
