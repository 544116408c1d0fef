using System.Reflection.Emit;
using System.Reflection.Metadata;
using System.Reflection.Metadata.Ecma335;
using System.Reflection.PortableExecutable;
using System.Text;

namespace SiotThing.NanoGate;

/// <summary>
/// What an assembly will take of the limits of a nanoFramework .pe, read from its metadata the
/// way nanoFramework's metadata processor (v3.0.100) builds the .pe, so that an assembly that
/// would not convert (or would convert into one the runtime misreads) fails the build here.
/// <list type="bullet">
/// <item>The string table: every distinct string once, as UTF-8 with a terminating NUL: the
/// assembly's name, the names of referenced assemblies, referenced and defined types (namespace
/// and name), the defined fields (constants excepted) and methods, referenced members, string
/// literals and the strings in custom attribute arguments. Its offsets are 16 bits, and the
/// runtime takes offsets from 0xFFFF - 860 up as its own table of well-known strings, so the
/// table must stay below <see cref="StringTableLimit"/> bytes. The processor leaves well-known
/// strings (".ctor", "System", ...) out of the table; this count includes them, so it errs high.</item>
/// <item>The byte code: 16-bit offsets; counted here as the IL's size with 2-byte tokens, as
/// nanoFramework writes them.</item>
/// <item>The signature table: 16-bit offsets; it holds every distinct signature (methods,
/// fields, locals, member references, type specifications), counted here as their ECMA blobs,
/// and the initial data of array initializers (a field with an RVA: <c>new byte[] { ... }</c>
/// of constants), which dominate it in the replay fixtures.</item>
/// <item>Per type at most 255 static fields, 255 instance fields, and 255 each of virtual,
/// instance and static methods; per method at most 255 arguments and 255 locals; at most 32,767
/// types defined and referenced together (a 15-bit index), every table below 65,536 rows.</item>
/// </list>
/// </summary>
public sealed class PeFigures
{
    /// <summary>The first string offset the runtime does not read from the assembly (0xFFFF - 860).</summary>
    public const int StringTableLimit = 0xFFFF - 860;

    /// <summary>The byte code table's limit (16-bit offsets).</summary>
    public const int ByteCodeLimit = 0xFFFF;

    /// <summary>The signature table's limit (16-bit offsets).</summary>
    public const int SignatureTableLimit = 0xFFFF;

    /// <summary>The share of a limit above which the gate fails: room for the count's error and for growth.</summary>
    public const double Budget = 0.9;

    private PeFigures(int stringTableBytes, int byteCodeBytes, int signatureTableBytes, IReadOnlyList<string> overLimits)
    {
        StringTableBytes = stringTableBytes;
        ByteCodeBytes = byteCodeBytes;
        SignatureTableBytes = signatureTableBytes;
        OverLimits = overLimits;
    }

    /// <summary>The estimated size of the .pe string table in bytes.</summary>
    public int StringTableBytes { get; }

    /// <summary>The estimated size of the .pe byte code in bytes.</summary>
    public int ByteCodeBytes { get; }

    /// <summary>The estimated size of the .pe signature table in bytes.</summary>
    public int SignatureTableBytes { get; }

    /// <summary>Every count over a limit or over the budget, described; empty when the assembly fits.</summary>
    public IReadOnlyList<string> OverLimits { get; }

    /// <summary>One line for the build log: each figure against its limit.</summary>
    public string Summary =>
        $"string table {StringTableBytes:N0} / {StringTableLimit:N0} bytes, byte code {ByteCodeBytes:N0} / {ByteCodeLimit:N0} bytes, signatures {SignatureTableBytes:N0} / {SignatureTableLimit:N0} bytes";

