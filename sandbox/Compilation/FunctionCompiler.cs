using System.Reflection.Emit;
using Plover.Sandbox.Decoding;
using Plover.Sandbox.Execution;
using Plover.Sandbox.Validation;

namespace Plover.Sandbox.Compilation;

/// <summary>
/// Compiles one validated wasm function body to the CIL of one static method. Wasm locals are IL
/// locals (parameters are IL arguments); operands stay on the IL evaluation stack, except that the
/// stack is emptied into temporaries at every block entry and branch, so it is empty at every
/// label. Memory base and length live in IL locals, the length reloaded after anything
/// that can grow memory.
/// </summary>
internal sealed partial class FunctionCompiler
{
    /// <summary>Frame estimate: fixed part (return address, saved registers, alignment).</summary>
    public const int FrameBaseBytes = 64;

    /// <summary>
    /// Frame estimate: bytes charged per parameter, local and operand slot. Measured frames take
    /// about 8 bytes per local (every local on the stack once the JIT falls back to minimal
    /// optimisation for big methods) plus under 64 bytes; 12 leaves a margin (see CallStackTests).
    /// </summary>
    public const int FrameSlotBytes = 12;

    private readonly ModuleCodegen codegen;
    private readonly ModuleDefinition module;
    private readonly int functionIndex;
    private readonly FunctionBody body;
    private readonly FunctionFacts facts;
    private readonly CompiledSignature signature;
    private readonly ILGenerator il;
    private readonly ValueKind[] localTypes;
    private readonly LocalBuilder?[] localSlots;
    private LocalBuilder? memoryBase;
    private LocalBuilder? memoryLength;

    /// <summary>
    /// Functions with SIMD code: the negated start of a 4 KiB page known to be marked dirty (a
    /// v128.store wholly inside it needs no mark), or <see cref="MemoryAccess.NoMarkedPageNegated"/>.
    /// Forgotten on entry and after every call, since a host function may clear the dirty map.
    /// </summary>
    private LocalBuilder? markedPageNegated;

    /// <summary>For each access width 1, 2, 4, 8, 16 (by log2) used in the body: memory length minus width.</summary>
    private readonly LocalBuilder?[] accessLimits = new LocalBuilder?[5];

    public FunctionCompiler(ModuleCodegen codegen, int functionIndex, FunctionBody body, FunctionFacts facts, ILGenerator il)
    {
        this.codegen = codegen;
        module = codegen.Module;
        this.functionIndex = functionIndex;
        this.body = body;
        this.facts = facts;
        this.il = il;
        signature = codegen.Signatures[functionIndex];
        FuncType type = signature.Type;
        localTypes = [.. type.Parameters, .. body.Locals];
        localSlots = new LocalBuilder?[localTypes.Length];
    }

    /// <summary>
    /// The stack bytes this function charges against the call-stack budget on entry. A v128 local
    /// takes two slots (16 bytes), and so may every operand slot when the function uses SIMD.
    /// </summary>
    public int FrameBytes => FrameBaseBytes + FrameSlotBytes *
        (localTypes.Length + localTypes.Count(t => t == ValueKind.V128) + OperandSlotsPerValue * 2 * facts.MaxOperandHeight
            + facts.GlobalsUsed.Length + signature.ExtraResultCount + 4);

    private int OperandSlotsPerValue => localTypes.Contains(ValueKind.V128) || facts.UsesSimd ? 2 : 1;

    public void Compile()
    {
        if (facts.MaxOperandHeight > OperandHeightMax)
            throw WasmModuleException.Unsupported(body.CodeStart, $"function {functionIndex} has an operand stack {facts.MaxOperandHeight} deep (this engine allows {OperandHeightMax})");
        EmitPrologue();
        var reader = new WasmReader(module.Bytes, body.CodeStart, body.CodeEnd);
        frames.Add(new Frame { Kind = Opcode.Block, IsFunction = true, Params = [], Results = signature.Type.Results, Label = il.DefineLabel() });
        while (frames.Count > 0)
        {
            InstructionDecoder.Read(reader, module.DataIndicesDecodable, out Instruction instruction);
            if (CurrentCodeUnreachable) SkipUnreachable(instruction);
            else Emit(instruction);
        }
    }

