using Plover.Sandbox.Decoding;

namespace Plover.Sandbox.Validation;

internal sealed partial class FunctionValidator
{
    private bool CheckReferenceOrTable(in Instruction instruction)
    {
        switch (instruction.Opcode)
        {
            case Opcode.RefNull: PushOperand(instruction.Type); return true;
            case Opcode.RefIsNull:
            {
                ValueKind type = PopOperand();
                if (type != Unknown && !type.IsReference()) throw Invalid($"type mismatch (ref.is_null on {type.Name()})");
                PushOperand(ValueKind.I32);
                return true;
            }
            case Opcode.RefFunc:
                FunctionTypeAt(instruction.Index);
                if (!references.Contains(instruction.Index)) throw Invalid($"undeclared function reference {instruction.Index}");
                PushOperand(ValueKind.FuncRef);
                return true;
            case Opcode.TableGet:
                PopOperand(ValueKind.I32);
                PushOperand(TableAt(instruction.Index).ElementType);
                return true;
            case Opcode.TableSet:
                PopOperand(TableAt(instruction.Index).ElementType);
                PopOperand(ValueKind.I32);
                return true;
            case Opcode.TableSize:
                TableAt(instruction.Index);
                PushOperand(ValueKind.I32);
                return true;
            case Opcode.TableGrow:
                PopOperand(ValueKind.I32);
                PopOperand(TableAt(instruction.Index).ElementType);
                PushOperand(ValueKind.I32);
                return true;
            case Opcode.TableFill:
                PopOperand(ValueKind.I32);
                PopOperand(TableAt(instruction.Index).ElementType);
                PopOperand(ValueKind.I32);
                return true;
            case Opcode.TableCopy:
                if (TableAt(instruction.Index).ElementType != TableAt(instruction.Index2).ElementType)
                    throw Invalid("type mismatch (table.copy between tables of different element types)");
                PopThreeI32();
                return true;
            case Opcode.TableInit:
            {
                TableType table = TableAt(instruction.Index2);
                ElementSegment segment = ElementAt(instruction.Index);
                if (segment.ElementType != table.ElementType) throw Invalid("type mismatch (table.init of a segment of another element type)");
                PopThreeI32();
                return true;
            }
            case Opcode.ElemDrop:
                ElementAt(instruction.Index);
                return true;
            default:
                return false;
        }
    }

    private bool CheckBulkMemory(in Instruction instruction)
    {
        switch (instruction.Opcode)
        {
            case Opcode.MemorySize:
                RequireMemory();
                PushOperand(ValueKind.I32);
                return true;
            case Opcode.MemoryGrow:
                RequireMemory();
                hasCalls = true;
                PopOperand(ValueKind.I32);
                PushOperand(ValueKind.I32);
                return true;
            case Opcode.MemoryFill or Opcode.MemoryCopy:
                RequireMemory();
                PopThreeI32();
                return true;
            case Opcode.MemoryInit:
                RequireMemory();
                DataAt(instruction.Index);
                PopThreeI32();
                return true;
            case Opcode.DataDrop:
                DataAt(instruction.Index);
                return true;
            default:
                return false;
        }
    }

    private void PopThreeI32()
    {
        PopOperand(ValueKind.I32);
        PopOperand(ValueKind.I32);
        PopOperand(ValueKind.I32);
    }

    private ElementSegment ElementAt(uint index)
    {
        if (index >= module.Elements.Count) throw Invalid($"unknown elem segment {index}");
        return module.Elements[(int)index];
    }

    private void DataAt(uint index)
    {
        if (index >= (module.DataCount ?? (uint)module.Data.Count)) throw Invalid($"unknown data segment {index}");
    }
}
