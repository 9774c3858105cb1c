using System.Runtime.Intrinsics;

namespace Plover.Sandbox;

/// <summary>
/// A value crossing the boundary between the host and the guest: a number kept as raw bits (a v128
/// as two 64-bit halves), or a reference (a <see cref="Function"/> for funcref, any object for
/// externref; null is the null reference).
/// </summary>
public readonly struct WasmValue : IEquatable<WasmValue>
{
    private readonly long bits;
    private readonly long highBits;
    private readonly object? reference;

    private WasmValue(ValueKind type, long bits, object? reference, long highBits = 0)
    {
        Type = type;
        this.bits = bits;
        this.highBits = highBits;
        this.reference = reference;
    }

    public ValueKind Type { get; }

    /// <summary>The raw bits of a number (i32 and f32 zero-extended); the low 64 bits of a v128.</summary>
    public ulong Bits => (ulong)bits;

    /// <summary>The high 64 bits of a v128 (bytes 8 to 15 in memory order); 0 for every other type.</summary>
    public ulong HighBits => (ulong)highBits;

    public object? Reference => reference;

    public static WasmValue I32(int value) => new(ValueKind.I32, (long)(uint)value, null);
    public static WasmValue I64(long value) => new(ValueKind.I64, value, null);
    public static WasmValue F32(float value) => new(ValueKind.F32, (long)(uint)BitConverter.SingleToInt32Bits(value), null);
    public static WasmValue F64(double value) => new(ValueKind.F64, BitConverter.DoubleToInt64Bits(value), null);
    public static WasmValue F32Bits(uint bits) => new(ValueKind.F32, bits, null);
    public static WasmValue F64Bits(ulong bits) => new(ValueKind.F64, (long)bits, null);
    public static WasmValue V128(ulong lowBits, ulong highBits) => new(ValueKind.V128, (long)lowBits, null, (long)highBits);
    public static WasmValue V128(Vector128<byte> value) => V128(value.AsUInt64().GetElement(0), value.AsUInt64().GetElement(1));
    public static WasmValue FuncRef(Function? function) => new(ValueKind.FuncRef, 0, function);
    public static WasmValue ExternRef(object? value) => new(ValueKind.ExternRef, 0, value);

    /// <summary>A value of <paramref name="type"/> from raw bits (numbers) or a reference.</summary>
    public static WasmValue FromBits(ValueKind type, ulong bits, object? reference = null) =>
        type.IsReference() ? new(type, 0, reference) : new(type, type is ValueKind.I32 or ValueKind.F32 ? (long)(uint)bits : (long)bits, null);

    /// <summary>The zero value of a type (0, +0.0 or null).</summary>
    public static WasmValue Default(ValueKind type) => new(type, 0, null);

    public int AsI32() => (int)bits;
    public long AsI64() => bits;
    public float AsF32() => BitConverter.Int32BitsToSingle((int)bits);
    public double AsF64() => BitConverter.Int64BitsToDouble(bits);
    public Function? AsFunction() => reference as Function;
    public Vector128<byte> AsV128() => Vector128.Create(bits, highBits).AsByte();

    /// <summary>
    /// Whether the value may be given to the guest as a <paramref name="expected"/>: the same type,
    /// and for funcref, null or a <see cref="Function"/> (compiled code relies on it).
    /// </summary>
    public bool IsValidAs(ValueKind expected) =>
        Type == expected && (expected != ValueKind.FuncRef || reference is null or Function);

    public bool Equals(WasmValue other) => Type == other.Type && bits == other.bits && highBits == other.highBits && ReferenceEquals(reference, other.reference);
    public override bool Equals(object? obj) => obj is WasmValue other && Equals(other);
    public override int GetHashCode() => HashCode.Combine(Type, bits, highBits, reference);
    public static bool operator ==(WasmValue left, WasmValue right) => left.Equals(right);
    public static bool operator !=(WasmValue left, WasmValue right) => !left.Equals(right);

    public override string ToString() => Type switch
    {
        ValueKind.I32 => $"i32:{AsI32()}",
        ValueKind.I64 => $"i64:{AsI64()}",
        ValueKind.F32 => $"f32:{AsF32()} (0x{Bits:X8})",
        ValueKind.F64 => $"f64:{AsF64()} (0x{Bits:X16})",
        ValueKind.V128 => $"v128:0x{HighBits:X16}{Bits:X16}",
        _ => $"{Type.Name()}:{reference?.ToString() ?? "null"}",
    };

    // Used by compiled trampolines: pack a typed value, unpack to the IL type.
    internal static WasmValue FromI32(int value) => I32(value);
    internal static WasmValue FromI64(long value) => I64(value);
    internal static WasmValue FromF32(float value) => new(ValueKind.F32, (long)(uint)BitConverter.SingleToInt32Bits(value), null);
    internal static WasmValue FromF64(double value) => new(ValueKind.F64, BitConverter.DoubleToInt64Bits(value), null);
    internal static WasmValue FromV128(Vector128<byte> value) => V128(value);
    internal static WasmValue FromFuncRef(object? value) => new(ValueKind.FuncRef, 0, value);
    internal static WasmValue FromExternRef(object? value) => new(ValueKind.ExternRef, 0, value);
}
