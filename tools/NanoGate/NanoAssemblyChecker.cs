using System.Reflection.Metadata;
using System.Reflection.Metadata.Ecma335;
using System.Reflection.PortableExecutable;

namespace SiotThing.NanoGate;

/// <summary>
/// Reads an assembly's metadata and lists what the nanoFramework v1 interpreter cannot run:
/// generics in any form (definitions, instantiations, references to generic types such as
/// <c>Action`1</c>, generic parameters in signatures), references to assemblies outside an
/// allowed set, a core library other than nanoFramework's mscorlib, arrays whose fresh
/// elements are not null there (<see cref="StringArrayRule"/>), string searches it gets wrong
/// (<see cref="StringSearchRule"/>), and more than a .pe can hold (<see cref="PeFigures"/>).
/// </summary>
public static class NanoAssemblyChecker
{
    /// <summary>The public key token of nanoFramework's mscorlib (CoreLibrary package).</summary>
    public const string NanoCoreLibraryPublicKeyToken = "c07d481e9758c731";

    /// <summary>Checks an already opened assembly.</summary>
    /// <param name="pe">The assembly.</param>
    /// <param name="allowedReferences">Names of the assemblies it may reference besides mscorlib.</param>
    /// <returns>Every violation found; empty when the assembly is fit for nanoFramework.</returns>
    public static IReadOnlyList<NanoViolation> Check(PEReader pe, IEnumerable<string> allowedReferences) =>
        Check(pe, allowedReferences, PeFigures.Measure(pe));

    /// <summary>Checks an already opened and measured assembly.</summary>
    /// <param name="pe">The assembly.</param>
    /// <param name="allowedReferences">Names of the assemblies it may reference besides mscorlib.</param>
    /// <param name="figures">What it takes of the .pe limits (<see cref="PeFigures.Measure"/>).</param>
    /// <returns>Every violation found; empty when the assembly is fit for nanoFramework.</returns>
    public static IReadOnlyList<NanoViolation> Check(PEReader pe, IEnumerable<string> allowedReferences, PeFigures figures)
    {
        var reader = pe.GetMetadataReader();
        var violations = new List<NanoViolation>();
        var detector = new GenericUseDetector(reader);
        CheckReferences(reader, new HashSet<string>(allowedReferences, StringComparer.Ordinal), violations);
        CheckDefinitions(reader, detector, violations);
        CheckTypeReferences(reader, detector, violations);
        CheckSignatures(reader, detector, violations);
        CheckMethodBodies(pe, reader, detector, violations);
        violations.AddRange(figures.OverLimits.Select(over => new NanoViolation(NanoViolation.OverPeLimit, over)));
        return violations;
    }

    private static void CheckReferences(MetadataReader reader, HashSet<string> allowed, List<NanoViolation> violations)
    {
        foreach (var handle in reader.AssemblyReferences)
        {
            var reference = reader.GetAssemblyReference(handle);
            var name = reader.GetString(reference.Name);
            if (name == "mscorlib")
            {
                var token = Convert.ToHexString(reader.GetBlobBytes(reference.PublicKeyOrToken)).ToLowerInvariant();
                if (token != NanoCoreLibraryPublicKeyToken)
                {
                    violations.Add(new(NanoViolation.WrongCoreLibrary,
                        $"references mscorlib {reference.Version} with public key token '{token}', not nanoFramework's mscorlib ({NanoCoreLibraryPublicKeyToken})"));
                }
            }
            else if (!allowed.Contains(name))
            {
                violations.Add(new(NanoViolation.ForeignAssembly,
                    $"references assembly '{name}', which is not available to this nanoFramework assembly (allowed: mscorlib{string.Concat(allowed.Order().Select(a => ", " + a))})"));
            }
        }
    }

    private static void CheckDefinitions(MetadataReader reader, GenericUseDetector detector, List<NanoViolation> violations)
    {
        foreach (var typeHandle in reader.TypeDefinitions)
        {
            var type = reader.GetTypeDefinition(typeHandle);
            var typeName = detector.FullName(type);
            if (type.GetGenericParameters().Count > 0)
            {
                violations.Add(new(NanoViolation.GenericDefinition, $"defines generic type '{typeName}'"));
            }

            foreach (var methodHandle in type.GetMethods())
            {
                var method = reader.GetMethodDefinition(methodHandle);
                if (method.GetGenericParameters().Count > 0)
                {
                    violations.Add(new(NanoViolation.GenericDefinition,
                        $"defines generic method '{typeName}.{reader.GetString(method.Name)}'"));
                }
            }
        }
    }

    private static void CheckTypeReferences(MetadataReader reader, GenericUseDetector detector, List<NanoViolation> violations)
    {
        foreach (var handle in reader.TypeReferences)
        {
            var name = detector.FullName(reader.GetTypeReference(handle));
            // C# names every generic type with its arity after a backtick (Action`1).
            if (name.Contains('`'))
            {
                violations.Add(new(NanoViolation.GenericUse, $"references generic type '{name}'"));
            }
        }

        for (var row = 1; row <= reader.GetTableRowCount(TableIndex.MethodSpec); row++)
        {
            var spec = reader.GetMethodSpecification(MetadataTokens.MethodSpecificationHandle(row));
            violations.Add(new(NanoViolation.GenericUse, $"instantiates generic method '{MemberName(reader, detector, spec.Method)}'"));
        }
    }

