using System.Reflection.Emit;
using System.Reflection.Metadata;

namespace SiotThing.NanoGate;

/// <summary>One decoded IL instruction.</summary>
/// <param name="Offset">Its offset in the method body.</param>
/// <param name="OpCode">The opcode, with its operand type and stack behaviour.</param>
/// <param name="Operand">A token, a constant, a local/argument index or a branch target offset; 0 when it has none.</param>
internal readonly record struct IlInstruction(int Offset, OpCode OpCode, long Operand)
{
    /// <summary>The opcode as System.Reflection.Metadata names it.</summary>
    public ILOpCode Code => (ILOpCode)(ushort)OpCode.Value;

    /// <summary>The constant an <c>ldc.i4</c> form pushes, or null for any other instruction.</summary>
    public int? Int32Constant => Code switch
    {
        >= ILOpCode.Ldc_i4_m1 and <= ILOpCode.Ldc_i4_8 => (int)Code - (int)ILOpCode.Ldc_i4_0,
        ILOpCode.Ldc_i4_s or ILOpCode.Ldc_i4 => (int)Operand,
        _ => null,
    };

    /// <summary>Whether the next instruction is reached only by a jump (br, ret, throw ...).</summary>
    public bool EndsFlow => OpCode.FlowControl is FlowControl.Branch or FlowControl.Return or FlowControl.Throw;
}
