namespace Plover.Sandbox.Decoding;

/// <summary>
/// Decodes one instruction and its immediates. Used by the validator, the compiler and the
/// constant-expression evaluator, so the binary encoding of instructions is read in one place.
/// </summary>
internal static class InstructionDecoder
{
    /// <param name="dataIndicesDecodable">Whether memory.init and data.drop may appear (see <see cref="ModuleDefinition.DataIndicesDecodable"/>).</param>
    public static void Read(WasmReader reader, bool dataIndicesDecodable, out Instruction instruction)
    {
        instruction = default;
        instruction.Offset = reader.Position;
        byte first = reader.ReadByte();
        if (first == 0xFC)
        {
            ReadPrefixed(reader, dataIndicesDecodable, ref instruction);
            return;
        }
        if (first == 0xFD)
        {
            ReadSimd(reader, ref instruction);
            return;
        }
        if (!IsSingleByteOpcode(first)) throw WasmModuleException.Malformed(instruction.Offset, $"illegal opcode 0x{first:X2}");
        instruction.Opcode = (Opcode)first;
        ReadImmediates(reader, ref instruction);
    }

    private static void ReadImmediates(WasmReader reader, ref Instruction instruction)
    {
        switch (instruction.Opcode)
        {
            case Opcode.Block or Opcode.Loop or Opcode.If:
                instruction.Block = ReadBlockType(reader);
                break;
            case Opcode.Br or Opcode.BrIf or Opcode.Call or Opcode.LocalGet or Opcode.LocalSet or Opcode.LocalTee
                or Opcode.GlobalGet or Opcode.GlobalSet or Opcode.TableGet or Opcode.TableSet or Opcode.RefFunc:
                instruction.Index = reader.ReadU32();
                break;
            case Opcode.BrTable:
                instruction.Targets = ReadBrTableTargets(reader);
                break;
            case Opcode.CallIndirect:
                instruction.Index = reader.ReadU32();
                instruction.Index2 = reader.ReadU32();
                break;
            case Opcode.SelectTyped:
                instruction.Index = (uint)reader.ReadCount();
                // Validation requires exactly one type; Index keeps the count so it can say otherwise.
                instruction.Type = instruction.Index == 0 ? ValueKind.I32 : reader.ReadValueType();
                for (uint i = 1; i < instruction.Index; i++) reader.ReadValueType();
                break;
            case >= Opcode.I32Load and <= Opcode.I64Store32:
                instruction.Index = reader.ReadU32();
                instruction.Index2 = reader.ReadU32();
                break;
            case Opcode.MemorySize or Opcode.MemoryGrow:
                ExpectZeroByte(reader);
                break;
            case Opcode.I32Const:
                instruction.Bits = reader.ReadS32();
                break;
            case Opcode.I64Const:
                instruction.Bits = reader.ReadS64();
                break;
            case Opcode.F32Const:
                instruction.Bits = reader.ReadFixedU32();
                break;
            case Opcode.F64Const:
                instruction.Bits = (long)reader.ReadFixedU64();
                break;
            case Opcode.RefNull:
                instruction.Type = reader.ReadReferenceType();
                break;
        }
    }

