using System.Collections.Immutable;
using System.Reflection.Metadata;

namespace SiotThing.NanoGate;

/// <summary>
/// Decodes signatures to names and remembers whether a generic instantiation or a generic
/// parameter occurred anywhere in them (a field of type <c>Action&lt;int&gt;</c> is encoded inline
/// in the field's signature, not as a TypeSpec row).
/// </summary>
internal sealed class GenericUseDetector(MetadataReader reader) : ISignatureTypeProvider<string, object?>
{
    /// <summary>Set when the last decoded signature used generics; reset it before each decode.</summary>
    public bool SawGenerics { get; set; }

    public string GetGenericInstantiation(string genericType, ImmutableArray<string> typeArguments)
    {
        SawGenerics = true;
        return genericType + "<" + string.Join(",", typeArguments) + ">";
    }

    public string GetGenericMethodParameter(object? genericContext, int index)
    {
        SawGenerics = true;
        return "!!" + index;
    }

    public string GetGenericTypeParameter(object? genericContext, int index)
    {
        SawGenerics = true;
        return "!" + index;
    }

    public string GetArrayType(string elementType, ArrayShape shape) => elementType + "[" + new string(',', shape.Rank - 1) + "]";

    public string GetByReferenceType(string elementType) => elementType + "&";

    public string GetFunctionPointerType(MethodSignature<string> signature) => "method*";

    public string GetModifiedType(string modifier, string unmodifiedType, bool isRequired) => unmodifiedType;

    public string GetPinnedType(string elementType) => elementType;

    public string GetPointerType(string elementType) => elementType + "*";

    public string GetPrimitiveType(PrimitiveTypeCode typeCode) => typeCode.ToString();

    public string GetSZArrayType(string elementType) => elementType + "[]";

    public string GetTypeFromDefinition(MetadataReader metadata, TypeDefinitionHandle handle, byte rawTypeKind) =>
        FullName(metadata.GetTypeDefinition(handle));

    public string GetTypeFromReference(MetadataReader metadata, TypeReferenceHandle handle, byte rawTypeKind) =>
        FullName(metadata.GetTypeReference(handle));

    public string GetTypeFromSpecification(MetadataReader metadata, object? genericContext, TypeSpecificationHandle handle, byte rawTypeKind) =>
        metadata.GetTypeSpecification(handle).DecodeSignature(this, genericContext);

    /// <summary>The namespace-qualified name of a type defined in the assembly.</summary>
    public string FullName(TypeDefinition type)
    {
        var name = reader.GetString(type.Name);
        if (type.GetDeclaringType() is { IsNil: false } outer)
        {
            return FullName(reader.GetTypeDefinition(outer)) + "+" + name;
        }

        var ns = reader.GetString(type.Namespace);
        return ns.Length == 0 ? name : ns + "." + name;
    }

    /// <summary>The namespace-qualified name of a type the assembly references.</summary>
    public string FullName(TypeReference type)
    {
        var name = reader.GetString(type.Name);
        if (type.ResolutionScope.Kind == HandleKind.TypeReference)
        {
            return FullName(reader.GetTypeReference((TypeReferenceHandle)type.ResolutionScope)) + "+" + name;
        }

        var ns = reader.GetString(type.Namespace);
        return ns.Length == 0 ? name : ns + "." + name;
    }
}
