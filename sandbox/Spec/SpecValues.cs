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
        ValueKind type = TypeOf(value.GetProperty("type").GetString()!);
        string text = value.GetProperty("value").GetString()!;
        return type switch
        {
            ValueKind.I32 => WasmValue.I32((int)ParseBits(text)),
            ValueKind.I64 => WasmValue.I64((long)ParseBits(text)),
            ValueKind.F32 => WasmValue.F32Bits((uint)ParseBits(text)),
            ValueKind.F64 => WasmValue.F64Bits(ParseBits(text)),
            ValueKind.ExternRef => WasmValue.ExternRef(text == "null" ? null : new SpecExternRef(ParseBits(text))),
            _ => text == "null" ? WasmValue.FuncRef(null) : throw new NotSupportedException("a non-null funcref argument"),
        };
    }

    /// <summary>Whether <paramref name="actual"/> is what <paramref name="expected"/> describes; otherwise says why not.</summary>
    public static bool Matches(JsonElement expected, WasmValue actual, out string description)
    {
        ValueKind type = TypeOf(expected.GetProperty("type").GetString()!);
        description = $"expected {expected.GetRawText()}, got {actual}";
        if (actual.Type != type) return false;
        if (!expected.TryGetProperty("value", out JsonElement valueElement)) return true;
        string text = valueElement.GetString()!;
        return type switch
        {
            ValueKind.F32 when text == "nan:canonical" => (actual.Bits & 0x7FFFFFFF) == 0x7FC00000,
            ValueKind.F32 when text == "nan:arithmetic" => (actual.Bits & 0x7FC00000) == 0x7FC00000,
            ValueKind.F64 when text == "nan:canonical" => (actual.Bits & 0x7FFFFFFFFFFFFFFF) == 0x7FF8000000000000,
            ValueKind.F64 when text == "nan:arithmetic" => (actual.Bits & 0x7FF8000000000000) == 0x7FF8000000000000,
            ValueKind.ExternRef => text == "null" ? actual.Reference is null : Equals(actual.Reference, new SpecExternRef(ParseBits(text))),
            ValueKind.FuncRef => text == "null" ? actual.Reference is null : actual.Reference is Function,
            _ => actual.Bits == ParseBits(text),
        };
    }

    public static ValueKind TypeOf(string name) => name switch
    {
        "i32" => ValueKind.I32,
        "i64" => ValueKind.I64,
        "f32" => ValueKind.F32,
        "f64" => ValueKind.F64,
        "externref" => ValueKind.ExternRef,
        "funcref" => ValueKind.FuncRef,
        "v128" => ValueKind.V128,
        _ => throw new NotSupportedException($"value type {name}"),
    };

    private static ulong ParseBits(string text) => ulong.Parse(text, NumberStyles.None, CultureInfo.InvariantCulture);
}
