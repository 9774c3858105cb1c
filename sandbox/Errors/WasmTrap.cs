namespace Plover.Sandbox;

/// <summary>
/// The one exception guest execution raises: a trap with its <see cref="Code"/> and, when it is known,
/// the index of the function that trapped.
/// </summary>
public sealed class WasmTrap : Exception
{
    public WasmTrap(TrapCode code, string? detail = null, int? functionIndex = null)
        : base(Describe(code, detail, functionIndex))
    {
        Code = code;
        Detail = detail;
        FunctionIndex = functionIndex;
    }

    public TrapCode Code { get; }
    public string? Detail { get; }

    /// <summary>Index (in its module's function index space) of the function that trapped, when known.</summary>
    public int? FunctionIndex { get; }

    /// <summary>The same trap, now attributed to <paramref name="functionIndex"/>.</summary>
    internal WasmTrap WithFunction(int functionIndex) => new(Code, Detail, functionIndex);

    /// <summary>The spec test suite's wording of each trap.</summary>
    public static string SpecText(TrapCode code) => code switch
    {
        TrapCode.Unreachable => "unreachable",
        TrapCode.MemoryOutOfBounds => "out of bounds memory access",
        TrapCode.TableOutOfBounds => "out of bounds table access",
        TrapCode.IndirectCallTypeMismatch => "indirect call type mismatch",
        TrapCode.NullReference => "uninitialized element",
        TrapCode.IntegerOverflow => "integer overflow",
        TrapCode.IntegerDivideByZero => "integer divide by zero",
        TrapCode.InvalidConversion => "invalid conversion to integer",
        TrapCode.CallStackExhausted => "call stack exhausted",
        TrapCode.OutOfFuel => "out of fuel",
        _ => code.ToString(),
    };

    private static string Describe(TrapCode code, string? detail, int? functionIndex)
    {
        string text = $"wasm trap: {SpecText(code)}";
        if (detail is not null) text += $" ({detail})";
        if (functionIndex is int index) text += $" in function {index}";
        return text;
    }
}
