namespace Plover.Sandbox;

/// <summary>Why guest execution stopped with a trap.</summary>
public enum TrapCode
{
    /// <summary>The <c>unreachable</c> instruction ran.</summary>
    Unreachable,
    /// <summary>A load, store or bulk memory operation fell outside linear memory.</summary>
    MemoryOutOfBounds,
    /// <summary>A table access or <c>call_indirect</c> index fell outside the table.</summary>
    TableOutOfBounds,
    /// <summary><c>call_indirect</c> found a function of another type than the instruction names.</summary>
    IndirectCallTypeMismatch,
    /// <summary><c>call_indirect</c> found a null (uninitialised) table element.</summary>
    NullReference,
    /// <summary>Signed division overflow or a float-to-int conversion out of range.</summary>
    IntegerOverflow,
    /// <summary>Integer division or remainder by zero.</summary>
    IntegerDivideByZero,
    /// <summary>A float-to-int conversion of NaN.</summary>
    InvalidConversion,
    /// <summary>The engine's deterministic call-stack budget was used up.</summary>
    CallStackExhausted,
    /// <summary>The instance's fuel ran out.</summary>
    OutOfFuel,
}
