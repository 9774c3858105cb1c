using System.Reflection.Emit;
using Plover.Sandbox.Decoding;
using Plover.Sandbox.Execution;

namespace Plover.Sandbox.Compilation;

/// <summary>Constants, locals, globals, drop and select, references and table instructions.</summary>
internal sealed partial class FunctionCompiler
{
    private bool EmitVariable(in Instruction instruction)
    {
        switch (instruction.Opcode)
        {
            case Opcode.I32Const: il.Emit(OpCodes.Ldc_I4, (int)instruction.Bits); Push(ValueKind.I32); return true;
            case Opcode.I64Const: il.Emit(OpCodes.Ldc_I8, instruction.Bits); Push(ValueKind.I64); return true;
            case Opcode.F32Const: EmitF32Constant((int)instruction.Bits); Push(ValueKind.F32); return true;
            case Opcode.F64Const: EmitF64Constant(instruction.Bits); Push(ValueKind.F64); return true;
            case Opcode.LocalGet:
                EmitLoadLocal((int)instruction.Index);
                Push(localTypes[instruction.Index]);
                stack[^1] = stack[^1] with { Source = CurrentValueOf((int)instruction.Index) };
                return true;
            case Opcode.LocalSet:
                Materialize(1);
                EmitStoreLocal((int)instruction.Index);
                Pop(1);
                NoteLocalWritten((int)instruction.Index);
                return true;
            case Opcode.LocalTee:
                Materialize(1);
                il.Emit(OpCodes.Dup);
                EmitStoreLocal((int)instruction.Index);
                NoteLocalWritten((int)instruction.Index);
                stack[^1] = stack[^1] with { Source = CurrentValueOf((int)instruction.Index) };
                return true;
            case Opcode.GlobalGet: EmitGlobalGet((int)instruction.Index); return true;
            case Opcode.GlobalSet: EmitGlobalSet((int)instruction.Index); return true;
            case Opcode.Drop: DiscardTop(); return true;
            case Opcode.Select or Opcode.SelectTyped: EmitSelect(); return true;
            default: return false;
        }
    }

    private void EmitF32Constant(int bits)
    {
        float value = BitConverter.Int32BitsToSingle(bits);
        if (OpaqueFloats.FieldForF32(bits) is string field) il.Emit(OpCodes.Ldsfld, typeof(OpaqueFloats).GetField(field)!);
        else if (float.IsNaN(value))
        {
            il.Emit(OpCodes.Ldc_I4, bits);
            EmitHelper(typeof(OpaqueFloats), nameof(OpaqueFloats.F32FromBits));
        }
        else il.Emit(OpCodes.Ldc_R4, value);
    }

    private void EmitF64Constant(long bits)
    {
        double value = BitConverter.Int64BitsToDouble(bits);
        if (OpaqueFloats.FieldForF64(bits) is string field) il.Emit(OpCodes.Ldsfld, typeof(OpaqueFloats).GetField(field)!);
        else if (double.IsNaN(value))
        {
            il.Emit(OpCodes.Ldc_I8, bits);
            EmitHelper(typeof(OpaqueFloats), nameof(OpaqueFloats.F64FromBits));
        }
        else il.Emit(OpCodes.Ldc_R8, value);
    }

    private void EmitLoadLocal(int index)
    {
        if (localSlots[index] is LocalBuilder local) il.Emit(OpCodes.Ldloc, local);
        else il.Emit(OpCodes.Ldarg, index);
    }

    private void EmitStoreLocal(int index)
    {
        if (localSlots[index] is LocalBuilder local) il.Emit(OpCodes.Stloc, local);
        else il.Emit(OpCodes.Starg, index);
    }

    private void EmitGlobalGet(int index)
    {
        ValueKind type = module.GlobalSpace[index].ValueKind;
        EmitLoadGlobalObject(index);
        switch (type)
        {
            case ValueKind.I32: il.Emit(OpCodes.Ldfld, RuntimeMembers.GlobalBits); il.Emit(OpCodes.Conv_I4); break;
            case ValueKind.I64: il.Emit(OpCodes.Ldfld, RuntimeMembers.GlobalBits); break;
            case ValueKind.F32: EmitHelper(typeof(GlobalAccess), nameof(GlobalAccess.GetF32)); break;
            case ValueKind.F64: EmitHelper(typeof(GlobalAccess), nameof(GlobalAccess.GetF64)); break;
            case ValueKind.V128: EmitHelper(typeof(GlobalAccess), nameof(GlobalAccess.GetV128)); break;
            default: il.Emit(OpCodes.Ldfld, RuntimeMembers.GlobalReference); break;
        }
        Push(type);
    }

