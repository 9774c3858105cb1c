using Plover.Sandbox.Decoding;

namespace Plover.Sandbox.Validation;

/// <summary>
/// Validates a constant expression: one constant instruction (a number, <c>v128.const</c>, <c>ref.null</c>,
/// <c>ref.func</c> or <c>global.get</c> of an immutable global) producing the expected type.
/// </summary>
internal static class ConstantExpressionValidator
{
    /// <param name="globalsVisible">How many globals of the index space the expression may read (imports only, for global initialisers).</param>
    /// <param name="declaredReferences">Collects the functions named by <c>ref.func</c>.</param>
    public static void Validate(ModuleDefinition module, ConstantExpression expression, ValueKind expected, int globalsVisible, HashSet<uint> declaredReferences)
    {
        var reader = new WasmReader(module.Bytes, expression.Start, expression.End);
        ValueKind? produced = null;
        while (true)
        {
            InstructionDecoder.Read(reader, module.DataIndicesDecodable, out Instruction instruction);
            if (instruction.Opcode == Opcode.End) break;
            if (produced is not null) throw WasmModuleException.Invalid(instruction.Offset, "type mismatch (constant expression has more than one value)");
            produced = TypeOf(module, instruction, globalsVisible, declaredReferences);
        }
        if (produced is null) throw WasmModuleException.Invalid(expression.Start, "type mismatch (constant expression is empty)");
        if (produced != expected) throw WasmModuleException.Invalid(expression.Start, $"type mismatch (expected {expected.Name()}, got {produced.Value.Name()})");
    }

    private static ValueKind TypeOf(ModuleDefinition module, Instruction instruction, int globalsVisible, HashSet<uint> declaredReferences)
    {
        switch (instruction.Opcode)
        {
            case Opcode.I32Const: return ValueKind.I32;
            case Opcode.I64Const: return ValueKind.I64;
            case Opcode.F32Const: return ValueKind.F32;
            case Opcode.F64Const: return ValueKind.F64;
            case Opcodes.V128Const: return ValueKind.V128;
            case Opcode.RefNull: return instruction.Type;
            case Opcode.RefFunc:
                if (instruction.Index >= module.FunctionSpace.Length) throw WasmModuleException.Invalid(instruction.Offset, $"unknown function {instruction.Index}");
                declaredReferences.Add(instruction.Index);
                return ValueKind.FuncRef;
            case Opcode.GlobalGet:
                if (instruction.Index >= globalsVisible) throw WasmModuleException.Invalid(instruction.Offset, $"unknown global {instruction.Index}");
                GlobalType global = module.GlobalSpace[instruction.Index];
                if (global.Mutable) throw WasmModuleException.Invalid(instruction.Offset, "constant expression required");
                return global.ValueKind;
            default:
                throw WasmModuleException.Invalid(instruction.Offset, "constant expression required");
        }
    }

    /// <summary>Collects the <c>ref.func</c> indices of an expression without validating it.</summary>
    public static void CollectReferences(ModuleDefinition module, ConstantExpression expression, HashSet<uint> declaredReferences)
    {
        var reader = new WasmReader(module.Bytes, expression.Start, expression.End);
        while (!reader.AtEnd)
        {
            InstructionDecoder.Read(reader, module.DataIndicesDecodable, out Instruction instruction);
            if (instruction.Opcode == Opcode.RefFunc) declaredReferences.Add(instruction.Index);
        }
    }
}
