using System.Reflection;

// The version of the nanoFramework.TestFramework package the device test projects reference
// (their packages.config). The nanoCLR binds a reference by name, major and minor version, so
// the test assemblies compiled here against this stand-in load with the real TestFramework.
[assembly: AssemblyVersion("3.0.77.0")]
