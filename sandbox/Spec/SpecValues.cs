using System.Buffers.Binary;
using System.Globalization;
using System.Text.Json;

namespace Plover.Sandbox.Spec;

/// <summary>An externref value of a spec script (<c>ref.extern N</c>): compared by its number.</summary>
public sealed record SpecExternRef(ulong Number);

/// <summary>
/// Values of wast2json's JSON: unsigned decimal bit patterns, NaN patterns for expected floats,
/// "null" or a number for references; a v128 is a "lane_type" and an array of lane values (each a
/// bit pattern, or for expected f32/f64 lanes a NaN pattern).
/// </summary>
public static class SpecValues
{
    public static WasmValue Parse(JsonElement value)
    {
        ValueKind type = TypeOf(value.GetProperty("type").GetString()!);
        if (type == ValueKind.V128) return ParseV128(value);
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
        if (type == ValueKind.V128) return V128Matches(expected.GetProperty("lane_type").GetString()!, valueElement, actual);
        string text = valueElement.GetString()!;
        return type switch
        {
            ValueKind.F32 or ValueKind.F64 when text.StartsWith("nan:", StringComparison.Ordinal) => NanMatches(type, text, actual.Bits),
            ValueKind.ExternRef => text == "null" ? actual.Reference is null : Equals(actual.Reference, new SpecExternRef(ParseBits(text))),
            ValueKind.FuncRef => text == "null" ? actual.Reference is null : actual.Reference is Function,
            _ => actual.Bits == ParseBits(text),
        };
    }

    private static bool NanMatches(ValueKind type, string pattern, ulong bits) => (type, pattern) switch
    {
        (ValueKind.F32, "nan:canonical") => (bits & 0x7FFFFFFF) == 0x7FC00000,
        (ValueKind.F32, "nan:arithmetic") => (bits & 0x7FC00000) == 0x7FC00000,
        (ValueKind.F64, "nan:canonical") => (bits & 0x7FFFFFFFFFFFFFFF) == 0x7FF8000000000000,
        (ValueKind.F64, "nan:arithmetic") => (bits & 0x7FF8000000000000) == 0x7FF8000000000000,
        _ => throw new NotSupportedException($"NaN pattern {pattern} for {type.Name()}"),
    };

    private static WasmValue ParseV128(JsonElement value)
    {
        string laneType = value.GetProperty("lane_type").GetString()!;
        int laneBytes = LaneBytes(laneType);
        Span<byte> bytes = stackalloc byte[16];
        int lane = 0;
        foreach (JsonElement element in value.GetProperty("value").EnumerateArray())
        {
            if (lane * laneBytes >= 16) throw new NotSupportedException($"a v128 of {laneType} with more than {16 / laneBytes} lanes");
            ulong bits = ParseBits(element.GetString()!);
            for (int b = 0; b < laneBytes; b++) bytes[lane * laneBytes + b] = (byte)(bits >> (8 * b));
            lane++;
        }
        if (lane * laneBytes != 16) throw new NotSupportedException($"a v128 of {laneType} with {lane} lanes");
        return WasmValue.V128(BinaryPrimitives.ReadUInt64LittleEndian(bytes), BinaryPrimitives.ReadUInt64LittleEndian(bytes[8..]));
    }

    /// <summary>Compares lane by lane, so a lane may be a NaN pattern.</summary>
    private static bool V128Matches(string laneType, JsonElement lanes, WasmValue actual)
    {
        int laneBytes = LaneBytes(laneType);
        ValueKind? floatType = laneType switch { "f32" => ValueKind.F32, "f64" => ValueKind.F64, _ => null };
        Span<byte> bytes = stackalloc byte[16];
        BinaryPrimitives.WriteUInt64LittleEndian(bytes, actual.Bits);
        BinaryPrimitives.WriteUInt64LittleEndian(bytes[8..], actual.HighBits);
        int lane = 0;
        foreach (JsonElement element in lanes.EnumerateArray())
        {
            ulong actualLane = 0;
            for (int b = 0; b < laneBytes; b++) actualLane |= (ulong)bytes[lane * laneBytes + b] << (8 * b);
            string text = element.GetString()!;
            bool same = floatType is ValueKind laneKind && text.StartsWith("nan:", StringComparison.Ordinal)
                ? NanMatches(laneKind, text, actualLane)
                : actualLane == ParseBits(text);
            if (!same) return false;
            lane++;
        }
        return lane * laneBytes == 16;
    }

    private static int LaneBytes(string laneType) => laneType switch
    {
        "i8" => 1,
        "i16" => 2,
        "i32" or "f32" => 4,
        "i64" or "f64" => 8,
        _ => throw new NotSupportedException($"v128 lane type {laneType}"),
    };

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
