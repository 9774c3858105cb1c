using System.Globalization;
using System.Text.Json;

namespace Plover.Sandbox.Spec;

/// <summary>An externref value of a spec script (<c>ref.extern N</c>): compared by its number.</summary>
public sealed record SpecExternRef(ulong Number);

/// <summary>
/// Values of wast2json's JSON: unsigned decimal bit patterns, NaN patterns for expected floats,
/// "null" or a number for references.
/// </summary>
public static class SpecValues
{
    public static WasmValue Parse(JsonElement value)
    {
        ValueType type = TypeOf(value.GetProperty("type").GetString()!);
        string text = value.GetProperty("value").GetString()!;
        return type switch
        {
            ValueType.I32 => WasmValue.I32((int)ParseBits(text)),
            ValueType.I64 => WasmValue.I64((long)ParseBits(text)),
            ValueType.F32 => WasmValue.F32Bits((uint)ParseBits(text)),
            ValueType.F64 => WasmValue.F64Bits(ParseBits(text)),
            ValueType.ExternRef => WasmValue.ExternRef(text == "null" ? null : new SpecExternRef(ParseBits(text))),
            _ => text == "null" ? WasmValue.FuncRef(null) : throw new NotSupportedException("a non-null funcref argument"),
        };
    }

    /// <summary>Whether <paramref name="actual"/> is what <paramref name="expected"/> describes; otherwise says why not.</summary>
    public static bool Matches(JsonElement expected, WasmValue actual, out string description)
    {
        ValueType type = TypeOf(expected.GetProperty("type").GetString()!);
        description = $"expected {expected.GetRawText()}, got {actual}";
        if (actual.Type != type) return false;
        if (!expected.TryGetProperty("value", out JsonElement valueElement)) return true;
        string text = valueElement.GetString()!;
        return type switch
        {
            ValueType.F32 when text == "nan:canonical" => (actual.Bits & 0x7FFFFFFF) == 0x7FC00000,
            ValueType.F32 when text == "nan:arithmetic" => (actual.Bits & 0x7FC00000) == 0x7FC00000,
            ValueType.F64 when text == "nan:canonical" => (actual.Bits & 0x7FFFFFFFFFFFFFFF) == 0x7FF8000000000000,
            ValueType.F64 when text == "nan:arithmetic" => (actual.Bits & 0x7FF8000000000000) == 0x7FF8000000000000,
            ValueType.ExternRef => text == "null" ? actual.Reference is null : Equals(actual.Reference, new SpecExternRef(ParseBits(text))),
            ValueType.FuncRef => text == "null" ? actual.Reference is null : actual.Reference is Function,
            _ => actual.Bits == ParseBits(text),
        };
    }

    public static ValueType TypeOf(string name) => name switch
    {
        "i32" => ValueType.I32,
        "i64" => ValueType.I64,
        "f32" => ValueType.F32,
        "f64" => ValueType.F64,
        "externref" => ValueType.ExternRef,
        "funcref" => ValueType.FuncRef,
        "v128" => ValueType.V128,
        _ => throw new NotSupportedException($"value type {name}"),
    };

    private static ulong ParseBits(string text) => ulong.Parse(text, NumberStyles.None, CultureInfo.InvariantCulture);
}
