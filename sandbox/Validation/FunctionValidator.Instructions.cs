using Plover.Sandbox.Decoding;

namespace Plover.Sandbox.Validation;

internal sealed partial class FunctionValidator
{
    private void Check(in Instruction instruction)
    {
        Opcode op = instruction.Opcode;
        if (op.IsSimd())
        {
            CheckSimd(instruction);
            return;
        }
        if (OpcodeSignatures.TryGetNumeric(op, out ValueKind operand, out int count, out ValueKind result))
        {
            for (int i = 0; i < count; i++) PopOperand(operand);
            PushOperand(result);
            return;
        }
        if (OpcodeSignatures.TryGetMemoryAccess(op, out ValueKind accessType, out int size))
        {
            CheckMemoryAccess(instruction, accessType, size);
            return;
        }
        switch (op)
        {
            case Opcode.I32Const: PushOperand(ValueKind.I32); break;
            case Opcode.I64Const: PushOperand(ValueKind.I64); break;
            case Opcode.F32Const: PushOperand(ValueKind.F32); break;
            case Opcode.F64Const: PushOperand(ValueKind.F64); break;
            case Opcode.Nop: break;
            case Opcode.Unreachable: MarkUnreachable(); break;
            case Opcode.Drop: PopOperand(); break;
            case Opcode.Select: CheckSelect(); break;
            case Opcode.SelectTyped: CheckSelectTyped(instruction); break;
            case Opcode.LocalGet: PushOperand(LocalAt(instruction.Index)); break;
            case Opcode.LocalSet: PopOperand(LocalAt(instruction.Index)); break;
            case Opcode.LocalTee:
            {
                ValueKind type = LocalAt(instruction.Index);
                PopOperand(type);
                PushOperand(type);
                break;
            }
            case Opcode.GlobalGet: PushOperand(GlobalAt(instruction.Index).ValueKind); break;
            case Opcode.GlobalSet:
            {
                GlobalType global = GlobalAt(instruction.Index);
                if (!global.Mutable) throw Invalid("global is immutable");
                PopOperand(global.ValueKind);
                break;
            }
            default:
                if (!CheckControl(instruction) && !CheckReferenceOrTable(instruction) && !CheckBulkMemory(instruction))
                    throw Invalid($"unhandled opcode {op}");
                break;
        }
    }

    private void CheckMemoryAccess(in Instruction instruction, ValueKind type, int size)
    {
        CheckMemoryArgument(instruction, size);
        if (OpcodeSignatures.IsStore(instruction.Opcode))
        {
            PopOperand(type);
            PopOperand(ValueKind.I32);
        }
        else
        {
            PopOperand(ValueKind.I32);
            PushOperand(type);
        }
    }

    private void CheckMemoryArgument(in Instruction instruction, int size)
    {
        RequireMemory();
        accessSizes |= size;
        if (instruction.AlignmentExponent >= 32 || (1L << (int)instruction.AlignmentExponent) > size)
            throw Invalid("alignment must not be larger than natural");
    }

    private void CheckSimd(in Instruction instruction)
    {
        SimdInstruction simd = SimdInstructions.Of(instruction.Opcode);
        usesSimd = true;
        if (simd.Form is SimdForm.Load or SimdForm.Store or SimdForm.LoadLane or SimdForm.StoreLane) CheckMemoryArgument(instruction, simd.AccessBytes);
        if (simd.Form is SimdForm.Lane or SimdForm.LoadLane or SimdForm.StoreLane && instruction.Lane >= simd.Lanes)
            throw Invalid($"invalid lane index {instruction.Lane} ({simd.Name} has {simd.Lanes} lanes)");
        if (simd.Form == SimdForm.Shuffle) CheckShuffleLanes(instruction);
        PopOperands(simd.Operands);
        if (simd.Result is ValueKind result) PushOperand(result);
    }

    private void CheckShuffleLanes(in Instruction instruction)
    {
        for (int i = 0; i < 16; i++)
        {
            long half = i < 8 ? instruction.Bits : instruction.Bits2;
            int lane = (int)((ulong)half >> (8 * (i % 8))) & 0xFF;
            if (lane >= 32) throw Invalid($"invalid lane index {lane} (i8x16.shuffle selects from 32 lanes)");
        }
    }

