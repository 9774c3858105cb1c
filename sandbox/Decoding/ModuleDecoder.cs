namespace Plover.Sandbox.Decoding;

/// <summary>
/// Decodes a binary module into a <see cref="ModuleDefinition"/>: header, every section in order,
/// custom sections skipped (their names checked as UTF-8). Function bodies are split into locals and
/// a code range; their instructions are decoded later by the validator.
/// </summary>
internal static class ModuleDecoder
{
    private const uint Magic = 0x6D736100;  // "\0asm"
    private const uint Version = 1;

    /// <summary>Implementation limit on locals per function (the JS API's limit); more is refused.</summary>
    public const int FunctionLocalsMax = 50_000;

    /// <summary>
    /// Implementation limit on locals over all functions of a module: a local group takes a few
    /// bytes but becomes an IL local, so a small module must not make the compiler allocate millions.
    /// </summary>
    public const int ModuleLocalsMax = 2_000_000;

    /// <summary>Implementation limit on defined functions (the JS API's limit).</summary>
    public const int FunctionsMax = 1_000_000;

    /// <summary>Implementation limit on the parameters, and on the results, of a function type (the JS API's limits).</summary>
    public const int FunctionTypeArityMax = 1_000;

    public static ModuleDefinition Decode(byte[] bytes)
    {
        var module = new ModuleDefinition { Bytes = bytes };
        var reader = new WasmReader(bytes, 0, bytes.Length);
        ReadHeader(reader);
        int lastRank = 0;
        while (!reader.AtEnd)
        {
            int sectionOffset = reader.Position;
            byte id = reader.ReadByte();
            uint size = reader.ReadU32();
            if (size > reader.End - reader.Position) throw WasmModuleException.Malformed(reader.Position, "length out of bounds");
            int end = reader.Position + (int)size;
            var section = new WasmReader(bytes, reader.Position, end) { EndMessage = "unexpected end of section or function" };
            if (id != 0)
            {
                int rank = SectionRank(id, sectionOffset);
                if (rank <= lastRank) throw WasmModuleException.Malformed(sectionOffset, "unexpected content after last section");
                lastRank = rank;
            }
            ReadSection(id, section, module);
            if (section.Position != end) throw WasmModuleException.Malformed(section.Position, "section size mismatch");
            reader.Position = end;
        }
        if (module.FunctionTypeIndices.Count != module.Bodies.Count)
            throw WasmModuleException.Malformed(bytes.Length, "function and code section have inconsistent lengths");
        if (module.DataCount is uint dataCount && dataCount != module.Data.Count)
            throw WasmModuleException.Malformed(bytes.Length, "data count and data section have inconsistent lengths");
        module.BuildIndexSpaces();
        return module;
    }

    private static void ReadHeader(WasmReader reader)
    {
        if (reader.End < 4 || reader.ReadFixedU32() != Magic) throw WasmModuleException.Malformed(0, "magic header not detected");
        if (reader.End < 8) throw WasmModuleException.Malformed(4, "unknown binary version");
        if (reader.ReadFixedU32() != Version) throw WasmModuleException.Malformed(4, "unknown binary version");
    }

    /// <summary>Position of a section id in the required order (data count sits between element and code).</summary>
    private static int SectionRank(byte id, int offset) => id switch
    {
        >= 1 and <= 9 => id,
        12 => 10,
        10 => 11,
        11 => 12,
        _ => throw WasmModuleException.Malformed(offset, "malformed section id"),
    };

