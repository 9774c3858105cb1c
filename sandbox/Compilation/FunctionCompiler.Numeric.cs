using System.Reflection;
using System.Reflection.Emit;
using Plover.Sandbox.Execution;

namespace Plover.Sandbox.Compilation;

/// <summary>
/// Numeric instructions: plain IL where the CLR's semantics are wasm's, helpers where they are not
/// (traps, NaN rules, unsigned conversions). Shift counts are masked explicitly, since IL leaves
/// over-wide shifts unspecified.
/// </summary>
internal sealed partial class FunctionCompiler
{
    private void EmitNumeric(Opcode op, int operandCount, ValueKind result)
    {
        Materialize(operandCount);
        if (!EmitComparison(op) && !EmitIntegerOperation(op) && !EmitFloatOperation(op) && !EmitConversion(op))
            throw new InvalidOperationException($"compiler has no emission for numeric opcode {op}");
        Pop(operandCount);
        Push(result);
    }

    private void Emit(params OpCode[] codes)
    {
        foreach (OpCode code in codes) il.Emit(code);
    }

    private void EmitNegatedCompare(OpCode compare)
    {
        il.Emit(compare);
        il.Emit(OpCodes.Ldc_I4_0);
        il.Emit(OpCodes.Ceq);
    }

    private bool EmitComparison(Opcode op)
    {
        switch (op)
        {
            case Opcode.I32Eqz: Emit(OpCodes.Ldc_I4_0, OpCodes.Ceq); return true;
            case Opcode.I64Eqz: il.Emit(OpCodes.Ldc_I8, 0L); il.Emit(OpCodes.Ceq); return true;
            case Opcode.I32Eq or Opcode.I64Eq or Opcode.F32Eq or Opcode.F64Eq: il.Emit(OpCodes.Ceq); return true;
            case Opcode.I32Ne or Opcode.I64Ne or Opcode.F32Ne or Opcode.F64Ne: EmitNegatedCompare(OpCodes.Ceq); return true;
            case Opcode.I32LtS or Opcode.I64LtS or Opcode.F32Lt or Opcode.F64Lt: il.Emit(OpCodes.Clt); return true;
            case Opcode.I32LtU or Opcode.I64LtU: il.Emit(OpCodes.Clt_Un); return true;
            case Opcode.I32GtS or Opcode.I64GtS or Opcode.F32Gt or Opcode.F64Gt: il.Emit(OpCodes.Cgt); return true;
            case Opcode.I32GtU or Opcode.I64GtU: il.Emit(OpCodes.Cgt_Un); return true;
            case Opcode.I32LeS or Opcode.I64LeS: EmitNegatedCompare(OpCodes.Cgt); return true;
            case Opcode.I32LeU or Opcode.I64LeU: EmitNegatedCompare(OpCodes.Cgt_Un); return true;
            case Opcode.I32GeS or Opcode.I64GeS: EmitNegatedCompare(OpCodes.Clt); return true;
            case Opcode.I32GeU or Opcode.I64GeU: EmitNegatedCompare(OpCodes.Clt_Un); return true;
            // Float le/ge must be false on NaN: "not (greater or unordered)".
            case Opcode.F32Le or Opcode.F64Le: EmitNegatedCompare(OpCodes.Cgt_Un); return true;
            case Opcode.F32Ge or Opcode.F64Ge: EmitNegatedCompare(OpCodes.Clt_Un); return true;
            default: return false;
        }
    }

