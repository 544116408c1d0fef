using System.Reflection.Metadata;

namespace SiotThing.NanoGate;

/// <summary>
/// Lets System.Reflection.Metadata decode custom attribute arguments by name: enough to read the
/// strings an attribute carries (which the .pe string table holds), with enums taken as Int32.
/// </summary>
internal sealed class AttributeValueProvider(GenericUseDetector names) : ICustomAttributeTypeProvider<string>
{
    public string GetPrimitiveType(PrimitiveTypeCode typeCode) => typeCode.ToString();

    public string GetSystemType() => "System.Type";

    public string GetSZArrayType(string elementType) => elementType + "[]";

    public string GetTypeFromDefinition(MetadataReader reader, TypeDefinitionHandle handle, byte rawTypeKind) =>
        names.FullName(reader.GetTypeDefinition(handle));

    public string GetTypeFromReference(MetadataReader reader, TypeReferenceHandle handle, byte rawTypeKind) =>
        names.FullName(reader.GetTypeReference(handle));

    public string GetTypeFromSerializedName(string name) => name;

    public PrimitiveTypeCode GetUnderlyingEnumType(string type) => PrimitiveTypeCode.Int32;

    public bool IsSystemType(string type) => type == "System.Type";
}