    private void EmitGlobalSet(int index)
    {
        ValueKind type = module.GlobalSpace[index].ValueKind;
        Materialize(1);
        EmitLoadGlobalObject(index);
        EmitHelper(typeof(GlobalAccess), type switch
        {
            ValueKind.I32 => nameof(GlobalAccess.SetI32),
            ValueKind.I64 => nameof(GlobalAccess.SetI64),
            ValueKind.F32 => nameof(GlobalAccess.SetF32),
            ValueKind.F64 => nameof(GlobalAccess.SetF64),
            ValueKind.V128 => nameof(GlobalAccess.SetV128),
            _ => nameof(GlobalAccess.SetRef),
        });
        Pop(1);
    }

    /// <summary>
    /// Loads the <see cref="Global"/> object from the context at each use rather than caching it for
    /// the whole function: globals (the shadow stack pointer above all) are used at function entry
    /// and exit, and a cached object would hold a register through every loop in between.
    /// </summary>
    private void EmitLoadGlobalObject(int index)
    {
        EmitContext();
        il.Emit(OpCodes.Ldfld, RuntimeMembers.ContextGlobals);
        il.Emit(OpCodes.Ldc_I4, index);
        il.Emit(OpCodes.Ldelem_Ref);
    }

    private void EmitSelect()
    {
        ValueKind type = stack[^2].Type;
        Materialize(3);
        EmitHelper(typeof(Selection), type switch
        {
            ValueKind.I32 => nameof(Selection.SelectI32),
            ValueKind.I64 => nameof(Selection.SelectI64),
            ValueKind.F32 => nameof(Selection.SelectF32),
            ValueKind.F64 => nameof(Selection.SelectF64),
            ValueKind.V128 => nameof(Selection.SelectV128),
            _ => nameof(Selection.SelectRef),
        });
        Pop(3);
        Push(type);
    }

    private bool EmitReferenceOrTable(in Instruction instruction)
    {
        int index = (int)instruction.Index;
        switch (instruction.Opcode)
        {
            case Opcode.RefNull: il.Emit(OpCodes.Ldnull); Push(instruction.Type); return true;
            case Opcode.RefIsNull:
                Materialize(1);
                il.Emit(OpCodes.Ldnull);
                il.Emit(OpCodes.Ceq);
                Pop(1);
                Push(ValueKind.I32);
                return true;
            case Opcode.RefFunc:
                EmitContext();
                il.Emit(OpCodes.Ldfld, RuntimeMembers.ContextFunctions);
                il.Emit(OpCodes.Ldc_I4, index);
                il.Emit(OpCodes.Ldelem_Ref);
                Push(ValueKind.FuncRef);
                return true;
            case Opcode.TableGet:
                EmitRuntimeCall(typeof(TableInstructions), nameof(TableInstructions.Get), 1, module.TableSpace[index].ElementType, index);
                return true;
            case Opcode.TableSet: EmitRuntimeCall(typeof(TableInstructions), nameof(TableInstructions.Set), 2, null, index); return true;
            case Opcode.TableSize: EmitRuntimeCall(typeof(TableInstructions), nameof(TableInstructions.Size), 0, ValueKind.I32, index); return true;
            case Opcode.TableGrow: EmitRuntimeCall(typeof(TableInstructions), nameof(TableInstructions.Grow), 2, ValueKind.I32, index); return true;
            case Opcode.TableFill: EmitRuntimeCall(typeof(TableInstructions), nameof(TableInstructions.Fill), 3, null, index); return true;
            case Opcode.TableCopy:
                EmitRuntimeCall(typeof(TableInstructions), nameof(TableInstructions.Copy), 3, null, index, (int)instruction.Index2);
                return true;
            case Opcode.TableInit:
                EmitRuntimeCall(typeof(TableInstructions), nameof(TableInstructions.Init), 3, null, index, (int)instruction.Index2);
                return true;
            case Opcode.ElemDrop: EmitRuntimeCall(typeof(TableInstructions), nameof(TableInstructions.ElemDrop), 0, null, index); return true;
            default: return false;
        }
    }
}