    private bool EmitIntegerOperation(Opcode op)
    {
        switch (op)
        {
            case Opcode.I32Add or Opcode.I64Add: il.Emit(OpCodes.Add); return true;
            case Opcode.I32Sub or Opcode.I64Sub: il.Emit(OpCodes.Sub); return true;
            case Opcode.I32Mul or Opcode.I64Mul: il.Emit(OpCodes.Mul); return true;
            case Opcode.I32And or Opcode.I64And: il.Emit(OpCodes.And); return true;
            case Opcode.I32Or or Opcode.I64Or: il.Emit(OpCodes.Or); return true;
            case Opcode.I32Xor or Opcode.I64Xor: il.Emit(OpCodes.Xor); return true;
            case Opcode.I32Shl: EmitShift(OpCodes.Shl, 31, wide: false); return true;
            case Opcode.I32ShrS: EmitShift(OpCodes.Shr, 31, wide: false); return true;
            case Opcode.I32ShrU: EmitShift(OpCodes.Shr_Un, 31, wide: false); return true;
            case Opcode.I64Shl: EmitShift(OpCodes.Shl, 63, wide: true); return true;
            case Opcode.I64ShrS: EmitShift(OpCodes.Shr, 63, wide: true); return true;
            case Opcode.I64ShrU: EmitShift(OpCodes.Shr_Un, 63, wide: true); return true;
            case Opcode.I32Rotl: EmitCall(RuntimeMembers.BitRotation("RotateLeft", typeof(uint))); return true;
            case Opcode.I32Rotr: EmitCall(RuntimeMembers.BitRotation("RotateRight", typeof(uint))); return true;
            case Opcode.I64Rotl: il.Emit(OpCodes.Conv_I4); EmitCall(RuntimeMembers.BitRotation("RotateLeft", typeof(ulong))); return true;
            case Opcode.I64Rotr: il.Emit(OpCodes.Conv_I4); EmitCall(RuntimeMembers.BitRotation("RotateRight", typeof(ulong))); return true;
            case Opcode.I32Clz: EmitCall(RuntimeMembers.BitOperation("LeadingZeroCount", typeof(uint))); return true;
            case Opcode.I32Ctz: EmitCall(RuntimeMembers.BitOperation("TrailingZeroCount", typeof(int))); return true;
            case Opcode.I32Popcnt: EmitCall(RuntimeMembers.BitOperation("PopCount", typeof(uint))); return true;
            case Opcode.I64Clz: EmitCall(RuntimeMembers.BitOperation("LeadingZeroCount", typeof(ulong))); il.Emit(OpCodes.Conv_I8); return true;
            case Opcode.I64Ctz: EmitCall(RuntimeMembers.BitOperation("TrailingZeroCount", typeof(long))); il.Emit(OpCodes.Conv_I8); return true;
            case Opcode.I64Popcnt: EmitCall(RuntimeMembers.BitOperation("PopCount", typeof(ulong))); il.Emit(OpCodes.Conv_I8); return true;
            case Opcode.I32DivS: EmitHelper(typeof(IntegerArithmetic), nameof(IntegerArithmetic.DivS32)); return true;
            case Opcode.I32DivU: EmitHelper(typeof(IntegerArithmetic), nameof(IntegerArithmetic.DivU32)); return true;
            case Opcode.I32RemS: EmitHelper(typeof(IntegerArithmetic), nameof(IntegerArithmetic.RemS32)); return true;
            case Opcode.I32RemU: EmitHelper(typeof(IntegerArithmetic), nameof(IntegerArithmetic.RemU32)); return true;
            case Opcode.I64DivS: EmitHelper(typeof(IntegerArithmetic), nameof(IntegerArithmetic.DivS64)); return true;
            case Opcode.I64DivU: EmitHelper(typeof(IntegerArithmetic), nameof(IntegerArithmetic.DivU64)); return true;
            case Opcode.I64RemS: EmitHelper(typeof(IntegerArithmetic), nameof(IntegerArithmetic.RemS64)); return true;
            case Opcode.I64RemU: EmitHelper(typeof(IntegerArithmetic), nameof(IntegerArithmetic.RemU64)); return true;
            case Opcode.I32Extend8S: il.Emit(OpCodes.Conv_I1); return true;
            case Opcode.I32Extend16S: il.Emit(OpCodes.Conv_I2); return true;
            case Opcode.I64Extend8S: Emit(OpCodes.Conv_I1, OpCodes.Conv_I8); return true;
            case Opcode.I64Extend16S: Emit(OpCodes.Conv_I2, OpCodes.Conv_I8); return true;
            case Opcode.I64Extend32S: Emit(OpCodes.Conv_I4, OpCodes.Conv_I8); return true;
            default: return false;
        }
    }

