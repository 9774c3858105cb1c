using System.Reflection.Emit;
using Plover.Sandbox.Decoding;
using Plover.Sandbox.Execution;

namespace Plover.Sandbox.Compilation;

/// <summary>
/// Loads, stores and the bulk memory instructions. Accesses call small inlined helpers that take
/// the operands, then the static offset, base and the limit for the access width, so the bounds
/// check is part of every access; stores are followed by their dirty mark.
/// </summary>
internal sealed partial class FunctionCompiler
{
    private void EmitMemoryAccess(in Instruction instruction, ValueKind type, int size)
    {
        bool store = OpcodeSignatures.IsStore(instruction.Opcode);
        LocalValue? address = stack[^(store ? 2 : 1)].Source;
        Materialize(store ? 2 : 1);
        if (store)
        {
            EmitStore(instruction.Opcode, size, (long)instruction.MemoryOffset, address);
            Pop(2);
            return;
        }
        il.Emit(OpCodes.Ldc_I8, (long)instruction.MemoryOffset);
        il.Emit(OpCodes.Ldloc, memoryBase!);
        EmitAccessLimit(size, (long)instruction.MemoryOffset, address);
        EmitHelper(typeof(MemoryAccess), AccessHelper(instruction.Opcode));
        switch (instruction.Opcode)
        {
            case Opcode.I64Load8S or Opcode.I64Load8U or Opcode.I64Load16S or Opcode.I64Load16U: il.Emit(OpCodes.Conv_I8); break;
        }
        Pop(1);
        Push(type);
    }

    /// <summary>
    /// Address and value are on the IL stack: narrows the value to the bytes stored, stores it
    /// through the <c>MemoryAccess.Store</c> overload of its type and marks its pages, every time
    /// (<see cref="MemoryAccess.Mark"/> says why).
    /// </summary>
    private void EmitStore(Opcode op, int size, long offset, LocalValue? address)
    {
        Type stored = op switch
        {
            Opcode.I32Store or Opcode.I64Store32 => typeof(int),
            Opcode.I64Store => typeof(long),
            Opcode.F32Store => typeof(float),
            Opcode.F64Store => typeof(double),
            Opcode.I32Store8 or Opcode.I64Store8 => typeof(byte),
            Opcode.I32Store16 or Opcode.I64Store16 => typeof(short),
            _ => throw new ArgumentOutOfRangeException(nameof(op), op, "not a store"),
        };
        switch (op)
        {
            case Opcode.I64Store32: il.Emit(OpCodes.Conv_I4); break;
            case Opcode.I32Store8 or Opcode.I64Store8: il.Emit(OpCodes.Conv_U1); break;
            case Opcode.I32Store16 or Opcode.I64Store16: il.Emit(OpCodes.Conv_I2); break;
        }
        il.Emit(OpCodes.Ldc_I8, offset);
        il.Emit(OpCodes.Ldloc, memoryBase!);
        EmitAccessLimit(size, offset, address);
        il.Emit(OpCodes.Call, RuntimeMembers.StoreOf[stored]);
        // The effective address is on the stack: mark its pages.
        il.Emit(OpCodes.Ldloc, memoryBase!);
        il.Emit(OpCodes.Ldc_I4, size);
        EmitHelper(typeof(MemoryAccess), nameof(MemoryAccess.Mark));
    }

    /// <summary>
    /// The effective address of a v128.store (<paramref name="width"/> bytes) is on the IL stack: mark
    /// its pages unless it lies wholly in the page this function marked last since its last call.
    /// Vectorised loops store to consecutive addresses, so most stores skip the two dirty-map writes
    /// for one compare.
    /// </summary>
    private void EmitStoreMark(int width)
    {
        LocalBuilder effective = RentTemp(typeof(long));
        Label marked = il.DefineLabel();
        il.Emit(OpCodes.Stloc, effective);
        il.Emit(OpCodes.Ldloc, effective);
        il.Emit(OpCodes.Ldloc, markedPageNegated!);
        il.Emit(OpCodes.Add);
        il.Emit(OpCodes.Ldc_I8, MemoryAccess.MarkedPageSpan(width));
        il.Emit(OpCodes.Ble_Un, marked);
        il.Emit(OpCodes.Ldloc, effective);
        il.Emit(OpCodes.Ldloc, memoryBase!);
        il.Emit(OpCodes.Ldc_I4, width);
        EmitHelper(typeof(MemoryAccess), nameof(MemoryAccess.MarkStore));
        il.Emit(OpCodes.Stloc, markedPageNegated!);
        // Not a wasm branch target: both paths come from this one store, so what is known holds.
        il.MarkLabel(marked);
        ReturnTemp(effective);
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
        _ => throw new ArgumentOutOfRangeException(nameof(op), op, "not a load"),
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
