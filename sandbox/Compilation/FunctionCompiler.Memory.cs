using System.Reflection.Emit;
using Plover.Sandbox.Decoding;
using Plover.Sandbox.Execution;

namespace Plover.Sandbox.Compilation;

/// <summary>
/// Loads, stores and the bulk memory instructions. Accesses call small inlined helpers that take
/// the operands, then the static offset, base and the limit for the access width, so the bounds
/// check and the dirty mark are part of every access and cannot be skipped.
/// </summary>
internal sealed partial class FunctionCompiler
{
    private void EmitMemoryAccess(in Instruction instruction, ValueKind type, int size)
    {
        bool store = OpcodeSignatures.IsStore(instruction.Opcode);
        LocalValue? address = stack[^(store ? 2 : 1)].Source;
        Materialize(store ? 2 : 1);
        il.Emit(OpCodes.Ldc_I8, (long)instruction.MemoryOffset);
        il.Emit(OpCodes.Ldloc, memoryBase!);
        EmitAccessLimit(size, (long)instruction.MemoryOffset, address);
        EmitHelper(typeof(MemoryAccess), AccessHelper(instruction.Opcode));
        switch (instruction.Opcode)
        {
            case Opcode.I64Load8S or Opcode.I64Load8U or Opcode.I64Load16S or Opcode.I64Load16U: il.Emit(OpCodes.Conv_I8); break;
        }
        Pop(store ? 2 : 1);
        if (!store) Push(type);
    }

    private static string AccessHelper(Opcode op) => op switch
    {
        Opcode.I32Load => nameof(MemoryAccess.LoadI32),
        Opcode.I64Load => nameof(MemoryAccess.LoadI64),
        Opcode.F32Load => nameof(MemoryAccess.LoadF32),
        Opcode.F64Load => nameof(MemoryAccess.LoadF64),
        Opcode.I32Load8S or Opcode.I64Load8S => nameof(MemoryAccess.LoadI8),
        Opcode.I32Load8U or Opcode.I64Load8U => nameof(MemoryAccess.LoadU8),
        Opcode.I32Load16S or Opcode.I64Load16S => nameof(MemoryAccess.LoadI16),
        Opcode.I32Load16U or Opcode.I64Load16U => nameof(MemoryAccess.LoadU16),
        Opcode.I64Load32S => nameof(MemoryAccess.LoadI32AsI64),
        Opcode.I64Load32U => nameof(MemoryAccess.LoadU32),
        Opcode.I32Store => nameof(MemoryAccess.StoreI32),
        Opcode.I64Store => nameof(MemoryAccess.StoreI64),
        Opcode.F32Store => nameof(MemoryAccess.StoreF32),
        Opcode.F64Store => nameof(MemoryAccess.StoreF64),
        Opcode.I32Store8 => nameof(MemoryAccess.StoreI8),
        Opcode.I32Store16 => nameof(MemoryAccess.StoreI16),
        Opcode.I64Store8 => nameof(MemoryAccess.StoreI64As8),
        Opcode.I64Store16 => nameof(MemoryAccess.StoreI64As16),
        Opcode.I64Store32 => nameof(MemoryAccess.StoreI64As32),
        _ => throw new ArgumentOutOfRangeException(nameof(op), op, "not a load or store"),
    };

    private bool EmitBulkMemory(in Instruction instruction)
    {
        switch (instruction.Opcode)
        {
            case Opcode.MemorySize:
                il.Emit(OpCodes.Ldloc, memoryLength!);
                il.Emit(OpCodes.Ldc_I4, 16);
                il.Emit(OpCodes.Shr);
                il.Emit(OpCodes.Conv_I4);
                Push(ValueKind.I32);
                return true;
            case Opcode.MemoryGrow:
                EmitRuntimeCall(typeof(BulkMemory), nameof(BulkMemory.Grow), operands: 1, ValueKind.I32);
                EmitReloadMemoryLength();
                return true;
            case Opcode.MemoryFill:
                EmitRuntimeCall(typeof(BulkMemory), nameof(BulkMemory.Fill), operands: 3, null);
                return true;
            case Opcode.MemoryCopy:
                EmitRuntimeCall(typeof(BulkMemory), nameof(BulkMemory.Copy), operands: 3, null);
                return true;
            case Opcode.MemoryInit:
                EmitRuntimeCall(typeof(BulkMemory), nameof(BulkMemory.Init), operands: 3, null, (int)instruction.Index);
                return true;
            case Opcode.DataDrop:
                EmitRuntimeCall(typeof(BulkMemory), nameof(BulkMemory.DataDrop), operands: 0, null, (int)instruction.Index);
                return true;
            default:
                return false;
        }
    }

    /// <summary>
    /// Calls a runtime helper with <paramref name="operands"/> wasm operands, then the given
    /// immediates, then the instance context; records its result, if any.
    /// </summary>
    private void EmitRuntimeCall(Type type, string name, int operands, ValueKind? result, params int[] immediates)
    {
        Materialize(operands);
        foreach (int immediate in immediates) il.Emit(OpCodes.Ldc_I4, immediate);
        EmitContext();
        EmitHelper(type, name);
        Pop(operands);
        if (result is ValueKind produced) Push(produced);
    }
}
