using Mono.Cecil;

namespace SiotThing.NanoRun;

/// <summary>
/// Writes a copy of a test assembly in which some tests no longer run: their [TestMethod] or
/// [DataRow] becomes a [TestClass], which the launcher passes over on a method. The attribute
/// stays in its place, so every other test keeps its launcher id (the index of its attribute);
/// it has to be one the metadata processor keeps (it drops [Obsolete], for one). A method whose
/// rows are all disabled loses its [TestMethod] too, or the launcher would call it without rows.
/// </summary>
public static class TestDisabler
{
    /// <summary>Writes <paramref name="destination"/>: <paramref name="source"/> without <paramref name="tests"/>.</summary>
    public static void Write(string source, string destination, IReadOnlyCollection<DeviceTest> tests)
    {
        using var module = ModuleDefinition.ReadModule(source);
        var framework = module.AssemblyReferences.Single(a => a.Name == "nanoFramework.TestFramework");
        var inert = new MethodReference(".ctor", module.TypeSystem.Void,
            new TypeReference("nanoFramework.TestFramework", "TestClassAttribute", module, framework))
        {
            HasThis = true,
        };

        foreach (var byMethod in tests.GroupBy(t => t.MethodToken))
        {
            var method = (MethodDefinition)module.LookupToken(byMethod.Key);
            foreach (var test in byMethod)
            {
                method.CustomAttributes[test.AttributeIndex] = new CustomAttribute(inert);
            }

            if (!method.CustomAttributes.Any(a => a.AttributeType.FullName == "nanoFramework.TestFramework.DataRowAttribute"))
            {
                for (var i = 0; i < method.CustomAttributes.Count; i++)
                {
                    if (method.CustomAttributes[i].AttributeType.FullName == "nanoFramework.TestFramework.TestMethodAttribute")
                    {
                        method.CustomAttributes[i] = new CustomAttribute(inert);
                    }
                }
            }
        }

        Directory.CreateDirectory(Path.GetDirectoryName(destination)!);
        module.Write(destination);
    }
}
