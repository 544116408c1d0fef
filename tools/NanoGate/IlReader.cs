using System.Reflection.Emit;
using System.Reflection.Metadata;

namespace SiotThing.NanoGate;

/// <summary>Decodes a method body's IL into instructions, with operand sizes from .NET's own opcode table.</summary>
internal static class IlReader
{
    private static readonly Dictionary<ushort, OpCode> OpCodesByValue = typeof(OpCodes).GetFields()
        .Select(f => (OpCode)f.GetValue(null)!)
        .ToDictionary(o => (ushort)o.Value);

    /// <summary>The instructions of <paramref name="body"/>, in order; branch operands are target offsets.</summary>
    public static List<IlInstruction> Read(MethodBodyBlock body)
    {
        var instructions = new List<IlInstruction>();
        var il = body.GetILReader();
        while (il.RemainingBytes > 0)
        {
            var offset = il.Offset;
            int value = il.ReadByte();
            if (value == 0xFE)
            {
                value = 0xFE00 | il.ReadByte();
            }

            var opCode = OpCodesByValue[(ushort)value];
            long operand = opCode.OperandType switch
            {
                OperandType.InlineNone => 0,
                OperandType.ShortInlineBrTarget => il.ReadSByte(),
                OperandType.ShortInlineI => opCode == OpCodes.Ldc_I4_S ? il.ReadSByte() : il.ReadByte(),
                OperandType.ShortInlineVar => il.ReadByte(),
                OperandType.InlineVar => il.ReadUInt16(),
                OperandType.InlineI8 => il.ReadInt64(),
                OperandType.InlineR => (long)il.ReadDouble(),
                OperandType.ShortInlineR => (long)il.ReadSingle(),
                OperandType.InlineSwitch => SkipSwitch(ref il),
                _ => il.ReadInt32(),
            };
            if (opCode.OperandType is OperandType.ShortInlineBrTarget or OperandType.InlineBrTarget)
            {
                operand += il.Offset;
            }

            instructions.Add(new IlInstruction(offset, opCode, operand));
        }

        return instructions;
    }

    private static long SkipSwitch(ref BlobReader il)
    {
        var count = il.ReadInt32();
        il.Offset += 4 * count;
        return count;
    }
}
