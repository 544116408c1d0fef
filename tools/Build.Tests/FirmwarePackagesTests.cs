using System.Xml.Linq;

namespace SiotThing.Build.Tests;

/// <summary>
/// deploy/firmware-packages.tsv names the nanoFramework packages that go with one firmware (a board
/// refuses an assembly whose native checksum is not its firmware's): every packages.config must
/// use exactly those versions, and deploy/flash must flash that firmware.
/// </summary>
public sealed class FirmwarePackagesTests
{
    private const string TablePath = "deploy/firmware-packages.tsv";

    public static TheoryData<string> PackagesConfigs() => new(ConfigPaths());

    [Theory]
    [MemberData(nameof(PackagesConfigs))]
    public void PackagesConfigUsesTheTablesVersions(string config)
    {
        var table = Packages(File.ReadAllLines(Path.Combine(BuildEnvironment.RepositoryRoot, TablePath)));

        Assert.Empty(Disagreements(XDocument.Load(Path.Combine(BuildEnvironment.RepositoryRoot, config)), table));
    }

    [Fact]
    public void EveryPackageOfTheTableIsUsedAndHasAChecksumOrIsManaged()
    {
        var table = Packages(File.ReadAllLines(Path.Combine(BuildEnvironment.RepositoryRoot, TablePath)));
        var used = ConfigPaths()
            .SelectMany(c => XDocument.Load(Path.Combine(BuildEnvironment.RepositoryRoot, c)).Root!.Elements("package"))
            .Select(p => (string)p.Attribute("id")!)
            .ToHashSet();

        Assert.Equal(table.Keys.Order(), used.Order());
        Assert.All(File.ReadLines(Path.Combine(BuildEnvironment.RepositoryRoot, TablePath)).Where(l => l.StartsWith("package\t")), line =>
            Assert.Matches(@"^package\t[A-Za-z0-9.]+\t\d+\.\d+\.\d+\t(0x[0-9A-F]{8}|managed)$", line));
    }

    [Fact]
    public void TheCheckCatchesAWrongVersionAndAPackageMissingFromTheTable()
    {
        var table = Packages(["package\tnanoFramework.CoreLibrary\t1.17.11\t0x1549C856", "package\tnanoFramework.System.Net\t1.11.54\t0x6DFA71D6"]);
        var config = XDocument.Parse("""
            <packages>
              <package id="nanoFramework.CoreLibrary" version="1.17.11" targetFramework="netnano1.0" />
              <package id="nanoFramework.System.Net" version="1.11.47" targetFramework="netnano1.0" />
              <package id="nanoFramework.System.Collections" version="1.5.67" targetFramework="netnano1.0" />
            </packages>
            """);

        Assert.Equal(
            ["nanoFramework.System.Net 1.11.47: the table says 1.11.54", "nanoFramework.System.Collections 1.5.67: not in the table"],
            Disagreements(config, table));
    }

    [Fact]
    public void TheTableNamesOneFirmwareAndDeployFlashFlashesIt()
    {
        var firmware = File.ReadLines(Path.Combine(BuildEnvironment.RepositoryRoot, TablePath)).Where(l => l.StartsWith("firmware\t")).ToArray();
        var flash = File.ReadAllText(Path.Combine(BuildEnvironment.RepositoryRoot, "deploy", "flash"));

        var fields = Assert.Single(firmware).Split('\t');
        Assert.Equal("ESP32_REV3", fields[1]);
        // nanoff's firmware versions are four numbers; "?" stands for the one git does not record.
        Assert.Matches(@"^\d+\.\d+\.\d+\.(\d+|\?)$", fields[2]);
        Assert.Matches("^[0-9a-f]{40}$", fields[3]);
        Assert.Contains("deploy/firmware-packages.tsv", flash);
        Assert.Matches(@"""\$nanoff"" --update --target ""\$target"" --fwversion ""\$fwversion"" --serialport ""\$port""", flash);
    }

    private static IEnumerable<string> ConfigPaths() =>
        Directory.EnumerateFiles(BuildEnvironment.RepositoryRoot, "packages.config", SearchOption.AllDirectories)
            .Select(c => Path.GetRelativePath(BuildEnvironment.RepositoryRoot, c).Replace('\\', '/'))
            .Where(c => !c.StartsWith("artifacts/") && !c.StartsWith("packages/") && !c.Contains("/bin/") && !c.Contains("/obj/"));

    private static Dictionary<string, string> Packages(IEnumerable<string> table) =>
        table.Where(l => l.StartsWith("package\t")).Select(l => l.Split('\t')).ToDictionary(f => f[1], f => f[2]);

    private static List<string> Disagreements(XDocument config, Dictionary<string, string> table)
    {
        var disagreements = new List<string>();
        foreach (var package in config.Root!.Elements("package"))
        {
            var id = (string)package.Attribute("id")!;
            var version = (string)package.Attribute("version")!;
            if (!table.TryGetValue(id, out var pinned))
            {
                disagreements.Add($"{id} {version}: not in the table");
            }
            else if (pinned != version)
            {
                disagreements.Add($"{id} {version}: the table says {pinned}");
            }
        }

        return disagreements;
    }
}
