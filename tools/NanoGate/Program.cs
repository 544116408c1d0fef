using System.Reflection.PortableExecutable;
using SiotThing.NanoGate;

// Usage: NanoGate <assembly> [allowed-reference ...]
// Prints each violation in MSBuild's canonical error format, so that the build that runs it fails
// with a readable message pointing at the assembly, and the assembly's .pe figures either way.
if (args.Length < 1)
{
    Console.Error.WriteLine("usage: NanoGate <assembly> [allowed-reference ...]");
    return 2;
}

var assembly = Path.GetFullPath(args[0]);
// The unit tests are several NFUnitTest.dll, each in a folder named after its project.
var folder = Path.GetFileName(Path.GetDirectoryName(assembly));
var shownName = folder == "nano" ? Path.GetFileName(assembly) : folder + "/" + Path.GetFileName(assembly);
using var stream = File.OpenRead(assembly);
using var pe = new PEReader(stream);
var figures = PeFigures.Measure(pe);
var violations = NanoAssemblyChecker.Check(pe, args.Skip(1), figures);
foreach (var violation in violations)
{
    Console.WriteLine($"{assembly} : error {violation.Code}: nanoFramework: {shownName} {violation.Message}");
}

if (violations.Count == 0)
{
    Console.WriteLine($"NanoGate: {shownName} is fit for nanoFramework (mscorlib v1, no generics; .pe: {figures.Summary})");
}

return violations.Count == 0 ? 0 : 1;
