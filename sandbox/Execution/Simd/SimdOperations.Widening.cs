using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;
using V = System.Runtime.Intrinsics.Vector128<byte>;

namespace Plover.Sandbox.Execution;

/// <summary>
/// Operations between lane widths: saturating narrowing (inputs read as signed), sign or zero
/// extension, extended multiplication, pairwise extended addition, the i16 dot product and the
/// Q15 rounding multiplication.
/// </summary>
internal static partial class SimdOperations
{
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static V I8x16NarrowI16x8S(V a, V b) => Sse2.PackSignedSaturate(a.AsInt16(), b.AsInt16()).AsByte();
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static V I8x16NarrowI16x8U(V a, V b) => Sse2.PackUnsignedSaturate(a.AsInt16(), b.AsInt16());
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static V I16x8NarrowI32x4S(V a, V b) => Sse2.PackSignedSaturate(a.AsInt32(), b.AsInt32()).AsByte();
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static V I16x8NarrowI32x4U(V a, V b) => Sse41.PackUnsignedSaturate(a.AsInt32(), b.AsInt32()).AsByte();

    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static V I16x8ExtendLowI8x16S(V a) => Vector128.WidenLower(a.AsSByte()).AsByte();
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static V I16x8ExtendHighI8x16S(V a) => Vector128.WidenUpper(a.AsSByte()).AsByte();
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static V I16x8ExtendLowI8x16U(V a) => Vector128.WidenLower(a).AsByte();
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static V I16x8ExtendHighI8x16U(V a) => Vector128.WidenUpper(a).AsByte();
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static V I32x4ExtendLowI16x8S(V a) => Vector128.WidenLower(a.AsInt16()).AsByte();
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static V I32x4ExtendHighI16x8S(V a) => Vector128.WidenUpper(a.AsInt16()).AsByte();
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static V I32x4ExtendLowI16x8U(V a) => Vector128.WidenLower(a.AsUInt16()).AsByte();
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static V I32x4ExtendHighI16x8U(V a) => Vector128.WidenUpper(a.AsUInt16()).AsByte();
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static V I64x2ExtendLowI32x4S(V a) => Vector128.WidenLower(a.AsInt32()).AsByte();
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static V I64x2ExtendHighI32x4S(V a) => Vector128.WidenUpper(a.AsInt32()).AsByte();
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static V I64x2ExtendLowI32x4U(V a) => Vector128.WidenLower(a.AsUInt32()).AsByte();
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static V I64x2ExtendHighI32x4U(V a) => Vector128.WidenUpper(a.AsUInt32()).AsByte();

    // Products of extended lanes always fit the wide lane, so a wrapping multiply is exact.
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static V I16x8ExtmulLowI8x16S(V a, V b) => (Vector128.WidenLower(a.AsSByte()) * Vector128.WidenLower(b.AsSByte())).AsByte();
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static V I16x8ExtmulHighI8x16S(V a, V b) => (Vector128.WidenUpper(a.AsSByte()) * Vector128.WidenUpper(b.AsSByte())).AsByte();
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static V I16x8ExtmulLowI8x16U(V a, V b) => (Vector128.WidenLower(a) * Vector128.WidenLower(b)).AsByte();
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static V I16x8ExtmulHighI8x16U(V a, V b) => (Vector128.WidenUpper(a) * Vector128.WidenUpper(b)).AsByte();
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static V I32x4ExtmulLowI16x8S(V a, V b) => (Vector128.WidenLower(a.AsInt16()) * Vector128.WidenLower(b.AsInt16())).AsByte();
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static V I32x4ExtmulHighI16x8S(V a, V b) => (Vector128.WidenUpper(a.AsInt16()) * Vector128.WidenUpper(b.AsInt16())).AsByte();
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static V I32x4ExtmulLowI16x8U(V a, V b) => (Vector128.WidenLower(a.AsUInt16()) * Vector128.WidenLower(b.AsUInt16())).AsByte();
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static V I32x4ExtmulHighI16x8U(V a, V b) => (Vector128.WidenUpper(a.AsUInt16()) * Vector128.WidenUpper(b.AsUInt16())).AsByte();
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static V I64x2ExtmulLowI32x4S(V a, V b) => (Vector128.WidenLower(a.AsInt32()) * Vector128.WidenLower(b.AsInt32())).AsByte();
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static V I64x2ExtmulHighI32x4S(V a, V b) => (Vector128.WidenUpper(a.AsInt32()) * Vector128.WidenUpper(b.AsInt32())).AsByte();
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static V I64x2ExtmulLowI32x4U(V a, V b) => (Vector128.WidenLower(a.AsUInt32()) * Vector128.WidenLower(b.AsUInt32())).AsByte();
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static V I64x2ExtmulHighI32x4U(V a, V b) => (Vector128.WidenUpper(a.AsUInt32()) * Vector128.WidenUpper(b.AsUInt32())).AsByte();

    // Pairwise sums: the even (low) narrow lane of each wide lane plus the odd (high) one, each extended.
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static V I16x8ExtaddPairwiseI8x16S(V a) =>
        (Vector128.ShiftRightArithmetic(Vector128.ShiftLeft(a.AsInt16(), 8), 8) + Vector128.ShiftRightArithmetic(a.AsInt16(), 8)).AsByte();

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static V I16x8ExtaddPairwiseI8x16U(V a) =>
        ((a.AsUInt16() & Vector128.Create((ushort)0xFF)) + Vector128.ShiftRightLogical(a.AsUInt16(), 8)).AsByte();

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static V I32x4ExtaddPairwiseI16x8S(V a) =>
        (Vector128.ShiftRightArithmetic(Vector128.ShiftLeft(a.AsInt32(), 16), 16) + Vector128.ShiftRightArithmetic(a.AsInt32(), 16)).AsByte();

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static V I32x4ExtaddPairwiseI16x8U(V a) =>
        ((a.AsUInt32() & Vector128.Create(0xFFFFu)) + Vector128.ShiftRightLogical(a.AsUInt32(), 16)).AsByte();

    /// <summary>pmaddwd: both products of each pair added; only (-32768)² + (-32768)² wraps, as in wasm.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static V I32x4DotI16x8S(V a, V b) => Sse2.MultiplyAddAdjacent(a.AsInt16(), b.AsInt16()).AsByte();

    /// <summary>
    /// (a * b + 0x4000) >> 15, saturated. pmulhrsw computes it except for -32768 * -32768, whose
    /// result 32768 does not fit: it gives -32768 there, which is turned into 32767.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static V I16x8Q15mulrSatS(V a, V b)
    {
        Vector128<short> product = Ssse3.MultiplyHighRoundScale(a.AsInt16(), b.AsInt16());
        Vector128<short> minimum = Vector128.Create(short.MinValue);
        Vector128<short> overflow = Vector128.Equals(a.AsInt16(), minimum) & Vector128.Equals(b.AsInt16(), minimum);
        return (product ^ overflow).AsByte();
    }
}
