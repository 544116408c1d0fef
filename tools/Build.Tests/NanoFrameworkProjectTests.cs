using System.Text.RegularExpressions;
using System.Xml.Linq;

namespace SiotThing.Build.Tests;

/// <summary>
/// The nanoFramework project files cannot be built here, so these tests hold them to what the
/// nanoFramework tooling needs: every source listed and no listed source missing, package
/// references that match packages.config, one CoreLibrary version everywhere, and a solution
/// that names every project. In a folder with both project kinds, Host/ is .NET-only (never in
/// the .nfproj) and Esp32/ is device-only (in the .nfproj, never in the .csproj).
/// </summary>
public sealed partial class NanoFrameworkProjectTests
{
    private static readonly XNamespace MsBuild = "http://schemas.microsoft.com/developer/msbuild/2003";

    /// <summary>The folder of a device project's sources that only the device build compiles.</summary>
    private const string DeviceOnlyFolder = "Esp32";

    /// <summary>The home of the device unit tests: one folder per nanoFramework unit-test project.</summary>
    private const string TestsFolder = "Thing.Tests";

    public static TheoryData<string> Projects()
    {
        var data = new TheoryData<string>();
        foreach (var project in NanoProjects())
        {
            data.Add(Path.GetRelativePath(BuildEnvironment.RepositoryRoot, project));
        }

        return data;
    }

    [Theory]
    [MemberData(nameof(Projects))]
    public void ListsExactlyTheDeviceSourcesOfItsFolder(string project)
    {
        var folder = Path.GetDirectoryName(Path.Combine(BuildEnvironment.RepositoryRoot, project))!;
        var listed = Items(project, "Compile").Select(Normalize).Where(c => !c.StartsWith("../")).Order(StringComparer.Ordinal).ToArray();
        // Host/ holds the .NET-only side of a project; bin/ and obj/ are the nanoFramework build's.
        // Device-only sources (Esp32/) are listed like every other device source.
        var onDisk = Directory.EnumerateFiles(folder, "*.cs", SearchOption.AllDirectories)
            .Select(f => Path.GetRelativePath(folder, f).Replace('\\', '/'))
            .Where(f => !f.StartsWith("Host/") && !f.StartsWith("bin/") && !f.StartsWith("obj/"))
            .Order(StringComparer.Ordinal)
            .ToArray();

        Assert.Equal(onDisk, listed);
    }

