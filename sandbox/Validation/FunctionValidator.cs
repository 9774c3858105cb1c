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
    private const ValueType Unknown = 0;

    private readonly ModuleDefinition module;
    private readonly HashSet<uint> references;
    private readonly List<ValueType> operands = [];
    private readonly List<ControlFrame> controls = [];
    private ValueType[] locals = [];
    private ValueType[] returnTypes = [];
    private int instructionOffset;
    private bool usesMemory;
    private bool hasCalls;
    private int maxOperandHeight;
    private int maxControlDepth;
    private readonly SortedSet<int> globalsUsed = [];

    private struct ControlFrame
    {
        public Opcode Kind;
        public ValueType[] Start;
        public ValueType[] End;
        public int Height;
        public bool Unreachable;

        public readonly ValueType[] LabelTypes => Kind == Opcode.Loop ? Start : End;
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
        usesMemory = hasCalls = false;
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
        return new FunctionFacts(usesMemory, hasCalls, maxOperandHeight, maxControlDepth, [.. globalsUsed]);
    }

    private WasmModuleException Invalid(string reason) => WasmModuleException.Invalid(instructionOffset, reason);

    private void PushOperand(ValueType type)
    {
        operands.Add(type);
        if (operands.Count > maxOperandHeight) maxOperandHeight = operands.Count;
    }

    private void PushOperands(ValueType[] types)
    {
        foreach (ValueType type in types) PushOperand(type);
    }

    private ValueType PopOperand()
    {
        ControlFrame frame = controls[^1];
        if (operands.Count == frame.Height)
        {
            if (frame.Unreachable) return Unknown;
            throw Invalid("type mismatch (operand stack underflow)");
        }
        ValueType type = operands[^1];
        operands.RemoveAt(operands.Count - 1);
        return type;
    }

    private ValueType PopOperand(ValueType expected)
    {
        ValueType actual = PopOperand();
        if (actual != expected && actual != Unknown && expected != Unknown)
            throw Invalid($"type mismatch (expected {expected.Name()}, got {actual.Name()})");
        return actual;
    }

    private void PopOperands(ValueType[] types)
    {
        for (int i = types.Length - 1; i >= 0; i--) PopOperand(types[i]);
    }

    private void PushControl(Opcode kind, ValueType[] start, ValueType[] end)
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

    private (ValueType[] Start, ValueType[] End) ResolveBlockType(BlockType block)
    {
        if (block.IsTypeIndex)
        {
            if (block.TypeIndex >= module.Types.Count) throw Invalid($"unknown type {block.TypeIndex}");
            FuncType type = module.Types[block.TypeIndex];
            return (type.Parameters, type.Results);
        }
        return block.Value is ValueType value ? ([], SingleTypes.Of(value)) : ([], []);
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

    private ValueType LocalAt(uint index)
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
    private static readonly ValueType[] I32 = [ValueType.I32];
    private static readonly ValueType[] I64 = [ValueType.I64];
    private static readonly ValueType[] F32 = [ValueType.F32];
    private static readonly ValueType[] F64 = [ValueType.F64];
    private static readonly ValueType[] FuncRef = [ValueType.FuncRef];
    private static readonly ValueType[] ExternRef = [ValueType.ExternRef];

    public static ValueType[] Of(ValueType type) => type switch
    {
        ValueType.I32 => I32,
        ValueType.I64 => I64,
        ValueType.F32 => F32,
        ValueType.F64 => F64,
        ValueType.FuncRef => FuncRef,
        ValueType.ExternRef => ExternRef,
        _ => [type],
    };
}
