using System.Reflection.Metadata;
using System.Reflection.PortableExecutable;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using SiotThing.NanoGate;

namespace SiotThing.Build.Tests;

/// <summary>Compiles C# source in memory against nanoFramework's mscorlib and runs the checker on it.</summary>
internal static class NanoSnippet
{
    public static MetadataReference NanoMscorlib { get; } = MetadataReference.CreateFromFile(BuildEnvironment.NanoMscorlib);

    /// <param name="references">What to compile against; nanoFramework's mscorlib when null.</param>
    public static byte[] Compile(string source, string assemblyName = "Snippet", MetadataReference[]? references = null)
    {
        var compilation = CSharpCompilation.Create(
            assemblyName,
            [CSharpSyntaxTree.ParseText(source, new CSharpParseOptions(LanguageVersion.CSharp9))],
            references ?? [NanoMscorlib],
            new CSharpCompilationOptions(OutputKind.DynamicallyLinkedLibrary));
        using var image = new MemoryStream();
        var result = compilation.Emit(image);
        Assert.True(result.Success, string.Join("\n", result.Diagnostics));
        return image.ToArray();
    }

    public static IReadOnlyList<NanoViolation> Check(byte[] image, params string[] allowedReferences)
    {
        using var pe = new PEReader(new MemoryStream(image));
        return NanoAssemblyChecker.Check(pe, allowedReferences);
    }

    public static IReadOnlyList<NanoViolation> Check(string source) => Check(Compile(source));
}
