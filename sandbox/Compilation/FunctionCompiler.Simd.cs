using System.Reflection.Emit;
using Plover.Sandbox.Decoding;
using Plover.Sandbox.Execution;

namespace Plover.Sandbox.Compilation;

/// <summary>
/// SIMD instructions: each is a call to its inlined helper in <see cref="SimdOperations"/> or
/// <see cref="SimdMemoryAccess"/>, with immediates (lane index, constant bytes, shuffle lanes) passed
/// as IL constants so the JIT folds them into the instruction it picks.
/// </summary>
internal sealed partial class FunctionCompiler
{
    private void EmitSimd(in Instruction instruction)
    {
        SimdInstruction simd = SimdInstructions.Of(instruction.Opcode);
        int operands = simd.Operands.Length;
        LocalValue? firstOperand = operands > 0 ? stack[^operands].Source : null;
        Materialize(operands);
        switch (simd.Form)
        {
            case SimdForm.Constant or SimdForm.Shuffle:
                il.Emit(OpCodes.Ldc_I8, instruction.Bits);
                il.Emit(OpCodes.Ldc_I8, instruction.Bits2);
                EmitHelper(typeof(SimdOperations), simd.HelperName);
                break;
            case SimdForm.Lane:
                il.Emit(OpCodes.Ldc_I4, (int)instruction.Lane);
                EmitHelper(typeof(SimdOperations), simd.HelperName);
                break;
            case SimdForm.Plain:
                EmitHelper(typeof(SimdOperations), simd.HelperName);
                break;
            default:
                EmitSimdMemoryAccess(instruction, simd, firstOperand);
                break;
        }
        Pop(operands);
        if (simd.Result is ValueKind result) Push(result);
    }

    /// <summary>Operands are on the IL stack, the address first; adds the static offset, base and limit (and lane), as scalar accesses do.</summary>
    private void EmitSimdMemoryAccess(in Instruction instruction, SimdInstruction simd, LocalValue? address)
    {
        il.Emit(OpCodes.Ldc_I8, (long)instruction.MemoryOffset);
        il.Emit(OpCodes.Ldloc, memoryBase!);
        EmitAccessLimit(simd.AccessBytes, (long)instruction.MemoryOffset, address);
        if (simd.Form is SimdForm.LoadLane or SimdForm.StoreLane) il.Emit(OpCodes.Ldc_I4, (int)instruction.Lane);
        EmitHelper(typeof(SimdMemoryAccess), simd.HelperName);
        if (simd.Form == SimdForm.Store) EmitStoreMark(16);
    }
}
