using System.Reflection;
using System.Runtime.InteropServices;

[assembly: AssemblyTitle("NFUnitTest")]
[assembly: AssemblyDescription("SiotThing unit tests (nanoFramework.TestFramework)")]
[assembly: AssemblyProduct("SiotThing")]
[assembly: AssemblyCopyright("Copyright (c) SiotThing contributors. MIT License.")]
[assembly: AssemblyVersion("1.0.0.0")]
[assembly: ComVisible(false)]