    private void EmitShift(OpCode shift, int mask, bool wide)
    {
        if (wide) il.Emit(OpCodes.Conv_I4);
        il.Emit(OpCodes.Ldc_I4, mask);
        il.Emit(OpCodes.And);
        il.Emit(shift);
    }

    private bool EmitFloatOperation(Opcode op)
    {
        switch (op)
        {
            case Opcode.F32Add or Opcode.F64Add: il.Emit(OpCodes.Add); return true;
            case Opcode.F32Sub or Opcode.F64Sub: il.Emit(OpCodes.Sub); return true;
            case Opcode.F32Mul or Opcode.F64Mul: il.Emit(OpCodes.Mul); return true;
            case Opcode.F32Div or Opcode.F64Div: il.Emit(OpCodes.Div); return true;
            case Opcode.F32Abs: EmitHelper(typeof(FloatArithmetic), nameof(FloatArithmetic.AbsF32)); return true;
            case Opcode.F64Abs: EmitHelper(typeof(FloatArithmetic), nameof(FloatArithmetic.AbsF64)); return true;
            case Opcode.F32Neg: EmitHelper(typeof(FloatArithmetic), nameof(FloatArithmetic.NegF32)); return true;
            case Opcode.F64Neg: EmitHelper(typeof(FloatArithmetic), nameof(FloatArithmetic.NegF64)); return true;
            case Opcode.F32Min: EmitHelper(typeof(FloatArithmetic), nameof(FloatArithmetic.MinF32)); return true;
            case Opcode.F32Max: EmitHelper(typeof(FloatArithmetic), nameof(FloatArithmetic.MaxF32)); return true;
            case Opcode.F64Min: EmitHelper(typeof(FloatArithmetic), nameof(FloatArithmetic.MinF64)); return true;
            case Opcode.F64Max: EmitHelper(typeof(FloatArithmetic), nameof(FloatArithmetic.MaxF64)); return true;
            case Opcode.F32Copysign: EmitHelper(typeof(FloatArithmetic), nameof(FloatArithmetic.CopysignF32)); return true;
            case Opcode.F64Copysign: EmitHelper(typeof(FloatArithmetic), nameof(FloatArithmetic.CopysignF64)); return true;
            case Opcode.F32Nearest: EmitHelper(typeof(FloatArithmetic), nameof(FloatArithmetic.NearestF32)); return true;
            case Opcode.F64Nearest: EmitHelper(typeof(FloatArithmetic), nameof(FloatArithmetic.NearestF64)); return true;
            case Opcode.F32Ceil: EmitCall(RuntimeMembers.Method(typeof(MathF), nameof(MathF.Ceiling), typeof(float))); return true;
            case Opcode.F32Floor: EmitCall(RuntimeMembers.Method(typeof(MathF), nameof(MathF.Floor), typeof(float))); return true;
            case Opcode.F32Trunc: EmitCall(RuntimeMembers.Method(typeof(MathF), nameof(MathF.Truncate), typeof(float))); return true;
            case Opcode.F32Sqrt: EmitCall(RuntimeMembers.Method(typeof(MathF), nameof(MathF.Sqrt), typeof(float))); return true;
            case Opcode.F64Ceil: EmitCall(RuntimeMembers.Method(typeof(Math), nameof(Math.Ceiling), typeof(double))); return true;
            case Opcode.F64Floor: EmitCall(RuntimeMembers.Method(typeof(Math), nameof(Math.Floor), typeof(double))); return true;
            case Opcode.F64Trunc: EmitCall(RuntimeMembers.Method(typeof(Math), nameof(Math.Truncate), typeof(double))); return true;
            case Opcode.F64Sqrt: EmitCall(RuntimeMembers.Method(typeof(Math), nameof(Math.Sqrt), typeof(double))); return true;
            default: return false;
        }
    }

