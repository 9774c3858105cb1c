namespace Plover.Sandbox;

/// <summary>
/// Operand and result types of the numeric instructions and the shape of loads and stores, shared
/// by the validator and the compiler.
/// </summary>
internal static class OpcodeSignatures
{
    /// <summary>
    /// For a numeric instruction (constants excluded): its operand type, operand count (1 or 2, both
    /// of that type) and result type. False for every other opcode.
    /// </summary>
    public static bool TryGetNumeric(Opcode op, out ValueKind operand, out int operandCount, out ValueKind result)
    {
        (operand, operandCount, result) = op switch
        {
            Opcode.I32Eqz => (ValueKind.I32, 1, ValueKind.I32),
            >= Opcode.I32Eq and <= Opcode.I32GeU => (ValueKind.I32, 2, ValueKind.I32),
            Opcode.I64Eqz => (ValueKind.I64, 1, ValueKind.I32),
            >= Opcode.I64Eq and <= Opcode.I64GeU => (ValueKind.I64, 2, ValueKind.I32),
            >= Opcode.F32Eq and <= Opcode.F32Ge => (ValueKind.F32, 2, ValueKind.I32),
            >= Opcode.F64Eq and <= Opcode.F64Ge => (ValueKind.F64, 2, ValueKind.I32),
            >= Opcode.I32Clz and <= Opcode.I32Popcnt => (ValueKind.I32, 1, ValueKind.I32),
            >= Opcode.I32Add and <= Opcode.I32Rotr => (ValueKind.I32, 2, ValueKind.I32),
            >= Opcode.I64Clz and <= Opcode.I64Popcnt => (ValueKind.I64, 1, ValueKind.I64),
            >= Opcode.I64Add and <= Opcode.I64Rotr => (ValueKind.I64, 2, ValueKind.I64),
            >= Opcode.F32Abs and <= Opcode.F32Sqrt => (ValueKind.F32, 1, ValueKind.F32),
            >= Opcode.F32Add and <= Opcode.F32Copysign => (ValueKind.F32, 2, ValueKind.F32),
            >= Opcode.F64Abs and <= Opcode.F64Sqrt => (ValueKind.F64, 1, ValueKind.F64),
            >= Opcode.F64Add and <= Opcode.F64Copysign => (ValueKind.F64, 2, ValueKind.F64),
            Opcode.I32WrapI64 => (ValueKind.I64, 1, ValueKind.I32),
            Opcode.I32TruncF32S or Opcode.I32TruncF32U or Opcode.I32ReinterpretF32 => (ValueKind.F32, 1, ValueKind.I32),
            Opcode.I32TruncF64S or Opcode.I32TruncF64U => (ValueKind.F64, 1, ValueKind.I32),
            Opcode.I64ExtendI32S or Opcode.I64ExtendI32U => (ValueKind.I32, 1, ValueKind.I64),
            Opcode.I64TruncF32S or Opcode.I64TruncF32U => (ValueKind.F32, 1, ValueKind.I64),
            Opcode.I64TruncF64S or Opcode.I64TruncF64U or Opcode.I64ReinterpretF64 => (ValueKind.F64, 1, ValueKind.I64),
            Opcode.F32ConvertI32S or Opcode.F32ConvertI32U or Opcode.F32ReinterpretI32 => (ValueKind.I32, 1, ValueKind.F32),
            Opcode.F32ConvertI64S or Opcode.F32ConvertI64U => (ValueKind.I64, 1, ValueKind.F32),
            Opcode.F32DemoteF64 => (ValueKind.F64, 1, ValueKind.F32),
            Opcode.F64ConvertI32S or Opcode.F64ConvertI32U => (ValueKind.I32, 1, ValueKind.F64),
            Opcode.F64ConvertI64S or Opcode.F64ConvertI64U or Opcode.F64ReinterpretI64 => (ValueKind.I64, 1, ValueKind.F64),
            Opcode.F64PromoteF32 => (ValueKind.F32, 1, ValueKind.F64),
            Opcode.I32Extend8S or Opcode.I32Extend16S => (ValueKind.I32, 1, ValueKind.I32),
            Opcode.I64Extend8S or Opcode.I64Extend16S or Opcode.I64Extend32S => (ValueKind.I64, 1, ValueKind.I64),
            Opcode.I32TruncSatF32S or Opcode.I32TruncSatF32U => (ValueKind.F32, 1, ValueKind.I32),
            Opcode.I32TruncSatF64S or Opcode.I32TruncSatF64U => (ValueKind.F64, 1, ValueKind.I32),
            Opcode.I64TruncSatF32S or Opcode.I64TruncSatF32U => (ValueKind.F32, 1, ValueKind.I64),
            Opcode.I64TruncSatF64S or Opcode.I64TruncSatF64U => (ValueKind.F64, 1, ValueKind.I64),
            _ => (default(ValueKind), 0, default(ValueKind)),
        };
        return operandCount != 0;
    }

    /// <summary>For a load or store: the value type moved and the number of bytes accessed.</summary>
    public static bool TryGetMemoryAccess(Opcode op, out ValueKind type, out int size)
    {
        (type, size) = op switch
        {
            Opcode.I32Load or Opcode.I32Store => (ValueKind.I32, 4),
            Opcode.I64Load or Opcode.I64Store => (ValueKind.I64, 8),
            Opcode.F32Load or Opcode.F32Store => (ValueKind.F32, 4),
            Opcode.F64Load or Opcode.F64Store => (ValueKind.F64, 8),
            Opcode.I32Load8S or Opcode.I32Load8U or Opcode.I32Store8 => (ValueKind.I32, 1),
            Opcode.I32Load16S or Opcode.I32Load16U or Opcode.I32Store16 => (ValueKind.I32, 2),
            Opcode.I64Load8S or Opcode.I64Load8U or Opcode.I64Store8 => (ValueKind.I64, 1),
            Opcode.I64Load16S or Opcode.I64Load16U or Opcode.I64Store16 => (ValueKind.I64, 2),
            Opcode.I64Load32S or Opcode.I64Load32U or Opcode.I64Store32 => (ValueKind.I64, 4),
            _ => (default(ValueKind), 0),
        };
        return size != 0;
    }

    public static bool IsStore(Opcode op) => op is >= Opcode.I32Store and <= Opcode.I64Store32;
}
