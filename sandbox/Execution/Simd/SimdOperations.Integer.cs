using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;
using V = System.Runtime.Intrinsics.Vector128<byte>;

namespace Plover.Sandbox.Execution;

/// <summary>
/// Integer lane arithmetic: wrapping add, sub, mul, neg and abs (abs of the minimum stays the
/// minimum), saturating add and sub, min, max, rounding average, population count and shifts
/// whose count is taken modulo the lane width.
/// </summary>
internal static partial class SimdOperations
{
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static V I8x16Add(V a, V b) => a + b;
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static V I16x8Add(V a, V b) => (a.AsUInt16() + b.AsUInt16()).AsByte();
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static V I32x4Add(V a, V b) => (a.AsUInt32() + b.AsUInt32()).AsByte();
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static V I64x2Add(V a, V b) => (a.AsUInt64() + b.AsUInt64()).AsByte();
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static V I8x16Sub(V a, V b) => a - b;
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static V I16x8Sub(V a, V b) => (a.AsUInt16() - b.AsUInt16()).AsByte();
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static V I32x4Sub(V a, V b) => (a.AsUInt32() - b.AsUInt32()).AsByte();
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static V I64x2Sub(V a, V b) => (a.AsUInt64() - b.AsUInt64()).AsByte();
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static V I16x8Mul(V a, V b) => (a.AsUInt16() * b.AsUInt16()).AsByte();
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static V I32x4Mul(V a, V b) => (a.AsUInt32() * b.AsUInt32()).AsByte();
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static V I64x2Mul(V a, V b) => (a.AsUInt64() * b.AsUInt64()).AsByte();

    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static V I8x16Neg(V a) => (V.Zero - a);
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static V I16x8Neg(V a) => (Vector128<ushort>.Zero - a.AsUInt16()).AsByte();
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static V I32x4Neg(V a) => (Vector128<uint>.Zero - a.AsUInt32()).AsByte();
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static V I64x2Neg(V a) => (Vector128<ulong>.Zero - a.AsUInt64()).AsByte();

    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static V I8x16Abs(V a) => Vector128.ConditionalSelect(Vector128.IsNegative(a.AsSByte()), -a.AsSByte(), a.AsSByte()).AsByte();
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static V I16x8Abs(V a) => Vector128.ConditionalSelect(Vector128.IsNegative(a.AsInt16()), -a.AsInt16(), a.AsInt16()).AsByte();
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static V I32x4Abs(V a) => Vector128.ConditionalSelect(Vector128.IsNegative(a.AsInt32()), -a.AsInt32(), a.AsInt32()).AsByte();
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static V I64x2Abs(V a) => Vector128.ConditionalSelect(Vector128.IsNegative(a.AsInt64()), -a.AsInt64(), a.AsInt64()).AsByte();

    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static V I8x16AddSatS(V a, V b) => Sse2.AddSaturate(a.AsSByte(), b.AsSByte()).AsByte();
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static V I8x16AddSatU(V a, V b) => Sse2.AddSaturate(a, b);
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static V I16x8AddSatS(V a, V b) => Sse2.AddSaturate(a.AsInt16(), b.AsInt16()).AsByte();
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static V I16x8AddSatU(V a, V b) => Sse2.AddSaturate(a.AsUInt16(), b.AsUInt16()).AsByte();
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static V I8x16SubSatS(V a, V b) => Sse2.SubtractSaturate(a.AsSByte(), b.AsSByte()).AsByte();
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static V I8x16SubSatU(V a, V b) => Sse2.SubtractSaturate(a, b);
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static V I16x8SubSatS(V a, V b) => Sse2.SubtractSaturate(a.AsInt16(), b.AsInt16()).AsByte();
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static V I16x8SubSatU(V a, V b) => Sse2.SubtractSaturate(a.AsUInt16(), b.AsUInt16()).AsByte();

    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static V I8x16MinS(V a, V b) => Vector128.Min(a.AsSByte(), b.AsSByte()).AsByte();
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static V I8x16MinU(V a, V b) => Vector128.Min(a, b);
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static V I8x16MaxS(V a, V b) => Vector128.Max(a.AsSByte(), b.AsSByte()).AsByte();
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static V I8x16MaxU(V a, V b) => Vector128.Max(a, b);
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static V I16x8MinS(V a, V b) => Vector128.Min(a.AsInt16(), b.AsInt16()).AsByte();
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static V I16x8MinU(V a, V b) => Vector128.Min(a.AsUInt16(), b.AsUInt16()).AsByte();
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static V I16x8MaxS(V a, V b) => Vector128.Max(a.AsInt16(), b.AsInt16()).AsByte();
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static V I16x8MaxU(V a, V b) => Vector128.Max(a.AsUInt16(), b.AsUInt16()).AsByte();
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static V I32x4MinS(V a, V b) => Vector128.Min(a.AsInt32(), b.AsInt32()).AsByte();
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static V I32x4MinU(V a, V b) => Vector128.Min(a.AsUInt32(), b.AsUInt32()).AsByte();
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static V I32x4MaxS(V a, V b) => Vector128.Max(a.AsInt32(), b.AsInt32()).AsByte();
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static V I32x4MaxU(V a, V b) => Vector128.Max(a.AsUInt32(), b.AsUInt32()).AsByte();

    /// <summary>(a + b + 1) / 2 without overflow: pavgb computes it exactly.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static V I8x16AvgrU(V a, V b) => Sse2.Average(a, b);
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static V I16x8AvgrU(V a, V b) => Sse2.Average(a.AsUInt16(), b.AsUInt16()).AsByte();

    private static readonly V NibblePopCounts = Vector128.Create((byte)0, 1, 1, 2, 1, 2, 2, 3, 1, 2, 2, 3, 2, 3, 3, 4);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static V I8x16Popcnt(V a) =>
        Vector128.Shuffle(NibblePopCounts, a & Vector128.Create((byte)0x0F)) + Vector128.Shuffle(NibblePopCounts, Vector128.ShiftRightLogical(a, 4));

    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static V I8x16Shl(V a, int count) => Vector128.ShiftLeft(a, count & 7);
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static V I8x16ShrS(V a, int count) => Vector128.ShiftRightArithmetic(a.AsSByte(), count & 7).AsByte();
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static V I8x16ShrU(V a, int count) => Vector128.ShiftRightLogical(a, count & 7);
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static V I16x8Shl(V a, int count) => Vector128.ShiftLeft(a.AsUInt16(), count & 15).AsByte();
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static V I16x8ShrS(V a, int count) => Vector128.ShiftRightArithmetic(a.AsInt16(), count & 15).AsByte();
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static V I16x8ShrU(V a, int count) => Vector128.ShiftRightLogical(a.AsUInt16(), count & 15).AsByte();
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static V I32x4Shl(V a, int count) => Vector128.ShiftLeft(a.AsUInt32(), count & 31).AsByte();
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static V I32x4ShrS(V a, int count) => Vector128.ShiftRightArithmetic(a.AsInt32(), count & 31).AsByte();
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static V I32x4ShrU(V a, int count) => Vector128.ShiftRightLogical(a.AsUInt32(), count & 31).AsByte();
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static V I64x2Shl(V a, int count) => Vector128.ShiftLeft(a.AsUInt64(), count & 63).AsByte();
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static V I64x2ShrS(V a, int count) => Vector128.ShiftRightArithmetic(a.AsInt64(), count & 63).AsByte();
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static V I64x2ShrU(V a, int count) => Vector128.ShiftRightLogical(a.AsUInt64(), count & 63).AsByte();
}