    private static void ReadSection(byte id, WasmReader r, ModuleDefinition m)
    {
        switch (id)
        {
            case 0: r.ReadName(); r.Position = r.End; break;
            case 1: ReadVector(r, () => m.Types.Add(ReadFuncType(r))); break;
            case 2: ReadVector(r, () => m.Imports.Add(ReadImport(r))); break;
            case 3: ReadVector(r, () => { m.FunctionDeclarationOffsets.Add(r.Position); m.FunctionTypeIndices.Add(r.ReadU32()); }); break;
            case 4: ReadVector(r, () => { m.TableOffsets.Add(r.Position); m.Tables.Add(ReadTableType(r)); }); break;
            case 5: ReadVector(r, () => { m.MemoryOffsets.Add(r.Position); m.Memories.Add(new MemoryType(ReadLimits(r))); }); break;
            case 6: ReadVector(r, () => m.Globals.Add((ReadGlobalType(r), ReadConstantExpression(r, m)))); break;
            case 7: ReadVector(r, () => m.Exports.Add(ReadExport(r))); break;
            case 8: m.StartOffset = r.Position; m.StartFunction = r.ReadU32(); break;
            case 9: ReadVector(r, () => m.Elements.Add(ElementSegmentDecoder.Read(r, m))); break;
            case 10: ReadCodeSection(r, m); break;
            case 11: ReadVector(r, () => m.Data.Add(ReadDataSegment(r, m))); break;
            case 12: m.DataCount = r.ReadU32(); break;
        }
    }

    private static void ReadVector(WasmReader r, Action readOne)
    {
        int count = r.ReadCount();
        for (int i = 0; i < count; i++) readOne();
    }

    private static FuncType ReadFuncType(WasmReader r)
    {
        int at = r.Position;
        if (r.ReadByte() != 0x60) throw WasmModuleException.Malformed(at, "malformed function type (0x60 expected)");
        ValueKind[] parameters = ReadValueTypes(r);
        ValueKind[] results = ReadValueTypes(r);
        if (parameters.Length > FunctionTypeArityMax || results.Length > FunctionTypeArityMax)
            throw WasmModuleException.Unsupported(at, $"function type with {parameters.Length} parameters and {results.Length} results (this engine allows {FunctionTypeArityMax} of each)");
        return new FuncType(parameters, results);
    }

    private static ValueKind[] ReadValueTypes(WasmReader r)
    {
        var types = new ValueKind[r.ReadCount()];
        for (int i = 0; i < types.Length; i++) types[i] = r.ReadValueType();
        return types;
    }

    private static Import ReadImport(WasmReader r)
    {
        int offset = r.Position;
        string moduleName = r.ReadName();
        string fieldName = r.ReadName();
        int at = r.Position;
        byte kind = r.ReadByte();
        return kind switch
        {
            0 => new Import(moduleName, fieldName, ExternalKind.Function) { Offset = offset, TypeIndex = r.ReadU32() },
            1 => new Import(moduleName, fieldName, ExternalKind.Table) { Offset = offset, Table = ReadTableType(r) },
            2 => new Import(moduleName, fieldName, ExternalKind.Memory) { Offset = offset, Memory = new MemoryType(ReadLimits(r)) },
            3 => new Import(moduleName, fieldName, ExternalKind.Global) { Offset = offset, Global = ReadGlobalType(r) },
            _ => throw WasmModuleException.Malformed(at, "malformed import kind"),
        };
    }

    private static TableType ReadTableType(WasmReader r) => new(r.ReadReferenceType(), ReadLimits(r));

    private static Limits ReadLimits(WasmReader r)
    {
        int at = r.Position;
        byte flag = r.ReadByte();
        return flag switch
        {
            0 => new Limits(r.ReadU32(), null),
            1 => new Limits(r.ReadU32(), r.ReadU32()),
            _ => throw WasmModuleException.Malformed(at, "integer too large (limits flag)"),
        };
    }

    private static GlobalType ReadGlobalType(WasmReader r)
    {
        ValueKind type = r.ReadValueType();
        int at = r.Position;
        return r.ReadByte() switch
        {
            0 => new GlobalType(type, false),
            1 => new GlobalType(type, true),
            _ => throw WasmModuleException.Malformed(at, "malformed mutability"),
        };
    }

