using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;
using V = System.Runtime.Intrinsics.Vector128<byte>;

namespace Plover.Sandbox.Execution;

/// <summary>
/// Float lane arithmetic with wasm's rules: abs and neg touch only the sign bit (NaN payloads kept),
/// min and max propagate NaN and order -0 below +0, pmin and pmax are the plain "b &lt; a ? b : a"
/// selections, nearest rounds half to even. The x86 instructions produce quiet NaNs, which wasm's
/// NaN rules allow.
/// </summary>
internal static partial class SimdOperations
{
    private static readonly Vector128<uint> SignF32 = Vector128.Create(0x8000_0000u);
    private static readonly Vector128<ulong> SignF64 = Vector128.Create(0x8000_0000_0000_0000ul);

    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static V F32x4Abs(V a) => Vector128.AndNot(a.AsUInt32(), SignF32).AsByte();
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static V F64x2Abs(V a) => Vector128.AndNot(a.AsUInt64(), SignF64).AsByte();
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static V F32x4Neg(V a) => (a.AsUInt32() ^ SignF32).AsByte();
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static V F64x2Neg(V a) => (a.AsUInt64() ^ SignF64).AsByte();

    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static V F32x4Sqrt(V a) => Vector128.Sqrt(a.AsSingle()).AsByte();
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static V F64x2Sqrt(V a) => Vector128.Sqrt(a.AsDouble()).AsByte();
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static V F32x4Add(V a, V b) => (a.AsSingle() + b.AsSingle()).AsByte();
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static V F64x2Add(V a, V b) => (a.AsDouble() + b.AsDouble()).AsByte();
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static V F32x4Sub(V a, V b) => (a.AsSingle() - b.AsSingle()).AsByte();
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static V F64x2Sub(V a, V b) => (a.AsDouble() - b.AsDouble()).AsByte();
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static V F32x4Mul(V a, V b) => (a.AsSingle() * b.AsSingle()).AsByte();
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static V F64x2Mul(V a, V b) => (a.AsDouble() * b.AsDouble()).AsByte();
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static V F32x4Div(V a, V b) => (a.AsSingle() / b.AsSingle()).AsByte();
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static V F64x2Div(V a, V b) => (a.AsDouble() / b.AsDouble()).AsByte();

    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static V F32x4Ceil(V a) => Sse41.RoundToPositiveInfinity(a.AsSingle()).AsByte();
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static V F64x2Ceil(V a) => Sse41.RoundToPositiveInfinity(a.AsDouble()).AsByte();
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static V F32x4Floor(V a) => Sse41.RoundToNegativeInfinity(a.AsSingle()).AsByte();
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static V F64x2Floor(V a) => Sse41.RoundToNegativeInfinity(a.AsDouble()).AsByte();
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static V F32x4Trunc(V a) => Sse41.RoundToZero(a.AsSingle()).AsByte();
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static V F64x2Trunc(V a) => Sse41.RoundToZero(a.AsDouble()).AsByte();
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static V F32x4Nearest(V a) => Sse41.RoundToNearestInteger(a.AsSingle()).AsByte();
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static V F64x2Nearest(V a) => Sse41.RoundToNearestInteger(a.AsDouble()).AsByte();

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static V F32x4Min(V a, V b)
    {
        Vector128<float> x = a.AsSingle(), y = b.AsSingle();
        // Equal lanes (-0 and +0 included) give the OR of both, i.e. -0 when either is -0.
        Vector128<float> ordered = Vector128.ConditionalSelect(Vector128.LessThan(x, y), x,
            Vector128.ConditionalSelect(Vector128.LessThan(y, x), y, (x.AsUInt32() | y.AsUInt32()).AsSingle()));
        return Vector128.ConditionalSelect(Unordered(x, y), x + y, ordered).AsByte();
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static V F32x4Max(V a, V b)
    {
        Vector128<float> x = a.AsSingle(), y = b.AsSingle();
        // Equal lanes give the AND of both, i.e. +0 when either is +0.
        Vector128<float> ordered = Vector128.ConditionalSelect(Vector128.GreaterThan(x, y), x,
            Vector128.ConditionalSelect(Vector128.GreaterThan(y, x), y, (x.AsUInt32() & y.AsUInt32()).AsSingle()));
        return Vector128.ConditionalSelect(Unordered(x, y), x + y, ordered).AsByte();
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static V F64x2Min(V a, V b)
    {
        Vector128<double> x = a.AsDouble(), y = b.AsDouble();
        Vector128<double> ordered = Vector128.ConditionalSelect(Vector128.LessThan(x, y), x,
            Vector128.ConditionalSelect(Vector128.LessThan(y, x), y, (x.AsUInt64() | y.AsUInt64()).AsDouble()));
        return Vector128.ConditionalSelect(Unordered(x, y), x + y, ordered).AsByte();
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static V F64x2Max(V a, V b)
    {
        Vector128<double> x = a.AsDouble(), y = b.AsDouble();
        Vector128<double> ordered = Vector128.ConditionalSelect(Vector128.GreaterThan(x, y), x,
            Vector128.ConditionalSelect(Vector128.GreaterThan(y, x), y, (x.AsUInt64() & y.AsUInt64()).AsDouble()));
        return Vector128.ConditionalSelect(Unordered(x, y), x + y, ordered).AsByte();
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static V F32x4Pmin(V a, V b) => Vector128.ConditionalSelect(Vector128.LessThan(b.AsSingle(), a.AsSingle()).AsByte(), b, a);
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static V F32x4Pmax(V a, V b) => Vector128.ConditionalSelect(Vector128.LessThan(a.AsSingle(), b.AsSingle()).AsByte(), b, a);
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static V F64x2Pmin(V a, V b) => Vector128.ConditionalSelect(Vector128.LessThan(b.AsDouble(), a.AsDouble()).AsByte(), b, a);
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static V F64x2Pmax(V a, V b) => Vector128.ConditionalSelect(Vector128.LessThan(a.AsDouble(), b.AsDouble()).AsByte(), b, a);

    /// <summary>All ones in lanes where either operand is NaN.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static Vector128<float> Unordered(Vector128<float> x, Vector128<float> y) => ~(Vector128.Equals(x, x) & Vector128.Equals(y, y));

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static Vector128<double> Unordered(Vector128<double> x, Vector128<double> y) => ~(Vector128.Equals(x, x) & Vector128.Equals(y, y));
}
