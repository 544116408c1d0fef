using SiotThing.Fuzz;

namespace SiotThing.Build.Tests;

/// <summary>
/// Every input of the fuzz corpus (tools/Fuzz/corpus: seeds from the tests, paths afl found, and
/// each finding with its fix) runs through its target without an exception; see docs/fuzzing.md.
/// </summary>
public sealed class FuzzCorpusTests
{
    public static TheoryData<string> Targets() => new(FuzzTargets.All.Select(t => t.Name));

    [Theory]
    [MemberData(nameof(Targets))]
    public void EveryCorpusInputRunsWithoutAnException(string name)
    {
        var target = FuzzTargets.Find(name);
        var inputs = Directory.GetFiles(Path.Combine(BuildEnvironment.RepositoryRoot, "tools", "Fuzz", "corpus", name));

        Assert.NotEmpty(inputs);
        Assert.All(inputs.Order(StringComparer.Ordinal), input => target.Run(File.ReadAllBytes(input)));
    }

    [Fact]
    public void EveryTargetHasACorpusAndEveryCorpusATarget()
    {
        var folders = Directory.GetDirectories(Path.Combine(BuildEnvironment.RepositoryRoot, "tools", "Fuzz", "corpus")).Select(Path.GetFileName);

        Assert.Equal(FuzzTargets.All.Select(t => t.Name).Order(), folders.Order());
    }
}