    [Theory]
    [MemberData(nameof(Projects))]
    public void LinksOnlySharedTestSourcesThatExist(string project)
    {
        // A unit-test project may link what the test projects share (Thing.Tests/Common, the
        // replay of Thing.Tests/Replay and the assembly attributes); nothing else comes from
        // outside a project's folder.
        var folder = Path.GetDirectoryName(Path.Combine(BuildEnvironment.RepositoryRoot, project))!;
        Assert.All(Elements(project, "Compile").Where(c => ((string)c.Attribute("Include")!).StartsWith(@"..\")), link =>
        {
            var include = (string)link.Attribute("Include")!;
            Assert.StartsWith(TestsFolder + "/", project);
            Assert.Matches(@"^\.\.\\((Common|Replay)\\[^\\]+|Properties\\AssemblyInfo)\.cs$", include);
            Assert.True(File.Exists(Path.Combine(folder, Normalize(include))), include);
            Assert.Equal(include[3..], link.Element(MsBuild + "Link")?.Value);
        });
    }
    [Theory]
    [MemberData(nameof(Projects))]
    public void ReferencesExactlyThePackagesOfItsPackagesConfig(string project)
    {
        var folder = Path.GetDirectoryName(Path.Combine(BuildEnvironment.RepositoryRoot, project))!;
        var fromHintPaths = Elements(project, "HintPath")
            .Select(h => HintPathPackage().Match(h.Value))
            .Select(m => Assert.IsType<Match>(m.Success ? m : null))
            .Select(m =>
            {
                // packages\ is the solution's, at the root: as many ..\ as the project is deep.
                Assert.Equal(project.Count(c => c == '/'), m.Groups["up"].Captures.Count);
                return m.Groups["package"].Value;
            })
            .ToHashSet();
        var fromConfig = XDocument.Load(Path.Combine(folder, "packages.config")).Root!.Elements("package")
            .Select(p => (string)p.Attribute("id")! + "." + (string)p.Attribute("version")!)
            .ToHashSet();

        Assert.Equal(fromConfig.Order(), fromHintPaths.Order());
        Assert.All(Items(project, "None"), none => Assert.True(File.Exists(Path.Combine(folder, Normalize(none))), none));
    }

    [Theory]
    [MemberData(nameof(Projects))]
    public void UsesTheCoreLibraryVersionTheGateChecksAgainst(string project)
    {
        var version = (string)XDocument.Load(Path.Combine(BuildEnvironment.RepositoryRoot, "Directory.Build.props"))
            .Descendants("NanoCoreLibraryVersion").Single();
        var mscorlib = Elements(project, "Reference").Single(r => ((string)r.Attribute("Include")!).StartsWith("mscorlib,"));

        Assert.Contains($"Version={version}.0,", (string)mscorlib.Attribute("Include")!);
        Assert.Contains($@"..\packages\nanoFramework.CoreLibrary.{version}\lib\mscorlib.dll", mscorlib.Element(MsBuild + "HintPath")!.Value);
    }

    [Theory]
    [MemberData(nameof(Projects))]
    public void ProjectReferencesPointAtNanoFrameworkProjects(string project)
    {
        var folder = Path.GetDirectoryName(Path.Combine(BuildEnvironment.RepositoryRoot, project))!;
        Assert.All(Items(project, "ProjectReference"), reference =>
        {
            Assert.EndsWith(".nfproj", reference);
            Assert.True(File.Exists(Path.Combine(folder, Normalize(reference))), reference);
        });
    }

    [Theory]
    [MemberData(nameof(Projects))]
    public void SdkProjectBesideItLeavesOutTheDeviceOnlySources(string project)
    {
        // Esp32/ is written against nanoFramework packages that .NET has not (Wi-Fi, SslStream on
        // a Socket, the I: drive, the display driver): the .csproj of the same folder must not
        // compile it, or `dotnet build` would try to.
        var folder = Path.GetDirectoryName(Path.Combine(BuildEnvironment.RepositoryRoot, project))!;
        var deviceOnlyFolder = Path.Combine(folder, DeviceOnlyFolder);
        if (!Directory.Exists(deviceOnlyFolder) || !Directory.EnumerateFiles(deviceOnlyFolder, "*.cs", SearchOption.AllDirectories).Any())
        {
            return;
        }

        Assert.All(Directory.EnumerateFiles(folder, "*.csproj"), sdkProject =>
        {
            var removed = XDocument.Load(sdkProject).Descendants("Compile")
                .Select(c => (string?)c.Attribute("Remove"))
                .OfType<string>()
                .Select(Normalize);
            Assert.Contains(DeviceOnlyFolder + "/**", removed);
        });
    }

    [Fact]
    public void FirmwareProjectIsANanoFrameworkProgramOverTheCore()
    {
        const string project = "Thing.Firmware/Thing.Firmware.nfproj";
        var properties = XDocument.Load(Path.Combine(BuildEnvironment.RepositoryRoot, project)).Descendants()
            .GroupBy(e => e.Name.LocalName).ToDictionary(g => g.Key, g => g.First().Value);

        Assert.Equal("Exe", properties["OutputType"]);
        Assert.Equal("Thing.Firmware", properties["AssemblyName"]);
        Assert.Contains(@"..\Thing.Protocol\Thing.Protocol.nfproj", Items(project, "ProjectReference"));
        Assert.Contains(@"Esp32\Program.cs", Items(project, "Compile"));
        Assert.Contains("GpioPin.cs", Items(project, "Compile"));

        // The device-only sources exist and the SDK build of the same folder leaves them out.
        var sdkProject = XDocument.Load(Path.Combine(BuildEnvironment.RepositoryRoot, "Thing.Firmware/Thing.Firmware.csproj"));
        Assert.Contains(sdkProject.Descendants("Compile"), c => (string?)c.Attribute("Remove") == DeviceOnlyFolder + "/**");
    }

    [Fact]
    public void SolutionNamesEveryNanoFrameworkProject()
    {
        var solution = File.ReadAllText(Path.Combine(BuildEnvironment.RepositoryRoot, "SiotThing.nanoFramework.sln"));
        var listed = SolutionProject().Matches(solution).Select(m => m.Groups["path"].Value.Replace('\\', '/')).Order().ToArray();
        var onDisk = NanoProjects().Select(p => Path.GetRelativePath(BuildEnvironment.RepositoryRoot, p)).Order().ToArray();

        Assert.Equal(onDisk, listed);
    }

    public static TheoryData<string> TestProjects() => new(TestProjectPaths());

    [Theory]
    [MemberData(nameof(TestProjects))]
    public void TestProjectIsANanoFrameworkUnitTestProject(string project)
    {
        var properties = XDocument.Load(Path.Combine(BuildEnvironment.RepositoryRoot, project)).Descendants()
            .GroupBy(e => e.Name.LocalName).ToDictionary(g => g.Key, g => g.First().Value);

        // The launcher loads the assembly named NFUnitTest; each test project is one, in a folder of its own.
        Assert.Equal("NFUnitTest", properties["AssemblyName"]);
        Assert.Equal("true", properties["IsTestProject"]);
        Assert.Equal("UnitTest", properties["TestProjectType"]);
        Assert.Equal(@"$(MSBuildProjectDirectory)\nano.runsettings", properties["RunSettingsFilePath"]);
        Assert.Equal(3, project.Count(c => c == '/') + 1);
        Assert.Contains("TestContainer", Items(project, "ProjectCapability"));
        Assert.Contains("nano.runsettings", Items(project, "None"));
    }

    [Fact]
    public void EveryDeviceTestSourceIsInExactlyOneTestProjectAndTheHostBuildsThemAll()
    {
        var tests = Path.Combine(BuildEnvironment.RepositoryRoot, TestsFolder);
        var projects = TestProjectPaths().ToArray();
        var owned = projects.SelectMany(p => Items(p, "Compile").Select(Normalize).Where(c => !c.StartsWith("../"))
            .Select(c => Path.GetRelativePath(tests, Path.Combine(BuildEnvironment.RepositoryRoot, Path.GetDirectoryName(p)!, c)).Replace('\\', '/')));
        var linked = projects.SelectMany(p => Items(p, "Compile").Select(Normalize).Where(c => c.StartsWith("../")).Select(c => c[3..])).ToHashSet();
        var onDisk = Directory.EnumerateFiles(tests, "*.cs", SearchOption.AllDirectories)
            .Select(f => Path.GetRelativePath(tests, f).Replace('\\', '/'))
            .Where(f => !f.StartsWith("Host/"))
            .ToArray();

        Assert.Equal(onDisk.Where(f => !IsShared(f)).Order(), owned.Order());
        Assert.All(onDisk.Where(IsShared), shared => Assert.Contains(shared, linked));

        // One dotnet test runs them all on .NET, and its build compiles each for the device (NanoProject).
        var host = XDocument.Load(Path.Combine(tests, "Thing.Tests.csproj")).Descendants("NanoProject")
            .Select(n => TestsFolder + "/" + (string)n.Attribute("Include")!);
        Assert.Equal(projects.Order(), host.Order());
    }

    [Fact]
    public void TheTestFrameworkStandInHasThePackagesVersion()
    {
        // The nanoCLR binds a reference by name, major and minor version: tests compiled against
        // the stand-in must load with the real package's assembly.
        var package = XDocument.Load(Path.Combine(BuildEnvironment.RepositoryRoot, TestsFolder, "Xml", "packages.config")).Root!
            .Elements("package").Single(p => (string)p.Attribute("id")! == "nanoFramework.TestFramework");
        var shim = File.ReadAllText(Path.Combine(BuildEnvironment.RepositoryRoot, "TestFramework.Shim", "Properties", "AssemblyInfo.cs"));

        Assert.Contains($"[assembly: AssemblyVersion(\"{(string)package.Attribute("version")!}.0\")]", shim);
    }

    private static bool IsShared(string testSource) =>
        testSource.StartsWith("Common/") || testSource.StartsWith("Replay/") || testSource.StartsWith("Properties/");

    private static IEnumerable<string> TestProjectPaths() =>
        NanoProjects().Select(p => Path.GetRelativePath(BuildEnvironment.RepositoryRoot, p).Replace('\\', '/'))
            .Where(p => p.StartsWith(TestsFolder + "/"));

    private static IEnumerable<string> NanoProjects() =>
        Directory.EnumerateFiles(BuildEnvironment.RepositoryRoot, "*.nfproj", SearchOption.AllDirectories)
            .Where(p => !Path.GetRelativePath(BuildEnvironment.RepositoryRoot, p).StartsWith("artifacts"));

    private static IEnumerable<XElement> Elements(string project, string name) =>
        XDocument.Load(Path.Combine(BuildEnvironment.RepositoryRoot, project)).Descendants(MsBuild + name);

    private static IEnumerable<string> Items(string project, string itemType) =>
        Elements(project, itemType).Select(e => (string)e.Attribute("Include")!);

    private static string Normalize(string path) => path.Replace('\\', '/');

    [GeneratedRegex(@"^(?<up>\.\.\\)+packages\\(?<package>[^\\]+)\\lib\\")]
    private static partial Regex HintPathPackage();

    [GeneratedRegex(@"^Project\(""\{11A8DD76-328B-46DF-9F39-F559912D0360\}""\) = ""[^""]+"", ""(?<path>[^""]+\.nfproj)""", RegexOptions.Multiline)]
    private static partial Regex SolutionProject();
}
