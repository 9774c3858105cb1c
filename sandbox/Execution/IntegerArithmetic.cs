using System.Runtime.CompilerServices;

namespace Plover.Sandbox.Execution;

/// <summary>
/// Integer division and remainder with wasm's traps checked explicitly (the CLR would raise its own
/// exceptions, and <c>int.MinValue % -1</c> must be 0, not an overflow).
/// </summary>
internal static class IntegerArithmetic
{
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static int DivS32(int a, int b)
    {
        if (b == 0) throw Traps.IntegerDivideByZero();
        if (b == -1 && a == int.MinValue) throw Traps.IntegerOverflow();
        return a / b;
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static int DivU32(int a, int b)
    {
        if (b == 0) throw Traps.IntegerDivideByZero();
        return (int)((uint)a / (uint)b);
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static int RemS32(int a, int b)
    {
        if (b == 0) throw Traps.IntegerDivideByZero();
        return b == -1 ? 0 : a % b;
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static int RemU32(int a, int b)
    {
        if (b == 0) throw Traps.IntegerDivideByZero();
        return (int)((uint)a % (uint)b);
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static long DivS64(long a, long b)
    {
        if (b == 0) throw Traps.IntegerDivideByZero();
        if (b == -1 && a == long.MinValue) throw Traps.IntegerOverflow();
        return a / b;
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static long DivU64(long a, long b)
    {
        if (b == 0) throw Traps.IntegerDivideByZero();
        return (long)((ulong)a / (ulong)b);
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static long RemS64(long a, long b)
    {
        if (b == 0) throw Traps.IntegerDivideByZero();
        return b == -1 ? 0 : a % b;
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static long RemU64(long a, long b)
    {
        if (b == 0) throw Traps.IntegerDivideByZero();
        return (long)((ulong)a % (ulong)b);
    }
}
