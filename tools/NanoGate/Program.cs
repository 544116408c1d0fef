using SiotThing.NanoGate;

// Usage: NanoGate <assembly> [allowed-reference ...]
// Prints each violation in MSBuild's canonical error format, so that the build that runs it fails
// with a readable message pointing at the assembly.
if (args.Length < 1)
{
    Console.Error.WriteLine("usage: NanoGate <assembly> [allowed-reference ...]");
    return 2;
}

var assembly = Path.GetFullPath(args[0]);
var violations = NanoAssemblyChecker.Check(assembly, args.Skip(1));
foreach (var violation in violations)
{
    Console.WriteLine($"{assembly} : error {violation.Code}: nanoFramework: {Path.GetFileName(assembly)} {violation.Message}");
}

if (violations.Count == 0)
{
    Console.WriteLine($"NanoGate: {Path.GetFileName(assembly)} is fit for nanoFramework (mscorlib v1, no generics)");
}

return violations.Count == 0 ? 0 : 1;
