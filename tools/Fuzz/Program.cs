using SharpFuzz;
using SiotThing.Fuzz;

// Fuzz run TARGET       one input per execution from afl-fuzz (through SharpFuzz's fork server)
// Fuzz replay DIR       every file of DIR/<target>/ through its target, in process; exit 1 on a finding
if (args.Length == 2 && args[0] == "run" && FuzzTargets.Find(args[1]) is { } target)
{
    Fuzzer.OutOfProcess.Run(stream =>
    {
        using var copy = new MemoryStream();
        stream.CopyTo(copy);
        target.Run(copy.ToArray());
    });
    return 0;
}

if (args.Length == 2 && args[0] == "replay")
{
    var findings = CorpusReplay.Run(args[1], Console.Out);
    return findings == 0 ? 0 : 1;
}

Console.Error.WriteLine($"usage: Fuzz run TARGET | Fuzz replay CORPUS-DIR   (targets: {string.Join(", ", FuzzTargets.All.Select(t => t.Name))})");
return 2;
