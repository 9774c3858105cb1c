using Plover.Sandbox.Decoding;

namespace Plover.Sandbox.Validation;

/// <summary>
/// Type-checks one function body with the spec's algorithm (appendix "Validation Algorithm"): a
/// stack of operand types and a stack of control frames, where code after an unconditional branch
/// is typed against a polymorphic (unknown) stack.
/// </summary>
internal sealed partial class FunctionValidator
{
    /// <summary>The unknown type of an operand popped from the polymorphic stack of unreachable code.</summary>
    private const ValueKind Unknown = 0;

    private readonly ModuleDefinition module;
    private readonly HashSet<uint> references;
    private readonly List<ValueKind> operands = [];
    private readonly List<ControlFrame> controls = [];
    private ValueKind[] locals = [];
    private ValueKind[] returnTypes = [];
    private int instructionOffset;
    private bool usesMemory;
    private int accessSizes;
    private bool hasCalls;
    private bool usesSimd;
    private int maxOperandHeight;
    private int maxControlDepth;
    private readonly SortedSet<int> globalsUsed = [];

    private struct ControlFrame
    {
        public Opcode Kind;
        public ValueKind[] Start;
        public ValueKind[] End;
        public int Height;
        public bool Unreachable;

        public readonly ValueKind[] LabelTypes => Kind == Opcode.Loop ? Start : End;
    }

    public FunctionValidator(ModuleDefinition module, HashSet<uint> references)
    {
        this.module = module;
        this.references = references;
    }

    public FunctionFacts Validate(int functionIndex, FunctionBody body)
    {
        FuncType type = module.FunctionType(functionIndex);
        locals = [.. type.Parameters, .. body.Locals];
        returnTypes = type.Results;
        operands.Clear();
        controls.Clear();
        globalsUsed.Clear();
        usesMemory = hasCalls = usesSimd = false;
        accessSizes = 0;
        maxOperandHeight = maxControlDepth = 0;

        var reader = new WasmReader(module.Bytes, body.CodeStart, body.CodeEnd) { EndMessage = "unexpected end of section or function" };
        PushControl(Opcode.Block, [], type.Results);
        while (controls.Count > 0)
        {
            InstructionDecoder.Read(reader, module.DataIndicesDecodable, out Instruction instruction);
            instructionOffset = instruction.Offset;
            Check(in instruction);
        }
        if (!reader.AtEnd) throw WasmModuleException.Malformed(reader.Position, "section size mismatch (code after the function's final end)");
        return new FunctionFacts(usesMemory, accessSizes, hasCalls, maxOperandHeight, maxControlDepth, [.. globalsUsed], usesSimd);
    }

    private WasmModuleException Invalid(string reason) => WasmModuleException.Invalid(instructionOffset, reason);

    private void PushOperand(ValueKind type)
    {
        operands.Add(type);
        if (operands.Count > maxOperandHeight) maxOperandHeight = operands.Count;
    }

    private void PushOperands(ValueKind[] types)
    {
        foreach (ValueKind type in types) PushOperand(type);
    }

    private ValueKind PopOperand()
    {
        ControlFrame frame = controls[^1];
        if (operands.Count == frame.Height)
        {
            if (frame.Unreachable) return Unknown;
            throw Invalid("type mismatch (operand stack underflow)");
        }
        ValueKind type = operands[^1];
        operands.RemoveAt(operands.Count - 1);
        return type;
    }

    private ValueKind PopOperand(ValueKind expected)
    {
        ValueKind actual = PopOperand();
        if (actual != expected && actual != Unknown && expected != Unknown)
            throw Invalid($"type mismatch (expected {expected.Name()}, got {actual.Name()})");
        return actual;
    }

    private void PopOperands(ValueKind[] types)
    {
        for (int i = types.Length - 1; i >= 0; i--) PopOperand(types[i]);
    }

    private void PushControl(Opcode kind, ValueKind[] start, ValueKind[] end)
    {
        controls.Add(new ControlFrame { Kind = kind, Start = start, End = end, Height = operands.Count });
        if (controls.Count > maxControlDepth) maxControlDepth = controls.Count;
        PushOperands(start);
    }

    private ControlFrame PopControl()
    {
        if (controls.Count == 0) throw Invalid("unexpected end");
        ControlFrame frame = controls[^1];
        PopOperands(frame.End);
        if (operands.Count != frame.Height) throw Invalid("type mismatch (values left on the stack at the end of a block)");
        controls.RemoveAt(controls.Count - 1);
        return frame;
    }

    private void MarkUnreachable()
    {
        ControlFrame frame = controls[^1];
        operands.RemoveRange(frame.Height, operands.Count - frame.Height);
        frame.Unreachable = true;
        controls[^1] = frame;
    }

    private ControlFrame Label(uint depth)
    {
        if (depth >= controls.Count) throw Invalid($"unknown label {depth}");
        return controls[controls.Count - 1 - (int)depth];
    }

    private (ValueKind[] Start, ValueKind[] End) ResolveBlockType(BlockType block)
    {
        if (block.IsTypeIndex)
        {
            if (block.TypeIndex >= module.Types.Count) throw Invalid($"unknown type {block.TypeIndex}");
            FuncType type = module.Types[block.TypeIndex];
            return (type.Parameters, type.Results);
        }
        return block.Value is ValueKind value ? ([], SingleTypes.Of(value)) : ([], []);
    }

    private FuncType FunctionTypeAt(uint index)
    {
        if (index >= module.FunctionSpace.Length) throw Invalid($"unknown function {index}");
        return module.FunctionType((int)index);
    }

    private TableType TableAt(uint index)
    {
        if (index >= module.TableSpace.Length) throw Invalid($"unknown table {index}");
        return module.TableSpace[index];
    }

    private void RequireMemory()
    {
        if (module.MemorySpace.Length == 0) throw Invalid("unknown memory 0");
        usesMemory = true;
    }

    private ValueKind LocalAt(uint index)
    {
        if (index >= locals.Length) throw Invalid($"unknown local {index}");
        return locals[index];
    }

    private GlobalType GlobalAt(uint index)
    {
        if (index >= module.GlobalSpace.Length) throw Invalid($"unknown global {index}");
        globalsUsed.Add((int)index);
        return module.GlobalSpace[index];
    }
}

/// <summary>Shared one-element type arrays, so single-result blocks allocate nothing.</summary>
internal static class SingleTypes
{
    private static readonly ValueKind[] I32 = [ValueKind.I32];
    private static readonly ValueKind[] I64 = [ValueKind.I64];
    private static readonly ValueKind[] F32 = [ValueKind.F32];
    private static readonly ValueKind[] F64 = [ValueKind.F64];
    private static readonly ValueKind[] V128 = [ValueKind.V128];
    private static readonly ValueKind[] FuncRef = [ValueKind.FuncRef];
    private static readonly ValueKind[] ExternRef = [ValueKind.ExternRef];

    public static ValueKind[] Of(ValueKind type) => type switch
    {
        ValueKind.I32 => I32,
        ValueKind.I64 => I64,
        ValueKind.F32 => F32,
        ValueKind.F64 => F64,
        ValueKind.V128 => V128,
        ValueKind.FuncRef => FuncRef,
        ValueKind.ExternRef => ExternRef,
        _ => [type],
    };
}
