namespace SiotThing.Fuzz;

/// <summary>Runs every input of a corpus (one folder per target) through its target, in process.</summary>
public static class CorpusReplay
{
    /// <summary>Replays <paramref name="root"/>; writes each finding and a summary to <paramref name="output"/>.</summary>
    /// <returns>How many inputs made their target throw.</returns>
    public static int Run(string root, TextWriter output)
    {
        var findings = 0;
        foreach (var target in FuzzTargets.All)
        {
            var folder = Path.Combine(root, target.Name);
            var inputs = Directory.Exists(folder) ? Directory.GetFiles(folder).Order(StringComparer.Ordinal).ToArray() : [];
            foreach (var input in inputs)
            {
                try
                {
                    target.Run(File.ReadAllBytes(input));
                }
                catch (Exception e)
                {
                    findings++;
                    output.WriteLine($"{target.Name}: {Path.GetFileName(input)}: {e.GetType().Name}: {e.Message}");
                }
            }

            output.WriteLine($"{target.Name}: {inputs.Length} inputs");
        }

        return findings;
    }
}
