using System.Reflection.Metadata;
using System.Reflection.Metadata.Ecma335;

namespace SiotThing.NanoGate;

/// <summary>
/// Finds calls to String.IndexOf, String.IndexOfAny and String.Contains: on nanoFramework they
/// stop at the first character outside the BMP and answer "not found" (measured in the nanoCLR),
/// so a JID or a message with an emoji before the character sought is misread. Device code
/// searches through <c>SiotThing.Protocol.Text.Utf16.IndexOf</c>, which uses them only as a fast
/// path. The TestFramework stand-in (namespace nanoFramework.TestFramework) is left alone: on the
/// device the real TestFramework runs instead.
/// </summary>
public static class StringSearchRule
{
    /// <summary>The type whose methods may call the runtime's search.</summary>
    public const string AllowedType = "SiotThing.Protocol.Text.Utf16";

    private static readonly HashSet<string> Searches = new(StringComparer.Ordinal) { "IndexOf", "IndexOfAny", "Contains" };

    /// <summary>Adds a violation for each such call in one method's IL.</summary>
    internal static void Check(MetadataReader reader, GenericUseDetector detector, string typeName, string methodName, List<IlInstruction> instructions, List<NanoViolation> violations)
    {
        if (typeName == AllowedType || typeName.StartsWith("nanoFramework.TestFramework.", StringComparison.Ordinal))
        {
            return;
        }

        foreach (var instruction in instructions)
        {
            if (instruction.Code is not (ILOpCode.Call or ILOpCode.Callvirt))
            {
                continue;
            }

            var callee = MetadataTokens.EntityHandle((int)instruction.Operand);
            if (callee.Kind != HandleKind.MemberReference)
            {
                continue;
            }

            var member = reader.GetMemberReference((MemberReferenceHandle)callee);
            var name = reader.GetString(member.Name);
            if (member.Parent.Kind == HandleKind.TypeReference && Searches.Contains(name)
                && detector.FullName(reader.GetTypeReference((TypeReferenceHandle)member.Parent)) == "System.String")
            {
                violations.Add(new(NanoViolation.StringSearch,
                    $"method '{methodName}' calls String.{name}, which stops at the first character outside the BMP on nanoFramework: use {AllowedType}.IndexOf"));
            }
        }
    }
}
