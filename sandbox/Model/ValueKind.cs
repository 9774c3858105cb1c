namespace Plover.Sandbox;

/// <summary>A WebAssembly value type; each member's value is its byte in the binary format.</summary>
public enum ValueKind : byte
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
public static class ValueKinds
{
    /// <summary>Whether <paramref name="type"/> is a reference type (funcref or externref).</summary>
    public static bool IsReference(this ValueKind type) => type is ValueKind.FuncRef or ValueKind.ExternRef;

    /// <summary>Whether <paramref name="type"/> is a numeric type (i32, i64, f32, f64).</summary>
    public static bool IsNumeric(this ValueKind type) => type is ValueKind.I32 or ValueKind.I64 or ValueKind.F32 or ValueKind.F64;

    /// <summary>The name used in the text format, for messages.</summary>
    public static string Name(this ValueKind type) => type switch
    {
        ValueKind.I32 => "i32",
        ValueKind.I64 => "i64",
        ValueKind.F32 => "f32",
        ValueKind.F64 => "f64",
        ValueKind.V128 => "v128",
        ValueKind.FuncRef => "funcref",
        ValueKind.ExternRef => "externref",
        _ => $"0x{(byte)type:X2}",
    };
}
