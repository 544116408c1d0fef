using System.Reflection.Emit;
using System.Reflection.Metadata;
using System.Reflection.Metadata.Ecma335;

namespace SiotThing.NanoGate;

/// <summary>
/// Finds string arrays whose fresh elements are not null references on nanoFramework. Its
/// interpreter clears a new array of a class type to null objects, but a new <c>string[]</c> to
/// string slots with no text: a stored comparison with null is false there and comparing such a
/// string crashes the interpreter. (Measured in the nanoCLR: object[], Type[], Exception[],
/// delegate arrays, byte[][] and int[][] hold real nulls; Array.Clear on a string[] makes the same
/// slots again, so device code assigns null instead.) So a <c>newarr System.String</c> is allowed
/// only in <c>SiotThing.Protocol.Text.StringArrays.Create</c> (which assigns null to every
/// element) or as an initializer that stores every element straight away (what C# writes for
/// <c>new[] { "a", b }</c> and for a concatenation of many strings; C# leaves out stores of
/// null, so <c>new[] { "a", null }</c> is refused).
/// </summary>
public static class StringArrayRule
{
    /// <summary>The helper that may create string arrays.</summary>
    public const string AllowedCreator = "SiotThing.Protocol.Text.StringArrays.Create";

    /// <summary>Adds a violation for every other creation of a string array in one method's IL.</summary>
    internal static void Check(MetadataReader reader, GenericUseDetector detector, string methodName, List<IlInstruction> instructions, List<NanoViolation> violations)
    {
        for (var i = 0; i < instructions.Count; i++)
        {
            if (instructions[i].Code != ILOpCode.Newarr
                || !IsString(reader, detector, MetadataTokens.EntityHandle((int)instructions[i].Operand))
                || methodName == AllowedCreator || IsFullInitializer(reader, detector, instructions, i))
            {
                continue;
            }

            violations.Add(new(NanoViolation.UnclearedArray,
                $"method '{methodName}' creates a string[] whose elements are not null on nanoFramework until assigned: use {AllowedCreator} (or an initializer that sets every element)"));
        }
    }

    /// <summary>Whether <paramref name="element"/>, the operand of a newarr, is System.String.</summary>
    private static bool IsString(MetadataReader reader, GenericUseDetector detector, EntityHandle element) => element.Kind switch
    {
        HandleKind.TypeReference => detector.FullName(reader.GetTypeReference((TypeReferenceHandle)element)) == "System.String",
        HandleKind.TypeDefinition => detector.FullName(reader.GetTypeDefinition((TypeDefinitionHandle)element)) == "System.String",
        _ => false,
    };

    /// <summary>
    /// Whether the <c>newarr</c> at <paramref name="at"/> has a constant length n and is followed
    /// by stores to each of its elements 0 to n - 1: C#'s initializer <c>dup; ldc.i4 k; value;
    /// stelem.ref</c>, where the value may be any expression (a call, a nested array ...). The
    /// stack depth is followed so that a store inside a value is not taken for one of the array's.
    /// </summary>
    private static bool IsFullInitializer(MetadataReader reader, GenericUseDetector detector, List<IlInstruction> instructions, int at)
    {
        var length = at > 0 ? instructions[at - 1].Int32Constant : null;
        if (length is not int count)
        {
            return false;
        }

        var stored = new bool[count];
        var storedCount = 0;
        var element = -1;
        // The depth of the stack counted from the new array: 1 while only the array is there.
        var depth = 1;
        var depthAtTarget = new Dictionary<long, int>();
        for (var i = at + 1; i < instructions.Count && storedCount < count; i++)
        {
            var instruction = instructions[i];
            if (instructions[i - 1].EndsFlow && !depthAtTarget.TryGetValue(instruction.Offset, out depth))
            {
                return false;
            }

            if (depth == 1)
            {
                // Between two elements: either the next one starts (dup; ldc.i4 k) or the initializer is over.
                if (instruction.Code != ILOpCode.Dup || i + 1 == instructions.Count
                    || instructions[i + 1].Int32Constant is not int index || index < 0 || index >= count || stored[index])
                {
                    return false;
                }

                element = index;
            }

            depth += StackChange(reader, detector, instruction);
            if (depth < 1 || instruction.OpCode.FlowControl is FlowControl.Return or FlowControl.Throw)
            {
                return false;
            }

            if (instruction.OpCode.FlowControl is FlowControl.Branch or FlowControl.Cond_Branch)
            {
                depthAtTarget[instruction.Operand] = depth;
            }

            if (instruction.Code == ILOpCode.Stelem_ref && depth == 1)
            {
                stored[element] = true;
                storedCount++;
            }
        }

        return storedCount == count;
    }

    /// <summary>How an instruction changes the depth of the evaluation stack.</summary>
    private static int StackChange(MetadataReader reader, GenericUseDetector detector, IlInstruction instruction)
    {
        var opCode = instruction.OpCode;
        if (opCode == OpCodes.Call || opCode == OpCodes.Callvirt || opCode == OpCodes.Newobj)
        {
            var signature = MethodSignature(reader, detector, MetadataTokens.EntityHandle((int)instruction.Operand));
            var arguments = signature.ParameterTypes.Length;
            if (opCode == OpCodes.Newobj)
            {
                return 1 - arguments;
            }

            var returns = signature.ReturnType == nameof(PrimitiveTypeCode.Void) ? 0 : 1;
            return returns - arguments - (signature.Header.IsInstance ? 1 : 0);
        }

        return Count(opCode.StackBehaviourPush.ToString(), "push") - Count(opCode.StackBehaviourPop.ToString(), "pop");
    }

    /// <summary>How many values a stack behaviour such as <c>Popref_popi_popi</c> names (<c>Pop0</c>: none).</summary>
    private static int Count(string behaviour, string verb) =>
        behaviour.EndsWith('0') ? 0 : behaviour.Split('_').Count(part => part.StartsWith(verb, StringComparison.OrdinalIgnoreCase));

    private static MethodSignature<string> MethodSignature(MetadataReader reader, GenericUseDetector detector, EntityHandle method) => method.Kind switch
    {
        HandleKind.MethodDefinition => reader.GetMethodDefinition((MethodDefinitionHandle)method).DecodeSignature(detector, null),
        HandleKind.MemberReference => reader.GetMemberReference((MemberReferenceHandle)method).DecodeMethodSignature(detector, null),
        HandleKind.MethodSpecification => MethodSignature(reader, detector, reader.GetMethodSpecification((MethodSpecificationHandle)method).Method),
        _ => throw new BadImageFormatException($"a call to a {method.Kind}"),
    };
}