    private void CheckSelect()
    {
        PopOperand(ValueKind.I32);
        ValueKind first = PopOperand();
        ValueKind second = PopOperand();
        if (first.IsReference() || second.IsReference()) throw Invalid("type mismatch (untyped select on reference types)");
        if (first != second && first != Unknown && second != Unknown) throw Invalid($"type mismatch (select of {first.Name()} and {second.Name()})");
        PushOperand(first == Unknown ? second : first);
    }

    private void CheckSelectTyped(in Instruction instruction)
    {
        if (instruction.Index != 1) throw Invalid("invalid result arity");
        PopOperand(ValueKind.I32);
        PopOperand(instruction.Type);
        PopOperand(instruction.Type);
        PushOperand(instruction.Type);
    }

    private bool CheckControl(in Instruction instruction)
    {
        switch (instruction.Opcode)
        {
            case Opcode.Block or Opcode.Loop:
            {
                var (start, end) = ResolveBlockType(instruction.Block);
                PopOperands(start);
                PushControl(instruction.Opcode, start, end);
                return true;
            }
            case Opcode.If:
            {
                var (start, end) = ResolveBlockType(instruction.Block);
                PopOperand(ValueKind.I32);
                PopOperands(start);
                PushControl(Opcode.If, start, end);
                return true;
            }
            case Opcode.Else:
            {
                if (controls.Count == 0 || controls[^1].Kind != Opcode.If) throw Invalid("else without matching if");
                ControlFrame frame = PopControl();
                PushControl(Opcode.Else, frame.Start, frame.End);
                return true;
            }
            case Opcode.End:
            {
                ControlFrame frame = PopControl();
                if (frame.Kind == Opcode.If && !SameTypes(frame.Start, frame.End))
                    throw Invalid("type mismatch (if without else must leave its parameters as its results)");
                if (controls.Count > 0) PushOperands(frame.End);
                return true;
            }
            case Opcode.Br:
                PopOperands(Label(instruction.Index).LabelTypes);
                MarkUnreachable();
                return true;
            case Opcode.BrIf:
            {
                ValueKind[] types = Label(instruction.Index).LabelTypes;
                PopOperand(ValueKind.I32);
                PopOperands(types);
                PushOperands(types);
                return true;
            }
            case Opcode.BrTable: CheckBrTable(instruction.Targets!); return true;
            case Opcode.Return:
                PopOperands(returnTypes);
                MarkUnreachable();
                return true;
            case Opcode.Call:
            {
                FuncType type = FunctionTypeAt(instruction.Index);
                hasCalls = true;
                PopOperands(type.Parameters);
                PushOperands(type.Results);
                return true;
            }
            case Opcode.CallIndirect: CheckCallIndirect(instruction); return true;
            default: return false;
        }
    }

    private void CheckBrTable(uint[] targets)
    {
        PopOperand(ValueKind.I32);
        ValueKind[] defaultTypes = Label(targets[^1]).LabelTypes;
        int arity = defaultTypes.Length;
        for (int i = 0; i < targets.Length - 1; i++)
        {
            ValueKind[] types = Label(targets[i]).LabelTypes;
            if (types.Length != arity) throw Invalid("type mismatch (br_table targets of different arity)");
            // Pop and re-push so each target's types are checked against the same operands.
            var popped = new ValueKind[arity];
            for (int k = arity - 1; k >= 0; k--) popped[k] = PopOperand(types[k]);
            for (int k = 0; k < arity; k++) PushOperand(popped[k]);
        }
        PopOperands(defaultTypes);
        MarkUnreachable();
    }

    private void CheckCallIndirect(in Instruction instruction)
    {
        TableType table = TableAt(instruction.Index2);
        if (table.ElementType != ValueKind.FuncRef) throw Invalid("type mismatch (call_indirect on a table that is not funcref)");
        if (instruction.Index >= module.Types.Count) throw Invalid($"unknown type {instruction.Index}");
        FuncType type = module.Types[(int)instruction.Index];
        hasCalls = true;
        PopOperand(ValueKind.I32);
        PopOperands(type.Parameters);
        PushOperands(type.Results);
    }

    private static bool SameTypes(ValueKind[] a, ValueKind[] b) => a.AsSpan().SequenceEqual(b);
}
