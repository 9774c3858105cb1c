using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;

namespace Plover.Sandbox.Execution;

/// <summary>
/// global.set as compiled code performs it: the value first (it is already on the evaluation
/// stack), the global second. Numbers are stored as raw bits, i32 and f32 zero-extended.
/// </summary>
internal static class GlobalAccess
{
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static void SetI32(int value, Global global) => global.Bits = (uint)value;
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static void SetI64(long value, Global global) => global.Bits = value;
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static void SetF32(float value, Global global) => global.Bits = (uint)BitConverter.SingleToInt32Bits(value);
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static void SetF64(double value, Global global) => global.Bits = BitConverter.DoubleToInt64Bits(value);
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static void SetV128(Vector128<byte> value, Global global)
    {
        global.Bits = value.AsInt64().GetElement(0);
        global.HighBits = value.AsInt64().GetElement(1);
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static void SetRef(object? value, Global global) => global.Reference = value;

    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static float GetF32(Global global) => BitConverter.Int32BitsToSingle((int)global.Bits);
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static double GetF64(Global global) => BitConverter.Int64BitsToDouble(global.Bits);
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static Vector128<byte> GetV128(Global global) => Vector128.Create(global.Bits, global.HighBits).AsByte();
}

/// <summary><c>select</c>: the first operand when the condition is non-zero, else the second (branch-free for the JIT).</summary>
internal static class Selection
{
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static int SelectI32(int a, int b, int condition) => condition != 0 ? a : b;
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static long SelectI64(long a, long b, int condition) => condition != 0 ? a : b;
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static float SelectF32(float a, float b, int condition) => condition != 0 ? a : b;
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static double SelectF64(double a, double b, int condition) => condition != 0 ? a : b;
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static Vector128<byte> SelectV128(Vector128<byte> a, Vector128<byte> b, int condition) => condition != 0 ? a : b;
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static object? SelectRef(object? a, object? b, int condition) => condition != 0 ? a : b;
}
