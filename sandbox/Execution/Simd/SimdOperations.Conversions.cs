using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;
using V = System.Runtime.Intrinsics.Vector128<byte>;

namespace Plover.Sandbox.Execution;

/// <summary>
/// Conversions between float and integer lanes: saturating truncation (NaN gives 0, out-of-range
/// values the nearest bound), exact or correctly rounded int-to-float conversion, demotion and
/// promotion. The "_zero" forms fill the upper two lanes with zeros.
/// </summary>
internal static partial class SimdOperations
{
    private const float TwoPow31F32 = 2147483648f;
    private const float TwoPow32F32 = 4294967296f;
    private const double TwoPow52F64 = 4503599627370496.0;

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static V I32x4TruncSatF32x4S(V a)
    {
        Vector128<float> x = a.AsSingle();
        // cvttps2dq gives int.MinValue for NaN and every out-of-range lane: right for the negative ones only.
        Vector128<int> truncated = Sse2.ConvertToVector128Int32WithTruncation(x);
        truncated = Vector128.ConditionalSelect(Vector128.GreaterThanOrEqual(x, Vector128.Create(TwoPow31F32)).AsInt32(), Vector128.Create(int.MaxValue), truncated);
        return (truncated & Vector128.Equals(x, x).AsInt32()).AsByte();
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static V I32x4TruncSatF32x4U(V a)
    {
        // maxps returns its second operand when either is NaN: NaN and negative lanes become +0.
        Vector128<float> x = Sse.Max(a.AsSingle(), Vector128<float>.Zero);
        Vector128<int> small = Sse2.ConvertToVector128Int32WithTruncation(x);
        // Lanes in [2^31, 2^32): subtract 2^31 exactly, truncate, put bit 31 back.
        Vector128<int> large = Sse2.ConvertToVector128Int32WithTruncation(x - Vector128.Create(TwoPow31F32)) ^ Vector128.Create(int.MinValue);
        Vector128<int> result = Vector128.ConditionalSelect(Vector128.GreaterThanOrEqual(x, Vector128.Create(TwoPow31F32)).AsInt32(), large, small);
        return (result | Vector128.GreaterThanOrEqual(x, Vector128.Create(TwoPow32F32)).AsInt32()).AsByte();
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static V I32x4TruncSatF64x2SZero(V a)
    {
        Vector128<double> x = a.AsDouble();
        x &= Vector128.Equals(x, x);  // NaN lanes become +0
        x = Vector128.Min(Vector128.Max(x, Vector128.Create((double)int.MinValue)), Vector128.Create((double)int.MaxValue));
        return Sse2.ConvertToVector128Int32WithTruncation(x).AsByte();  // cvttpd2dq zeroes lanes 2 and 3
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static V I32x4TruncSatF64x2UZero(V a)
    {
        Vector128<double> x = a.AsDouble();
        x &= Vector128.Equals(x, x);
        x = Vector128.Min(Vector128.Max(x, Vector128<double>.Zero), Vector128.Create((double)uint.MaxValue));
        // A whole number below 2^32 plus 2^52 has the number in its low mantissa bits.
        Vector128<uint> bits = (Sse41.RoundToZero(x) + Vector128.Create(TwoPow52F64)).AsUInt32();
        return Vector128.Create(bits.GetElement(0), bits.GetElement(2), 0u, 0u).AsByte();
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static V F32x4ConvertI32x4S(V a) => Vector128.ConvertToSingle(a.AsInt32()).AsByte();

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static V F32x4ConvertI32x4U(V a)
    {
        // Both 16-bit halves convert exactly, and so does high * 2^16; the one addition rounds once.
        Vector128<uint> x = a.AsUInt32();
        Vector128<float> low = Vector128.ConvertToSingle((x & Vector128.Create(0xFFFFu)).AsInt32());
        Vector128<float> high = Vector128.ConvertToSingle(Vector128.ShiftRightLogical(x, 16).AsInt32()) * Vector128.Create(65536f);
        return (high + low).AsByte();
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static V F64x2ConvertLowI32x4S(V a) => Sse2.ConvertToVector128Double(a.AsInt32()).AsByte();

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static V F64x2ConvertLowI32x4U(V a)
    {
        Vector128<ulong> wide = Vector128.WidenLower(a.AsUInt32());
        return ((wide | Vector128.Create(TwoPow52F64).AsUInt64()).AsDouble() - Vector128.Create(TwoPow52F64)).AsByte();
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static V F32x4DemoteF64x2Zero(V a) => Sse2.ConvertToVector128Single(a.AsDouble()).AsByte();
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static V F64x2PromoteLowF32x4(V a) => Sse2.ConvertToVector128Double(a.AsSingle()).AsByte();
}