    private static void CheckSignatures(MetadataReader reader, GenericUseDetector detector, List<NanoViolation> violations)
    {
        void Decode(string what, Func<string> decode)
        {
            detector.SawGenerics = false;
            var decoded = decode();
            if (detector.SawGenerics)
            {
                violations.Add(new(NanoViolation.GenericUse, $"{what} uses generic type '{decoded}'"));
            }
        }

        for (var row = 1; row <= reader.GetTableRowCount(TableIndex.TypeSpec); row++)
        {
            var handle = MetadataTokens.TypeSpecificationHandle(row);
            Decode("a type specification", () => reader.GetTypeSpecification(handle).DecodeSignature(detector, null));
        }

        foreach (var typeHandle in reader.TypeDefinitions)
        {
            var type = reader.GetTypeDefinition(typeHandle);
            var typeName = detector.FullName(type);
            foreach (var fieldHandle in type.GetFields())
            {
                var field = reader.GetFieldDefinition(fieldHandle);
                Decode($"field '{typeName}.{reader.GetString(field.Name)}'", () => field.DecodeSignature(detector, null));
            }

            foreach (var methodHandle in type.GetMethods())
            {
                var method = reader.GetMethodDefinition(methodHandle);
                Decode($"method '{typeName}.{reader.GetString(method.Name)}'",
                    () => Describe(method.DecodeSignature(detector, null)));
            }

            foreach (var propertyHandle in type.GetProperties())
            {
                var property = reader.GetPropertyDefinition(propertyHandle);
                Decode($"property '{typeName}.{reader.GetString(property.Name)}'",
                    () => Describe(property.DecodeSignature(detector, null)));
            }
        }

        foreach (var handle in reader.MemberReferences)
        {
            var member = reader.GetMemberReference(handle);
            Decode($"reference to '{MemberName(reader, detector, handle)}'", () => member.GetKind() == MemberReferenceKind.Field
                ? member.DecodeFieldSignature(detector, null)
                : Describe(member.DecodeMethodSignature(detector, null)));
        }

        for (var row = 1; row <= reader.GetTableRowCount(TableIndex.StandAloneSig); row++)
        {
            var signature = reader.GetStandaloneSignature(MetadataTokens.StandaloneSignatureHandle(row));
            Decode("a local variable", () => signature.GetKind() == StandaloneSignatureKind.LocalVariables
                ? string.Join(",", signature.DecodeLocalSignature(detector, null))
                : Describe(signature.DecodeMethodSignature(detector, null)));
        }
    }

    /// <summary>The rules that read IL: each method body is decoded once for all of them.</summary>
    private static void CheckMethodBodies(PEReader pe, MetadataReader reader, GenericUseDetector detector, List<NanoViolation> violations)
    {
        foreach (var typeHandle in reader.TypeDefinitions)
        {
            var type = reader.GetTypeDefinition(typeHandle);
            var typeName = detector.FullName(type);
            foreach (var methodHandle in type.GetMethods())
            {
                var method = reader.GetMethodDefinition(methodHandle);
                if (method.RelativeVirtualAddress == 0)
                {
                    continue;
                }

                var methodName = typeName + "." + reader.GetString(method.Name);
                var instructions = IlReader.Read(pe.GetMethodBody(method.RelativeVirtualAddress));
                StringArrayRule.Check(reader, detector, methodName, instructions, violations);
                StringSearchRule.Check(reader, detector, typeName, methodName, instructions, violations);
            }
        }
    }

    private static string Describe(MethodSignature<string> signature) =>
        signature.ReturnType + "(" + string.Join(",", signature.ParameterTypes) + ")";

    private static string MemberName(MetadataReader reader, GenericUseDetector detector, EntityHandle handle)
    {
        switch (handle.Kind)
        {
            case HandleKind.MethodDefinition:
                var method = reader.GetMethodDefinition((MethodDefinitionHandle)handle);
                return detector.FullName(reader.GetTypeDefinition(method.GetDeclaringType())) + "." + reader.GetString(method.Name);
            case HandleKind.MemberReference:
                var member = reader.GetMemberReference((MemberReferenceHandle)handle);
                var parent = member.Parent.Kind switch
                {
                    HandleKind.TypeReference => detector.FullName(reader.GetTypeReference((TypeReferenceHandle)member.Parent)),
                    HandleKind.TypeDefinition => detector.FullName(reader.GetTypeDefinition((TypeDefinitionHandle)member.Parent)),
                    HandleKind.TypeSpecification => reader.GetTypeSpecification((TypeSpecificationHandle)member.Parent).DecodeSignature(detector, null),
                    _ => "?",
                };
                return parent + "." + reader.GetString(member.Name);
            default:
                return handle.Kind.ToString();
        }
    }
}
