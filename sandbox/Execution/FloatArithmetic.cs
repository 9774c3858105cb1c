using System.Runtime.CompilerServices;

namespace Plover.Sandbox.Execution;

/// <summary>
/// Float operations whose wasm semantics differ from a plain CLR call: min/max propagate a quiet
/// NaN (never a signalling one) and order -0 below +0; copysign works on bits so NaN payloads survive.
/// </summary>
internal static class FloatArithmetic
{
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static float MinF32(float a, float b)
    {
        // a + b of a NaN operand yields a quiet NaN (an "arithmetic NaN" in wasm's terms).
        if (float.IsNaN(a) || float.IsNaN(b)) return a + b;
        return MathF.Min(a, b);
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static float MaxF32(float a, float b)
    {
        if (float.IsNaN(a) || float.IsNaN(b)) return a + b;
        return MathF.Max(a, b);
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static double MinF64(double a, double b)
    {
        if (double.IsNaN(a) || double.IsNaN(b)) return a + b;
        return Math.Min(a, b);
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static double MaxF64(double a, double b)
    {
        if (double.IsNaN(a) || double.IsNaN(b)) return a + b;
        return Math.Max(a, b);
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static float CopysignF32(float magnitude, float sign) =>
        BitConverter.Int32BitsToSingle((BitConverter.SingleToInt32Bits(magnitude) & int.MaxValue) | (BitConverter.SingleToInt32Bits(sign) & int.MinValue));

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static double CopysignF64(double magnitude, double sign) =>
        BitConverter.Int64BitsToDouble((BitConverter.DoubleToInt64Bits(magnitude) & long.MaxValue) | (BitConverter.DoubleToInt64Bits(sign) & long.MinValue));

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static float AbsF32(float value) => BitConverter.Int32BitsToSingle(BitConverter.SingleToInt32Bits(value) & int.MaxValue);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static double AbsF64(double value) => BitConverter.Int64BitsToDouble(BitConverter.DoubleToInt64Bits(value) & long.MaxValue);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static float NegF32(float value) => BitConverter.Int32BitsToSingle(BitConverter.SingleToInt32Bits(value) ^ int.MinValue);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static double NegF64(double value) => BitConverter.Int64BitsToDouble(BitConverter.DoubleToInt64Bits(value) ^ long.MinValue);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static float NearestF32(float value) => MathF.Round(value, MidpointRounding.ToEven);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static double NearestF64(double value) => Math.Round(value, MidpointRounding.ToEven);
}