    private static void ReadPrefixed(WasmReader reader, bool dataIndicesDecodable, ref Instruction instruction)
    {
        uint sub = reader.ReadU32();
        if (sub > 17) throw WasmModuleException.Malformed(instruction.Offset, $"illegal opcode 0xFC {sub}");
        instruction.Opcode = (Opcode)(0xFC00 + sub);
        switch (instruction.Opcode)
        {
            case Opcode.MemoryInit:
                if (!dataIndicesDecodable) throw WasmModuleException.Malformed(instruction.Offset, "data count section required");
                instruction.Index = reader.ReadU32();
                ExpectZeroByte(reader);
                break;
            case Opcode.DataDrop:
                if (!dataIndicesDecodable) throw WasmModuleException.Malformed(instruction.Offset, "data count section required");
                instruction.Index = reader.ReadU32();
                break;
            case Opcode.MemoryCopy:
                ExpectZeroByte(reader);
                ExpectZeroByte(reader);
                break;
            case Opcode.MemoryFill:
                ExpectZeroByte(reader);
                break;
            case Opcode.TableInit:
                instruction.Index = reader.ReadU32();   // element segment
                instruction.Index2 = reader.ReadU32();  // table
                break;
            case Opcode.TableCopy:
                instruction.Index = reader.ReadU32();   // destination table
                instruction.Index2 = reader.ReadU32();  // source table
                break;
            case Opcode.ElemDrop or Opcode.TableGrow or Opcode.TableSize or Opcode.TableFill:
                instruction.Index = reader.ReadU32();
                break;
        }
    }

    private static void ReadSimd(WasmReader reader, ref Instruction instruction)
    {
        uint sub = reader.ReadU32();
        if (!SimdInstructions.TryGet(sub, out SimdInstruction simd))
        {
            string what = sub >= SimdInstructions.SubOpcodeLimit ? "relaxed SIMD or an unknown SIMD proposal" : "a reserved SIMD opcode";
            throw WasmModuleException.Unsupported(instruction.Offset, $"SIMD opcode 0xFD 0x{sub:X2} ({what}) is not supported by this engine");
        }
        if (!Execution.SimdHardware.IsSupported)
            throw WasmModuleException.Unsupported(instruction.Offset, $"{simd.Name} needs a CPU with SSE4.1 (x86-64), which this machine lacks");
        instruction.Opcode = simd.Opcode;
        switch (simd.Form)
        {
            case SimdForm.Load or SimdForm.Store:
                instruction.Index = reader.ReadU32();
                instruction.Index2 = reader.ReadU32();
                break;
            case SimdForm.LoadLane or SimdForm.StoreLane:
                instruction.Index = reader.ReadU32();
                instruction.Index2 = reader.ReadU32();
                instruction.Lane = reader.ReadByte();
                break;
            case SimdForm.Lane:
                instruction.Lane = reader.ReadByte();
                break;
            case SimdForm.Constant or SimdForm.Shuffle:
                instruction.Bits = (long)reader.ReadFixedU64();
                instruction.Bits2 = (long)reader.ReadFixedU64();
                break;
        }
    }

    private static BlockType ReadBlockType(WasmReader reader)
    {
        byte b = reader.PeekByte();
        if (b == 0x40)
        {
            reader.Position++;
            return BlockType.Empty;
        }
        if (b is 0x7F or 0x7E or 0x7D or 0x7C or 0x7B or 0x70 or 0x6F) return new BlockType(reader.ReadValueType(), -1);
        int at = reader.Position;
        long index = reader.ReadS33();
        if (index < 0) throw WasmModuleException.Malformed(at, "malformed block type");
        if (index > int.MaxValue) throw WasmModuleException.Invalid(at, "unknown type");
        return new BlockType(null, (int)index);
    }

    private static uint[] ReadBrTableTargets(WasmReader reader)
    {
        int count = reader.ReadCount();
        var targets = new uint[count + 1];
        for (int i = 0; i <= count; i++) targets[i] = reader.ReadU32();
        return targets;
    }

    private static void ExpectZeroByte(WasmReader reader)
    {
        int at = reader.Position;
        if (reader.ReadByte() != 0) throw WasmModuleException.Malformed(at, "zero byte expected");
    }

    private static bool IsSingleByteOpcode(byte b) => b switch
    {
        <= 0x05 => true,
        >= 0x0B and <= 0x11 => true,
        >= 0x1A and <= 0x1C => true,
        >= 0x20 and <= 0x26 => true,
        >= 0x28 and <= 0xC4 => true,
        >= 0xD0 and <= 0xD2 => true,
        _ => false,
    };
}
