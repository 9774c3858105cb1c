using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;
using V = System.Runtime.Intrinsics.Vector128<byte>;

namespace Plover.Sandbox.Execution;

/// <summary>Bitwise operations, lane tests and bit masks.</summary>
internal static partial class SimdOperations
{
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static V V128Not(V a) => ~a;
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static V V128And(V a, V b) => a & b;
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static V V128Andnot(V a, V b) => Vector128.AndNot(a, b);
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static V V128Or(V a, V b) => a | b;
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static V V128Xor(V a, V b) => a ^ b;
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static V V128Bitselect(V a, V b, V mask) => Vector128.ConditionalSelect(mask, a, b);
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static int V128AnyTrue(V a) => a != V.Zero ? 1 : 0;

    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static int I8x16AllTrue(V a) => Vector128.EqualsAny(a, V.Zero) ? 0 : 1;
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static int I16x8AllTrue(V a) => Vector128.EqualsAny(a.AsUInt16(), Vector128<ushort>.Zero) ? 0 : 1;
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static int I32x4AllTrue(V a) => Vector128.EqualsAny(a.AsUInt32(), Vector128<uint>.Zero) ? 0 : 1;
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static int I64x2AllTrue(V a) => Vector128.EqualsAny(a.AsUInt64(), Vector128<ulong>.Zero) ? 0 : 1;

    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static int I8x16Bitmask(V a) => (int)a.AsSByte().ExtractMostSignificantBits();
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static int I16x8Bitmask(V a) => (int)a.AsInt16().ExtractMostSignificantBits();
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static int I32x4Bitmask(V a) => (int)a.AsInt32().ExtractMostSignificantBits();
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static int I64x2Bitmask(V a) => (int)a.AsInt64().ExtractMostSignificantBits();
}
