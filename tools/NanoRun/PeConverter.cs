namespace SiotThing.NanoRun;

/// <summary>
/// Converts .NET assemblies built against nanoFramework's mscorlib to .pe with nanoFramework's
/// metadata processor, as the nanoFramework project system does (parse, compile, minimize), with
/// every other assembly of the run as a load hint.
/// </summary>
/// <param name="metadataProcessor">The metadata processor's program.</param>
/// <param name="references">The assemblies the converted ones may reference, mscorlib included.</param>
public sealed class PeConverter(string metadataProcessor, IReadOnlyList<string> references)
{
    /// <summary>Writes <paramref name="pe"/> (and its .pdbx beside it) from <paramref name="assembly"/>.</summary>
    /// <exception cref="NanoRunException">The metadata processor refused it.</exception>
    public void Convert(string assembly, string pe)
    {
        Directory.CreateDirectory(Path.GetDirectoryName(pe)!);
        File.Delete(pe);
        var arguments = new List<string>();
        foreach (var reference in references.Where(r => !SameFile(r, assembly)))
        {
            arguments.AddRange(["-loadHints", Path.GetFileNameWithoutExtension(reference), reference]);
        }

        arguments.AddRange(["-parse", assembly, "-compile", pe, "false"]);
        var result = ChildProcess.Run(metadataProcessor, arguments, Path.GetDirectoryName(pe)!, TimeSpan.FromMinutes(5));
        // It can report an exception and still exit 0 (a failed minimize): the .pe is the proof.
        if (result.ExitCode != 0 || !File.Exists(pe) || result.Output.Any(line => line.Contains("Exception", StringComparison.Ordinal)))
        {
            throw new NanoRunException($"the metadata processor did not convert {assembly} (exit {result.ExitCode?.ToString() ?? "timed out"}):{Environment.NewLine}{result.Tail()}");
        }
    }

    private static bool SameFile(string left, string right) =>
        string.Equals(Path.GetFileNameWithoutExtension(left), Path.GetFileNameWithoutExtension(right), StringComparison.Ordinal);
}