    /// <summary>Measures the assembly in <paramref name="pe"/>.</summary>
    public static PeFigures Measure(PEReader pe)
    {
        var reader = pe.GetMetadataReader();
        var names = new GenericUseDetector(reader);
        var over = new List<string>();
        var strings = new HashSet<string>(StringComparer.Ordinal) { string.Empty, reader.GetString(reader.GetAssemblyDefinition().Name) };
        var byteCode = 0;

        foreach (var handle in reader.AssemblyReferences)
        {
            strings.Add(reader.GetString(reader.GetAssemblyReference(handle).Name));
        }

        foreach (var handle in reader.TypeReferences)
        {
            var type = reader.GetTypeReference(handle);
            strings.Add(reader.GetString(type.Namespace));
            strings.Add(reader.GetString(type.Name));
        }

        foreach (var handle in reader.MemberReferences)
        {
            strings.Add(reader.GetString(reader.GetMemberReference(handle).Name));
        }

        var attributes = new AttributeValueProvider(names);
        foreach (var typeHandle in reader.TypeDefinitions)
        {
            var type = reader.GetTypeDefinition(typeHandle);
            var typeName = names.FullName(type);
            if (typeName == "<Module>")
            {
                continue;
            }

            strings.Add(reader.GetString(type.Namespace));
            strings.Add(reader.GetString(type.Name));
            AddAttributeStrings(reader, attributes, type.GetCustomAttributes(), strings);

            int staticFields = 0, instanceFields = 0;
            foreach (var fieldHandle in type.GetFields())
            {
                var field = reader.GetFieldDefinition(fieldHandle);
                if ((field.Attributes & System.Reflection.FieldAttributes.Literal) != 0)
                {
                    continue;
                }

                strings.Add(reader.GetString(field.Name));
                AddAttributeStrings(reader, attributes, field.GetCustomAttributes(), strings);
                if ((field.Attributes & System.Reflection.FieldAttributes.Static) != 0)
                {
                    staticFields++;
                }
                else
                {
                    instanceFields++;
                }
            }

            OverByte(over, staticFields, $"type '{typeName}' has {staticFields} static fields");
            OverByte(over, instanceFields, $"type '{typeName}' has {instanceFields} instance fields");

            int virtualMethods = 0, instanceMethods = 0, staticMethods = 0;
            foreach (var methodHandle in type.GetMethods())
            {
                var method = reader.GetMethodDefinition(methodHandle);
                var methodName = typeName + "." + reader.GetString(method.Name);
                strings.Add(reader.GetString(method.Name));
                AddAttributeStrings(reader, attributes, method.GetCustomAttributes(), strings);
                if ((method.Attributes & System.Reflection.MethodAttributes.Static) != 0)
                {
                    staticMethods++;
                }
                else if ((method.Attributes & System.Reflection.MethodAttributes.Virtual) != 0)
                {
                    virtualMethods++;
                }
                else
                {
                    instanceMethods++;
                }

                var signature = method.DecodeSignature(names, null);
                OverByte(over, signature.ParameterTypes.Length, $"method '{methodName}' has {signature.ParameterTypes.Length} arguments");
                if (method.RelativeVirtualAddress != 0)
                {
                    var body = pe.GetMethodBody(method.RelativeVirtualAddress);
                    byteCode += ByteCodeSize(body);
                    if (!body.LocalSignature.IsNil)
                    {
                        var locals = reader.GetStandaloneSignature(body.LocalSignature).DecodeLocalSignature(names, null).Length;
                        OverByte(over, locals, $"method '{methodName}' has {locals} locals");
                    }
                }
            }

            OverByte(over, virtualMethods, $"type '{typeName}' has {virtualMethods} virtual methods");
            OverByte(over, instanceMethods, $"type '{typeName}' has {instanceMethods} instance methods");
            OverByte(over, staticMethods, $"type '{typeName}' has {staticMethods} static methods");
        }

        if (reader.GetHeapSize(HeapIndex.UserString) > 1)
        {
            for (var handle = MetadataTokens.UserStringHandle(1); !handle.IsNil; handle = reader.GetNextHandle(handle))
            {
                strings.Add(reader.GetUserString(handle));
            }
        }

        var stringTable = strings.Sum(s => Encoding.UTF8.GetByteCount(s) + 1);
        var signatureTable = SignatureTableSize(reader);
        OverBudget(over, "the string table", stringTable, StringTableLimit);
        OverBudget(over, "the byte code", byteCode, ByteCodeLimit);
        OverBudget(over, "the signature table", signatureTable, SignatureTableLimit);
        var types = reader.TypeDefinitions.Count + reader.TypeReferences.Count;
        if (types > 0x7FFF)
        {
            over.Add($"{types} types are defined and referenced, over the {0x7FFF:N0} a .pe can index");
        }

        foreach (var table in new[] { TableIndex.TypeDef, TableIndex.TypeRef, TableIndex.Field, TableIndex.MethodDef, TableIndex.MemberRef, TableIndex.CustomAttribute, TableIndex.TypeSpec })
        {
            if (reader.GetTableRowCount(table) > 0xFFFF)
            {
                over.Add($"the {table} table has {reader.GetTableRowCount(table):N0} rows, over the {0xFFFF:N0} a .pe can hold");
            }
        }

        return new PeFigures(stringTable, byteCode, signatureTable, over);
    }