    private bool EmitConversion(Opcode op)
    {
        switch (op)
        {
            case Opcode.I32WrapI64: il.Emit(OpCodes.Conv_I4); return true;
            case Opcode.I64ExtendI32S: il.Emit(OpCodes.Conv_I8); return true;
            case Opcode.I64ExtendI32U: il.Emit(OpCodes.Conv_U8); return true;
            case Opcode.F32ConvertI32S or Opcode.F32ConvertI64S or Opcode.F32DemoteF64: il.Emit(OpCodes.Conv_R4); return true;
            case Opcode.F64ConvertI32S or Opcode.F64ConvertI64S: il.Emit(OpCodes.Conv_R8); return true;
            case Opcode.F64PromoteF32:
                // Subtracting an opaque +0 keeps every value (including -0) and stops the JIT folding demote(promote(x)) to x.
                il.Emit(OpCodes.Conv_R8);
                il.Emit(OpCodes.Ldsfld, typeof(OpaqueFloats).GetField(nameof(OpaqueFloats.ZeroF64))!);
                il.Emit(OpCodes.Sub);
                return true;
            case Opcode.F32ConvertI32U: EmitHelper(typeof(NumericConversions), nameof(NumericConversions.U32ToF32)); return true;
            case Opcode.F32ConvertI64U: EmitHelper(typeof(NumericConversions), nameof(NumericConversions.U64ToF32)); return true;
            case Opcode.F64ConvertI32U: EmitHelper(typeof(NumericConversions), nameof(NumericConversions.U32ToF64)); return true;
            case Opcode.F64ConvertI64U: EmitHelper(typeof(NumericConversions), nameof(NumericConversions.U64ToF64)); return true;
            case Opcode.I32ReinterpretF32: EmitCall(RuntimeMembers.SingleToInt32Bits); return true;
            case Opcode.I64ReinterpretF64: EmitCall(RuntimeMembers.DoubleToInt64Bits); return true;
            case Opcode.F32ReinterpretI32: EmitCall(RuntimeMembers.Int32BitsToSingle); return true;
            case Opcode.F64ReinterpretI64: EmitCall(RuntimeMembers.Int64BitsToDouble); return true;
            default:
                string? helper = TruncationHelper(op);
                if (helper is null) return false;
                EmitHelper(typeof(NumericConversions), helper);
                return true;
        }
    }

    private static string? TruncationHelper(Opcode op) => op switch
    {
        Opcode.I32TruncF32S => nameof(NumericConversions.TruncF32ToI32),
        Opcode.I32TruncF32U => nameof(NumericConversions.TruncF32ToU32),
        Opcode.I32TruncF64S => nameof(NumericConversions.TruncF64ToI32),
        Opcode.I32TruncF64U => nameof(NumericConversions.TruncF64ToU32),
        Opcode.I64TruncF32S => nameof(NumericConversions.TruncF32ToI64),
        Opcode.I64TruncF32U => nameof(NumericConversions.TruncF32ToU64),
        Opcode.I64TruncF64S => nameof(NumericConversions.TruncF64ToI64),
        Opcode.I64TruncF64U => nameof(NumericConversions.TruncF64ToU64),
        Opcode.I32TruncSatF32S => nameof(NumericConversions.SatF32ToI32),
        Opcode.I32TruncSatF32U => nameof(NumericConversions.SatF32ToU32),
        Opcode.I32TruncSatF64S => nameof(NumericConversions.SatF64ToI32),
        Opcode.I32TruncSatF64U => nameof(NumericConversions.SatF64ToU32),
        Opcode.I64TruncSatF32S => nameof(NumericConversions.SatF32ToI64),
        Opcode.I64TruncSatF32U => nameof(NumericConversions.SatF32ToU64),
        Opcode.I64TruncSatF64S => nameof(NumericConversions.SatF64ToI64),
        Opcode.I64TruncSatF64U => nameof(NumericConversions.SatF64ToU64),
        _ => null,
    };

    private void EmitHelper(Type type, string name) => il.Emit(OpCodes.Call, RuntimeMembers.Method(type, name));

    private void EmitCall(MethodInfo method) => il.Emit(OpCodes.Call, method);
}
