using System.Xml.Linq;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using SiotThing.NanoRun;

namespace SiotThing.Esp32Run;

/// <summary>
/// Builds the application for the chip without the nanoFramework project system (which this
/// machine cannot install): compiles each device project from its <c>.nfproj</c>'s compile list,
/// as the nanoFramework build would, against the real class libraries built from their tags
/// (mscorlib only, C# 9, no standard library), then converts it to .pe with nanoFramework's
/// metadata processor. A source that does not compile against the real libraries fails here,
/// with the compiler's message: compiling against the real libraries is part of the check.
/// </summary>
public static class ApplicationBuild
{
    /// <summary>The device projects, in build order: each references those before it.</summary>
    public static readonly string[] Projects = ["Thing.Protocol", "Thing.Firmware"];

    /// <summary>Compiles and converts <see cref="Projects"/>.</summary>
    /// <param name="repositoryRoot">The repository's root folder.</param>
    /// <param name="libraries">The folder with the class libraries' .dll files, mscorlib.dll among them.</param>
    /// <param name="metadataProcessor">nanoFramework's metadata processor.</param>
    /// <param name="work">Where the .dll and .pe files go.</param>
    /// <returns>The .pe files, in <see cref="Projects"/>' order.</returns>
    public static IReadOnlyList<string> Build(string repositoryRoot, string libraries, string metadataProcessor, string work)
    {
        Directory.CreateDirectory(work);
        var references = Directory.GetFiles(libraries, "*.dll").Order(StringComparer.Ordinal).ToList();
        var built = new List<string>();
        var pes = new List<string>();
        foreach (var project in Projects)
        {
            var assembly = Compile(repositoryRoot, project, [.. references, .. built], work);
            var pe = Path.ChangeExtension(assembly, ".pe");
            try
            {
                new PeConverter(metadataProcessor, [.. references, .. built]).Convert(assembly, pe);
            }
            catch (NanoRunException e)
            {
                throw new Esp32RunException(e.Message);
            }

            built.Add(assembly);
            pes.Add(pe);
        }

        return pes;
    }

    private static string Compile(string repositoryRoot, string project, IReadOnlyList<string> references, string work)
    {
        var projectFile = Path.Combine(repositoryRoot, project, project + ".nfproj");
        var document = XDocument.Load(projectFile);
        var msbuild = document.Root!.Name.Namespace;
        var outputType = document.Descendants(msbuild + "OutputType").Select(e => e.Value).FirstOrDefault();
        var sources = document.Descendants(msbuild + "Compile")
            .Select(e => Path.Combine(repositoryRoot, project, e.Attribute("Include")!.Value.Replace('\\', '/')))
            .ToList();
        var parse = new CSharpParseOptions(LanguageVersion.CSharp9);
        var trees = sources.Select(s => CSharpSyntaxTree.ParseText(File.ReadAllText(s), parse, s)).ToList();
        var options = new CSharpCompilationOptions(outputType == "Exe" ? OutputKind.ConsoleApplication : OutputKind.DynamicallyLinkedLibrary)
            .WithOptimizationLevel(OptimizationLevel.Release)
            .WithNullableContextOptions(NullableContextOptions.Disable);
        var compilation = CSharpCompilation.Create(project, trees, references.Select(r => MetadataReference.CreateFromFile(r)), options);
        var assembly = Path.Combine(work, project + ".dll");
        using (var output = File.Create(assembly))
        using (var documentation = new MemoryStream())
        {
            var result = compilation.Emit(output, xmlDocumentationStream: documentation);
            var problems = result.Diagnostics.Where(d => d.Severity >= DiagnosticSeverity.Warning).ToList();
            if (problems.Count > 0)
            {
                // Warnings too: the nanoFramework build of this code is held to none.
                throw new Esp32RunException($"{project} does not compile cleanly against the class libraries in {Path.GetDirectoryName(references[0])}:{Environment.NewLine}"
                    + string.Join(Environment.NewLine, problems.Select(d => d.ToString().Replace(repositoryRoot + "/", string.Empty))));
            }
        }

        return assembly;
    }
}
