using System.Globalization;
using System.Reflection.Metadata;
using System.Reflection.Metadata.Ecma335;
using System.Reflection.PortableExecutable;
using System.Xml.Linq;

namespace SiotThing.NanoRun;

/// <summary>
/// Everything nanoFramework's UnitTestLauncher (TestFramework v3.0.77) will run in a test
/// assembly, in its order: per [TestClass], the [Setup] methods, then every [TestMethod] without
/// rows, then every [DataRow], then the [Cleanup] methods. It walks classes and methods in the
/// order of the .pe (the metadata processor reorders types; its .pdbx maps the tokens), and names
/// each by the index of the attribute in the method's attribute list after it dropped
/// [TestMethod] from a method that has rows.
/// </summary>
public sealed class DeviceTestCatalog
{
    private const string Framework = "nanoFramework.TestFramework.";

    private DeviceTestCatalog(IReadOnlyList<DeviceTest> inLauncherOrder)
    {
        InLauncherOrder = inLauncherOrder;
    }

    /// <summary>What the launcher runs, in the order it runs it.</summary>
    public IReadOnlyList<DeviceTest> InLauncherOrder { get; }

    /// <summary>Reads <paramref name="assembly"/> and the .pdbx the metadata processor wrote for it.</summary>
    public static DeviceTestCatalog Read(string assembly, string pdbx)
    {
        var order = NanoTokens(pdbx);
        using var stream = File.OpenRead(assembly);
        using var pe = new PEReader(stream);
        var reader = pe.GetMetadataReader();
        var tests = new List<DeviceTest>();
        foreach (var typeHandle in reader.TypeDefinitions.OrderBy(t => Order(order, t)))
        {
            var type = reader.GetTypeDefinition(typeHandle);
            if (!type.GetCustomAttributes().Any(a => AttributeName(reader, a) == Framework + "TestClassAttribute"))
            {
                continue;
            }

            var typeName = reader.GetString(type.Namespace) + "." + reader.GetString(type.Name);
            var methods = type.GetMethods().OrderBy(m => Order(order, m)).Select(m => Attributes(reader, typeName, m)).ToList();
            foreach (var kind in new[] { "SetupAttribute", "TestMethodAttribute", "DataRowAttribute", "CleanupAttribute" })
            {
                tests.AddRange(methods.SelectMany(m => m).Where(t => t.Attribute == Framework + kind).Select(t => t.Test));
            }
        }

        return new DeviceTestCatalog(tests);
    }

    private static IEnumerable<(string Attribute, DeviceTest Test)> Attributes(MetadataReader reader, string typeName, MethodDefinitionHandle handle)
    {
        var method = reader.GetMethodDefinition(handle);
        var methodName = reader.GetString(method.Name);
        var attributes = method.GetCustomAttributes().Select((a, index) => (Name: AttributeName(reader, a), MetadataIndex: index)).ToList();
        if (attributes.Any(a => a.Name == Framework + "DataRowAttribute"))
        {
            attributes.RemoveAll(a => a.Name == Framework + "TestMethodAttribute");
        }

        var rows = 0;
        for (var i = 0; i < attributes.Count; i++)
        {
            var (name, metadataIndex) = attributes[i];
            var (kind, shown) = name switch
            {
                Framework + "SetupAttribute" => (DeviceTestKind.Setup, $"{typeName}.{methodName} (setup)"),
                Framework + "CleanupAttribute" => (DeviceTestKind.Cleanup, $"{typeName}.{methodName} (cleanup)"),
                Framework + "DataRowAttribute" => (DeviceTestKind.Test, $"{typeName}.{methodName}[{rows++}]"),
                _ => (DeviceTestKind.Test, $"{typeName}.{methodName}"),
            };
            yield return (name, new DeviceTest($"{typeName}.{methodName}.{i}", shown, kind, MetadataTokens.GetToken(handle), metadataIndex));
        }
    }

    private static string AttributeName(MetadataReader reader, CustomAttributeHandle handle)
    {
        var constructor = reader.GetCustomAttribute(handle).Constructor;
        var type = constructor.Kind == HandleKind.MemberReference
            ? reader.GetMemberReference((MemberReferenceHandle)constructor).Parent
            : reader.GetMethodDefinition((MethodDefinitionHandle)constructor).GetDeclaringType();
        return type.Kind switch
        {
            HandleKind.TypeReference => Name(reader, reader.GetTypeReference((TypeReferenceHandle)type).Namespace, reader.GetTypeReference((TypeReferenceHandle)type).Name),
            HandleKind.TypeDefinition => Name(reader, reader.GetTypeDefinition((TypeDefinitionHandle)type).Namespace, reader.GetTypeDefinition((TypeDefinitionHandle)type).Name),
            _ => string.Empty,
        };
    }

    private static string Name(MetadataReader reader, StringHandle ns, StringHandle name) => reader.GetString(ns) + "." + reader.GetString(name);

    /// <summary>The .pe's token of each type and method, by its token in the .NET assembly.</summary>
    private static Dictionary<int, int> NanoTokens(string pdbx)
    {
        var tokens = new Dictionary<int, int>();
        foreach (var token in XDocument.Load(pdbx).Descendants("Token"))
        {
            tokens[Hex(token.Element("CLR")!.Value)] = Hex(token.Element("nanoCLR")!.Value);
        }

        return tokens;
    }

    private static int Hex(string text) => int.Parse(text.AsSpan(2), NumberStyles.HexNumber, CultureInfo.InvariantCulture);

    private static int Order(Dictionary<int, int> order, EntityHandle handle) =>
        order.TryGetValue(MetadataTokens.GetToken(handle), out var nano) ? nano : int.MaxValue;

    private static int Order(Dictionary<int, int> order, TypeDefinitionHandle handle) => Order(order, (EntityHandle)handle);

    private static int Order(Dictionary<int, int> order, MethodDefinitionHandle handle) => Order(order, (EntityHandle)handle);
}
