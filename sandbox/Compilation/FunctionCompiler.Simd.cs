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
        if (simd.Form == SimdForm.Store) EmitV128StoreMark();
    }

    /// <summary>
    /// The effective address of a v128.store is on the IL stack: mark its pages unless it lies
    /// wholly in the page last marked by this function since its last call. Vectorised loops store
    /// to consecutive addresses, so most stores skip the two dirty-map writes for one compare.
    /// </summary>
    private void EmitV128StoreMark()
    {
        LocalBuilder effective = RentTemp(typeof(long));
        Label marked = il.DefineLabel();
        il.Emit(OpCodes.Stloc, effective);
        il.Emit(OpCodes.Ldloc, effective);
        il.Emit(OpCodes.Ldloc, markedPageNegated!);
        il.Emit(OpCodes.Add);
        il.Emit(OpCodes.Ldc_I8, SimdMemoryAccess.MarkedPageStoreSpan);
        il.Emit(OpCodes.Ble_Un, marked);
        il.Emit(OpCodes.Ldloc, effective);
        il.Emit(OpCodes.Ldloc, memoryBase!);
        EmitHelper(typeof(SimdMemoryAccess), nameof(SimdMemoryAccess.MarkV128Store));
        il.Emit(OpCodes.Stloc, markedPageNegated!);
        il.MarkLabel(marked);
        ReturnTemp(effective);
    }
}
