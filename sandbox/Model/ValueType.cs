namespace Plover.Sandbox;

/// <summary>A WebAssembly value type; each member's value is its byte in the binary format.</summary>
public enum ValueType : byte
{
    I32 = 0x7F,
    I64 = 0x7E,
    F32 = 0x7D,
    F64 = 0x7C,
    V128 = 0x7B,
    FuncRef = 0x70,
    ExternRef = 0x6F,
}

/// <summary>Facts about value types the decoder, validator and compiler share.</summary>
public static class ValueTypes
{
    /// <summary>Whether <paramref name="type"/> is a reference type (funcref or externref).</summary>
    public static bool IsReference(this ValueType type) => type is ValueType.FuncRef or ValueType.ExternRef;

    /// <summary>Whether <paramref name="type"/> is a numeric type (i32, i64, f32, f64).</summary>
    public static bool IsNumeric(this ValueType type) => type is ValueType.I32 or ValueType.I64 or ValueType.F32 or ValueType.F64;

    /// <summary>The name used in the text format, for messages.</summary>
    public static string Name(this ValueType type) => type switch
    {
        ValueType.I32 => "i32",
        ValueType.I64 => "i64",
        ValueType.F32 => "f32",
        ValueType.F64 => "f64",
        ValueType.V128 => "v128",
        ValueType.FuncRef => "funcref",
        ValueType.ExternRef => "externref",
        _ => $"0x{(byte)type:X2}",
    };
}
