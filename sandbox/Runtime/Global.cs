namespace Plover.Sandbox;

/// <summary>
/// A global variable. The host can read and write any global by index, exported or not (for state
/// capture), as raw bits with its type; writes to immutable globals are refused.
/// </summary>
public sealed class Global
{
    // Read and written by compiled code: numbers as raw bits (i32/f32 zero-extended; a v128's low
    // half in Bits, its high half in HighBits), references as objects.
    internal long Bits;
    internal long HighBits;
    internal object? Reference;

    public Global(GlobalType type, WasmValue initial = default)
    {
        Type = type;
        if (initial.Type != 0 && !initial.IsValidAs(type.ValueKind))
            throw new ArgumentException($"initial value {initial} is not a valid {type.ValueKind.Name()}", nameof(initial));
        Bits = (long)initial.Bits;
        HighBits = (long)initial.HighBits;
        Reference = initial.Reference;
    }

    public GlobalType Type { get; }

    /// <summary>The value; setting it requires a mutable global and a value of its type.</summary>
    public WasmValue Value
    {
        get => Type.ValueKind == ValueKind.V128
            ? WasmValue.V128((ulong)Bits, (ulong)HighBits)
            : WasmValue.FromBits(Type.ValueKind, (ulong)Bits, Reference);
        set
        {
            if (!Type.Mutable) throw new InvalidOperationException("the global is immutable");
            if (!value.IsValidAs(Type.ValueKind)) throw new ArgumentException($"value {value} is not a valid {Type.ValueKind.Name()}", nameof(value));
            Bits = (long)value.Bits;
            HighBits = (long)value.HighBits;
            Reference = value.Reference;
        }
    }

    /// <summary>
    /// Raw bits of a scalar numeric global (i32 and f32 zero-extended); setting it requires a mutable
    /// one. A v128 global has 128 bits: use <see cref="Value"/>.
    /// </summary>
    public ulong RawBits
    {
        get => Type.ValueKind == ValueKind.V128 ? throw new InvalidOperationException("a v128 global has 128 bits; read Value") : (ulong)Bits;
        set
        {
            if (!Type.Mutable) throw new InvalidOperationException("the global is immutable");
            if (Type.ValueKind.IsReference()) throw new InvalidOperationException("a reference global has no raw bits; set Value");
            if (Type.ValueKind == ValueKind.V128) throw new InvalidOperationException("a v128 global has 128 bits; set Value");
            Value = WasmValue.FromBits(Type.ValueKind, value);
        }
    }

    /// <summary>Initialises the value regardless of mutability (instantiation only).</summary>
    internal void Initialize(WasmValue value)
    {
        Bits = (long)value.Bits;
        HighBits = (long)value.HighBits;
        Reference = value.Reference;
    }
}