    private static Export ReadExport(WasmReader r)
    {
        int offset = r.Position;
        string name = r.ReadName();
        int at = r.Position;
        byte kind = r.ReadByte();
        if (kind > 3) throw WasmModuleException.Malformed(at, "malformed export kind");
        return new Export(name, (ExternalKind)kind, r.ReadU32()) { Offset = offset };
    }

    /// <summary>Reads instructions up to and including the <c>end</c> that closes the expression.</summary>
    internal static ConstantExpression ReadConstantExpression(WasmReader r, ModuleDefinition m)
    {
        int start = r.Position;
        int depth = 0;
        while (true)
        {
            InstructionDecoder.Read(r, m.DataIndicesDecodable, out Instruction instruction);
            if (instruction.Opcode is Opcode.Block or Opcode.Loop or Opcode.If) depth++;
            else if (instruction.Opcode == Opcode.End && depth-- == 0) return new ConstantExpression(start, r.Position);
        }
    }

    private static void ReadCodeSection(WasmReader r, ModuleDefinition m)
    {
        int count = r.ReadCount();
        if (count > FunctionsMax) throw WasmModuleException.Unsupported(r.Position, $"{count} functions (this engine allows {FunctionsMax})");
        long moduleLocals = 0;
        for (int i = 0; i < count; i++)
        {
            uint size = r.ReadU32();
            if (size > r.End - r.Position) throw WasmModuleException.Malformed(r.Position, "length out of bounds");
            int end = r.Position + (int)size;
            var body = new WasmReader(r.Bytes, r.Position, end) { EndMessage = "unexpected end of section or function" };
            ValueKind[] locals = ReadLocals(body);
            moduleLocals += locals.Length;
            if (moduleLocals > ModuleLocalsMax)
                throw WasmModuleException.Unsupported(body.Position, $"too many locals in the module (this engine allows {ModuleLocalsMax} over all functions)");
            m.Bodies.Add(new FunctionBody(locals, body.Position, end));
            r.Position = end;
        }
    }

    private static ValueKind[] ReadLocals(WasmReader r)
    {
        int groups = r.ReadCount();
        var declared = new (uint Count, ValueKind Type)[groups];
        long total = 0;
        int at = r.Position;
        for (int g = 0; g < groups; g++)
        {
            declared[g] = (r.ReadU32(), r.ReadValueType());
            total += declared[g].Count;
        }
        // The spec's bound (2^32 - 1 locals) is a decoding error; this engine's lower limit is a refusal.
        if (total > uint.MaxValue) throw WasmModuleException.Malformed(at, "too many locals");
        if (total > FunctionLocalsMax) throw WasmModuleException.Unsupported(at, $"too many locals ({total}; this engine allows {FunctionLocalsMax} per function)");
        var locals = new ValueKind[total];
        int next = 0;
        foreach (var (count, type) in declared)
        {
            Array.Fill(locals, type, next, (int)count);
            next += (int)count;
        }
        return locals;
    }

    private static DataSegment ReadDataSegment(WasmReader r, ModuleDefinition m)
    {
        int at = r.Position;
        uint flag = r.ReadU32();
        switch (flag)
        {
            case 0:
            {
                ConstantExpression offset = ReadConstantExpression(r, m);
                int start = r.ReadByteVector(out int length);
                return new DataSegment(SegmentMode.Active, 0, offset, start, length);
            }
            case 1:
            {
                int start = r.ReadByteVector(out int length);
                return new DataSegment(SegmentMode.Passive, 0, default, start, length);
            }
            case 2:
            {
                uint memory = r.ReadU32();
                ConstantExpression offset = ReadConstantExpression(r, m);
                int start = r.ReadByteVector(out int length);
                return new DataSegment(SegmentMode.Active, memory, offset, start, length);
            }
            default:
                throw WasmModuleException.Malformed(at, "malformed data segment kind");
        }
    }
}
