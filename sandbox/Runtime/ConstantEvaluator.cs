using Plover.Sandbox.Decoding;
using Plover.Sandbox.Execution;

namespace Plover.Sandbox;

/// <summary>Evaluates a validated constant expression against an instance being created.</summary>
internal static class ConstantEvaluator
{
    public static WasmValue Evaluate(ModuleDefinition module, ConstantExpression expression, InstanceContext context)
    {
        var reader = new WasmReader(module.Bytes, expression.Start, expression.End);
        InstructionDecoder.Read(reader, module.DataIndicesDecodable, out Instruction instruction);
        return instruction.Opcode switch
        {
            Opcode.I32Const => WasmValue.I32((int)instruction.Bits),
            Opcode.I64Const => WasmValue.I64(instruction.Bits),
            Opcode.F32Const => WasmValue.F32Bits((uint)instruction.Bits),
            Opcode.F64Const => WasmValue.F64Bits((ulong)instruction.Bits),
            Opcodes.V128Const => WasmValue.V128((ulong)instruction.Bits, (ulong)instruction.Bits2),
            Opcode.RefNull => WasmValue.Default(instruction.Type),
            Opcode.RefFunc => WasmValue.FuncRef(context.Functions[instruction.Index]),
            Opcode.GlobalGet => context.Globals[instruction.Index].Value,
            _ => throw new InvalidOperationException($"validated constant expression holds {instruction.Opcode}"),
        };
    }
}