    private void EmitPrologue()
    {
        il.Emit(OpCodes.Ldarg, signature.BudgetArgument);
        il.Emit(OpCodes.Ldc_I4, FrameBytes);
        il.Emit(OpCodes.Call, RuntimeMembers.EnterFrame);
        il.Emit(OpCodes.Starg, signature.BudgetArgument);
        if (codegen.Metered) EmitFuelCharge();
        for (int i = signature.Type.Parameters.Length; i < localTypes.Length; i++)
            localSlots[i] = DeclareLocal(ClrTypes.Of(localTypes[i]));
        if (facts.UsesMemory) EmitMemoryCache();
    }

    private void EmitMemoryCache()
    {
        memoryBase = DeclareLocal(typeof(byte*));
        memoryLength = DeclareLocal(typeof(long));
        if (facts.UsesSimd) markedPageNegated = DeclareLocal(typeof(long));
        for (int log2 = 0; log2 < accessLimits.Length; log2++)
        {
            if ((facts.AccessSizes & (1 << log2)) != 0) accessLimits[log2] = DeclareLocal(typeof(long));
        }
        EmitContext();
        il.Emit(OpCodes.Ldfld, RuntimeMembers.ContextMemory);
        il.Emit(OpCodes.Ldfld, RuntimeMembers.MemoryBase);
        il.Emit(OpCodes.Stloc, memoryBase);
        EmitReloadMemoryLength();
    }

    /// <summary>
    /// Memory may have grown during a call or memory.grow: reload its length (the base never moves)
    /// and the per-width access limits derived from it. The dirty map may have been cleared during
    /// a call: forget the page known to be marked.
    /// </summary>
    private void EmitReloadMemoryLength()
    {
        if (memoryLength is null) return;
        ForgetCheckedAddresses();
        if (markedPageNegated is not null)
        {
            il.Emit(OpCodes.Ldc_I8, MemoryAccess.NoMarkedPageNegated);
            il.Emit(OpCodes.Stloc, markedPageNegated);
        }
        EmitContext();
        il.Emit(OpCodes.Ldfld, RuntimeMembers.ContextMemory);
        il.Emit(OpCodes.Ldfld, RuntimeMembers.MemoryLength);
        il.Emit(OpCodes.Stloc, memoryLength);
        for (int log2 = 0; log2 < accessLimits.Length; log2++)
        {
            if (accessLimits[log2] is not LocalBuilder limit) continue;
            il.Emit(OpCodes.Ldloc, memoryLength);
            il.Emit(OpCodes.Ldc_I8, (long)(1 << log2));
            il.Emit(OpCodes.Sub);
            il.Emit(OpCodes.Stloc, limit);
        }
    }

    private void EmitFuelCharge()
    {
        EmitContext();
        il.Emit(OpCodes.Call, RuntimeMembers.ConsumeFuel);
    }

    /// <summary>
    /// Deepest wasm operand stack compiled: operands live on the IL evaluation stack, whose declared
    /// maximum is a 16-bit field, and a deeper function would exceed the default call-stack budget anyway.
    /// </summary>
    public const int OperandHeightMax = 50_000;

    /// <summary>IL addresses locals with 16-bit indices; wasm locals plus temporaries must fit, with room to spare.</summary>
    public const int IlLocalsMax = 65_000;

    private int ilLocalCount;

    private LocalBuilder DeclareLocal(Type type)
    {
        if (++ilLocalCount > IlLocalsMax)
            throw WasmModuleException.Unsupported(body.CodeStart, $"function {functionIndex} needs more than {IlLocalsMax} IL locals (wasm locals plus operand temporaries)");
        return il.DeclareLocal(type);
    }

    private void EmitContext() => il.Emit(OpCodes.Ldarg, signature.ContextArgument);

    private void EmitBudget() => il.Emit(OpCodes.Ldarg, signature.BudgetArgument);

    private void Emit(in Instruction instruction)
    {
        Opcode op = instruction.Opcode;
        if (op.IsSimd())
        {
            EmitSimd(instruction);
            return;
        }
        if (OpcodeSignatures.TryGetNumeric(op, out _, out int operandCount, out ValueKind result))
        {
            EmitNumeric(op, operandCount, result);
            return;
        }
        if (OpcodeSignatures.TryGetMemoryAccess(op, out ValueKind accessType, out int accessSize))
        {
            EmitMemoryAccess(instruction, accessType, accessSize);
            return;
        }
        if (EmitControl(instruction) || EmitVariable(instruction) || EmitReferenceOrTable(instruction) || EmitBulkMemory(instruction)) return;
        throw new InvalidOperationException($"compiler has no emission for validated opcode {op} at byte 0x{instruction.Offset:X}");
    }
}