    /// <summary>Distinct signature blobs, plus the initial data of every field with an RVA.</summary>
    private static int SignatureTableSize(MetadataReader reader)
    {
        var blobs = new HashSet<string>(StringComparer.Ordinal);
        var size = 0;
        void Add(BlobHandle blob)
        {
            var bytes = reader.GetBlobBytes(blob);
            if (blobs.Add(Convert.ToBase64String(bytes)))
            {
                size += bytes.Length;
            }
        }

        foreach (var handle in reader.FieldDefinitions)
        {
            var field = reader.GetFieldDefinition(handle);
            if ((field.Attributes & System.Reflection.FieldAttributes.Literal) != 0)
            {
                continue;
            }

            Add(field.Signature);
            if ((field.Attributes & System.Reflection.FieldAttributes.HasFieldRVA) != 0)
            {
                size += InitialDataSize(reader, field);
            }
        }

        foreach (var handle in reader.MethodDefinitions)
        {
            Add(reader.GetMethodDefinition(handle).Signature);
        }

        foreach (var handle in reader.MemberReferences)
        {
            Add(reader.GetMemberReference(handle).Signature);
        }

        for (var row = 1; row <= reader.GetTableRowCount(TableIndex.StandAloneSig); row++)
        {
            Add(reader.GetStandaloneSignature(MetadataTokens.StandaloneSignatureHandle(row)).Signature);
        }

        for (var row = 1; row <= reader.GetTableRowCount(TableIndex.TypeSpec); row++)
        {
            Add(reader.GetTypeSpecification(MetadataTokens.TypeSpecificationHandle(row)).Signature);
        }

        return size;
    }

    /// <summary>The size of an RVA field's data: the class size of its type (the compiler's <c>__StaticArrayInitTypeSize=N</c>).</summary>
    private static int InitialDataSize(MetadataReader reader, FieldDefinition field)
    {
        var signature = reader.GetBlobReader(field.Signature);
        signature.ReadSignatureHeader();
        var element = signature.ReadSignatureTypeCode();
        if (element != SignatureTypeCode.TypeHandle)
        {
            // A primitive (e.g. a long's 8 bytes): the blob's own size is a fair stand-in.
            return 8;
        }

        var type = signature.ReadTypeHandle();
        return type.Kind == HandleKind.TypeDefinition ? reader.GetTypeDefinition((TypeDefinitionHandle)type).GetLayout().Size : 0;
    }

    /// <summary>The IL of <paramref name="body"/> with nanoFramework's 2-byte tokens instead of 4-byte ones.</summary>
    private static int ByteCodeSize(MethodBodyBlock body)
    {
        var size = body.GetILReader().Length;
        foreach (var instruction in IlReader.Read(body))
        {
            if (instruction.OpCode.OperandType is OperandType.InlineField or OperandType.InlineMethod or OperandType.InlineSig
                or OperandType.InlineString or OperandType.InlineTok or OperandType.InlineType)
            {
                size -= 2;
            }
        }

        return size;
    }

    private static void AddAttributeStrings(MetadataReader reader, AttributeValueProvider provider, CustomAttributeHandleCollection handles, HashSet<string> strings)
    {
        foreach (var handle in handles)
        {
            var value = reader.GetCustomAttribute(handle).DecodeValue(provider);
            foreach (var argument in value.FixedArguments)
            {
                AddArgumentStrings(argument.Value, strings);
            }

            foreach (var argument in value.NamedArguments)
            {
                strings.Add(argument.Name ?? string.Empty);
                AddArgumentStrings(argument.Value, strings);
            }
        }
    }

    private static void AddArgumentStrings(object? value, HashSet<string> strings)
    {
        switch (value)
        {
            case string text:
                strings.Add(text);
                break;
            case IEnumerable<CustomAttributeTypedArgument<string>> elements:
                foreach (var element in elements)
                {
                    AddArgumentStrings(element.Value, strings);
                }

                break;
        }
    }

    private static void OverByte(List<string> over, int count, string what)
    {
        if (count > 0xFF)
        {
            over.Add($"{what}, over the 255 a .pe can hold");
        }
    }

    private static void OverBudget(List<string> over, string what, int bytes, int limit)
    {
        if (bytes > limit * Budget)
        {
            over.Add($"{what} takes about {bytes:N0} bytes, over {Budget * 100:F0} percent of the {limit:N0} a .pe can address: split the assembly (see README, \"Unit tests\")");
        }
    }
}
