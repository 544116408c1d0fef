using Mono.Cecil;

namespace SiotThing.NanoRun;

/// <summary>
/// Writes a copy of a test assembly in which some tests no longer run: their [TestMethod] or
/// [DataRow] becomes an [Obsolete], which the launcher passes over. The attribute stays in its
/// place, so every other test keeps its launcher id (the index of its attribute). A method whose
/// rows are all disabled loses its [TestMethod] too, or the launcher would call it without rows.
/// </summary>
public static class TestDisabler
{
    /// <summary>Writes <paramref name="destination"/>: <paramref name="source"/> without <paramref name="tests"/>.</summary>
    public static void Write(string source, string destination, IReadOnlyCollection<DeviceTest> tests)
    {
        using var module = ModuleDefinition.ReadModule(source);
        var obsolete = new MethodReference(".ctor", module.TypeSystem.Void,
            new TypeReference("System", "ObsoleteAttribute", module, module.TypeSystem.CoreLibrary))
        {
            HasThis = true,
        };

        foreach (var byMethod in tests.GroupBy(t => t.MethodToken))
        {
            var method = (MethodDefinition)module.LookupToken(byMethod.Key);
            foreach (var test in byMethod)
            {
                method.CustomAttributes[test.AttributeIndex] = new CustomAttribute(obsolete);
            }

            if (!method.CustomAttributes.Any(a => a.AttributeType.FullName == "nanoFramework.TestFramework.DataRowAttribute"))
            {
                for (var i = 0; i < method.CustomAttributes.Count; i++)
                {
                    if (method.CustomAttributes[i].AttributeType.FullName == "nanoFramework.TestFramework.TestMethodAttribute")
                    {
                        method.CustomAttributes[i] = new CustomAttribute(obsolete);
                    }
                }
            }
        }

        Directory.CreateDirectory(Path.GetDirectoryName(destination)!);
        module.Write(destination);
    }
}
