using System.Reflection;
using System.Runtime.InteropServices;

[assembly: AssemblyTitle("Thing.Protocol")]
[assembly: AssemblyDescription("SiotThing core: XMPP client and urn:xmpp:siot:1 thing behaviour, sans I/O")]
[assembly: AssemblyProduct("SiotThing")]
[assembly: AssemblyCopyright("Copyright (c) SiotThing contributors. MIT License.")]
[assembly: AssemblyVersion("0.1.0.0")]
[assembly: AssemblyFileVersion("0.1.0.0")]
[assembly: ComVisible(false)]
