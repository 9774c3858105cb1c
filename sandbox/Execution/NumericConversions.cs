using System.Runtime.CompilerServices;

namespace Plover.Sandbox.Execution;

/// <summary>
/// Float-to-integer truncations (trapping and saturating) and unsigned integer-to-float
/// conversions, with the exact range limits wasm defines. Bounds are powers of two, so they are
/// exact in both float widths.
/// </summary>
internal static class NumericConversions
{
    private const double TwoTo31 = 2147483648.0;
    private const double TwoTo32 = 4294967296.0;
    private const double TwoTo63 = 9223372036854775808.0;
    private const double TwoTo64 = 18446744073709551616.0;

    // Trapping truncations: NaN is an invalid conversion, anything outside the range an overflow.
    // The range test is done in double (exact for every f32 value) on the truncated value's bounds.

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static int TruncF32ToI32(float value) => TruncToI32(value);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static int TruncF64ToI32(double value) => TruncToI32(value);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static int TruncF32ToU32(float value) => TruncToU32(value);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static int TruncF64ToU32(double value) => TruncToU32(value);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static long TruncF32ToI64(float value) => TruncToI64(value);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static long TruncF64ToI64(double value) => TruncToI64(value);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static long TruncF32ToU64(float value) => TruncToU64(value);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static long TruncF64ToU64(double value) => TruncToU64(value);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static int TruncToI32(double value)
    {
        if (double.IsNaN(value)) throw Traps.InvalidConversion();
        if (value <= -TwoTo31 - 1 || value >= TwoTo31) throw Traps.IntegerOverflow();
        return (int)value;
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static int TruncToU32(double value)
    {
        if (double.IsNaN(value)) throw Traps.InvalidConversion();
        if (value <= -1.0 || value >= TwoTo32) throw Traps.IntegerOverflow();
        return (int)(uint)value;
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static long TruncToI64(double value)
    {
        if (double.IsNaN(value)) throw Traps.InvalidConversion();
        if (value < -TwoTo63 || value >= TwoTo63) throw Traps.IntegerOverflow();
        return (long)value;
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static long TruncToU64(double value)
    {
        if (double.IsNaN(value)) throw Traps.InvalidConversion();
        if (value <= -1.0 || value >= TwoTo64) throw Traps.IntegerOverflow();
        return (long)(ulong)value;
    }

    // Saturating truncations: NaN gives 0, out-of-range values clamp.

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static int SatF32ToI32(float value) => SatToI32(value);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static int SatF64ToI32(double value) => SatToI32(value);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static int SatF32ToU32(float value) => SatToU32(value);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static int SatF64ToU32(double value) => SatToU32(value);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static long SatF32ToI64(float value) => SatToI64(value);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static long SatF64ToI64(double value) => SatToI64(value);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static long SatF32ToU64(float value) => SatToU64(value);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static long SatF64ToU64(double value) => SatToU64(value);

    private static int SatToI32(double value) =>
        double.IsNaN(value) ? 0 : value <= -TwoTo31 ? int.MinValue : value >= TwoTo31 ? int.MaxValue : (int)value;

    private static int SatToU32(double value) =>
        double.IsNaN(value) || value <= 0 ? 0 : value >= TwoTo32 ? -1 : (int)(uint)value;

    private static long SatToI64(double value) =>
        double.IsNaN(value) ? 0 : value <= -TwoTo63 ? long.MinValue : value >= TwoTo63 ? long.MaxValue : (long)value;

    private static long SatToU64(double value) =>
        double.IsNaN(value) || value <= 0 ? 0 : value >= TwoTo64 ? -1 : (long)(ulong)value;

    // Unsigned integer to float. u32 fits exactly in a double, so one rounding; u64 is rounded
    // once by halving with a sticky bit when it does not fit a signed conversion.

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static float U32ToF32(int value) => (float)(double)(uint)value;

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static double U32ToF64(int value) => (uint)value;

    public static float U64ToF32(long value)
    {
        if (value >= 0) return value;
        ulong bits = (ulong)value;
        long halved = (long)((bits >> 1) | (bits & 1));
        return (float)halved * 2f;
    }

    public static double U64ToF64(long value)
    {
        if (value >= 0) return value;
        ulong bits = (ulong)value;
        long halved = (long)((bits >> 1) | (bits & 1));
        return (double)halved * 2.0;
    }
}
