using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;
using V = System.Runtime.Intrinsics.Vector128<byte>;

namespace Plover.Sandbox.Execution;

/// <summary>
/// The SIMD instructions as compiled code performs them, one method per instruction named after it
/// (see <see cref="SimdInstruction.HelperName"/>). A v128 is a <see cref="Vector128{T}"/> of bytes
/// in compiled code; each method reinterprets it as the lanes it works on (free for the JIT).
/// This part: constants, shuffles, splats and lane access.
/// </summary>
internal static partial class SimdOperations
{
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static V V128Const(long low, long high) => Vector128.Create(low, high).AsByte();

    /// <summary>Lane indices are validated below 32: 0-15 pick from <paramref name="a"/>, 16-31 from <paramref name="b"/>.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static V I8x16Shuffle(V a, V b, long low, long high)
    {
        V indices = Vector128.Create(low, high).AsByte();
        // Vector128.Shuffle yields 0 for an index past 15, so each operand contributes only its own lanes.
        return Vector128.Shuffle(a, indices) | Vector128.Shuffle(b, indices - Vector128.Create((byte)16));
    }

    /// <summary>Indices of 16 or more (as unsigned bytes) give 0, as Vector128.Shuffle does.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static V I8x16Swizzle(V a, V indices) => Vector128.Shuffle(a, indices);

    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static V I8x16Splat(int x) => Vector128.Create((byte)x);
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static V I16x8Splat(int x) => Vector128.Create((ushort)x).AsByte();
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static V I32x4Splat(int x) => Vector128.Create(x).AsByte();
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static V I64x2Splat(long x) => Vector128.Create(x).AsByte();
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static V F32x4Splat(float x) => Vector128.Create(x).AsByte();
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static V F64x2Splat(double x) => Vector128.Create(x).AsByte();

    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static int I8x16ExtractLaneS(V v, int lane) => v.AsSByte().GetElement(lane);
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static int I8x16ExtractLaneU(V v, int lane) => v.GetElement(lane);
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static int I16x8ExtractLaneS(V v, int lane) => v.AsInt16().GetElement(lane);
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static int I16x8ExtractLaneU(V v, int lane) => v.AsUInt16().GetElement(lane);
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static int I32x4ExtractLane(V v, int lane) => v.AsInt32().GetElement(lane);
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static long I64x2ExtractLane(V v, int lane) => v.AsInt64().GetElement(lane);
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static float F32x4ExtractLane(V v, int lane) => v.AsSingle().GetElement(lane);
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static double F64x2ExtractLane(V v, int lane) => v.AsDouble().GetElement(lane);

    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static V I8x16ReplaceLane(V v, int x, int lane) => v.WithElement(lane, (byte)x);
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static V I16x8ReplaceLane(V v, int x, int lane) => v.AsUInt16().WithElement(lane, (ushort)x).AsByte();
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static V I32x4ReplaceLane(V v, int x, int lane) => v.AsInt32().WithElement(lane, x).AsByte();
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static V I64x2ReplaceLane(V v, long x, int lane) => v.AsInt64().WithElement(lane, x).AsByte();
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static V F32x4ReplaceLane(V v, float x, int lane) => v.AsSingle().WithElement(lane, x).AsByte();
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static V F64x2ReplaceLane(V v, double x, int lane) => v.AsDouble().WithElement(lane, x).AsByte();
}
