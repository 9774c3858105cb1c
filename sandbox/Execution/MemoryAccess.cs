using System.Runtime.CompilerServices;

namespace Plover.Sandbox.Execution;

/// <summary>
/// Loads and stores of linear memory as compiled code performs them. The effective address is
/// <c>address + offset</c> computed in 64 bits (so it cannot wrap) and compared, before any
/// access, with <paramref name="limit"/>: the memory length minus the access size, which the
/// function keeps in a local per access size and recomputes whenever the length may have changed
/// (a negative limit, for a memory smaller than the access, fails every address). So a check is
/// one compare and branch. Every store marks the 4 KiB pages of its first and last byte dirty (the
/// same page unless it straddles a boundary); the dirty map lies at a fixed distance below the base.
/// Operands come first, in wasm stack order, then the static offset and the memory state.
/// </summary>
internal static unsafe class MemoryAccess
{
    /// <summary>
    /// The limit compiled code passes for an access an earlier check in the same straight-line code
    /// already proved in bounds (same address value, no further end): no effective address exceeds
    /// it, so the JIT removes the compare.
    /// </summary>
    public const long AlreadyCheckedLimit = long.MaxValue;

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static int LoadI32(int address, long offset, byte* memoryBase, long limit)
    {
        long effective = (uint)address + offset;
        if (effective > limit) throw Traps.MemoryOutOfBounds();
        return Unsafe.ReadUnaligned<int>(memoryBase + effective);
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static long LoadI64(int address, long offset, byte* memoryBase, long limit)
    {
        long effective = (uint)address + offset;
        if (effective > limit) throw Traps.MemoryOutOfBounds();
        return Unsafe.ReadUnaligned<long>(memoryBase + effective);
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static float LoadF32(int address, long offset, byte* memoryBase, long limit)
    {
        long effective = (uint)address + offset;
        if (effective > limit) throw Traps.MemoryOutOfBounds();
        return Unsafe.ReadUnaligned<float>(memoryBase + effective);
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static double LoadF64(int address, long offset, byte* memoryBase, long limit)
    {
        long effective = (uint)address + offset;
        if (effective > limit) throw Traps.MemoryOutOfBounds();
        return Unsafe.ReadUnaligned<double>(memoryBase + effective);
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static int LoadI8(int address, long offset, byte* memoryBase, long limit)
    {
        long effective = (uint)address + offset;
        if (effective > limit) throw Traps.MemoryOutOfBounds();
        return Unsafe.ReadUnaligned<sbyte>(memoryBase + effective);
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static int LoadU8(int address, long offset, byte* memoryBase, long limit)
    {
        long effective = (uint)address + offset;
        if (effective > limit) throw Traps.MemoryOutOfBounds();
        return Unsafe.ReadUnaligned<byte>(memoryBase + effective);
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static int LoadI16(int address, long offset, byte* memoryBase, long limit)
    {
        long effective = (uint)address + offset;
        if (effective > limit) throw Traps.MemoryOutOfBounds();
        return Unsafe.ReadUnaligned<short>(memoryBase + effective);
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static int LoadU16(int address, long offset, byte* memoryBase, long limit)
    {
        long effective = (uint)address + offset;
        if (effective > limit) throw Traps.MemoryOutOfBounds();
        return Unsafe.ReadUnaligned<ushort>(memoryBase + effective);
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static long LoadU32(int address, long offset, byte* memoryBase, long limit)
    {
        long effective = (uint)address + offset;
        if (effective > limit) throw Traps.MemoryOutOfBounds();
        return Unsafe.ReadUnaligned<uint>(memoryBase + effective);
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static long LoadI32AsI64(int address, long offset, byte* memoryBase, long limit)
    {
        long effective = (uint)address + offset;
        if (effective > limit) throw Traps.MemoryOutOfBounds();
        return Unsafe.ReadUnaligned<int>(memoryBase + effective);
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static void StoreI32(int address, int value, long offset, byte* memoryBase, long limit)
    {
        long effective = (uint)address + offset;
        if (effective > limit) throw Traps.MemoryOutOfBounds();
        memoryBase[(effective >> Memory.DirtyPageShift) - Memory.DirtyMapBytes] = 1;
        memoryBase[((effective + 3) >> Memory.DirtyPageShift) - Memory.DirtyMapBytes] = 1;
        Unsafe.WriteUnaligned(memoryBase + effective, (int)value);
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static void StoreI64(int address, long value, long offset, byte* memoryBase, long limit)
    {
        long effective = (uint)address + offset;
        if (effective > limit) throw Traps.MemoryOutOfBounds();
        memoryBase[(effective >> Memory.DirtyPageShift) - Memory.DirtyMapBytes] = 1;
        memoryBase[((effective + 7) >> Memory.DirtyPageShift) - Memory.DirtyMapBytes] = 1;
        Unsafe.WriteUnaligned(memoryBase + effective, (long)value);
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static void StoreF32(int address, float value, long offset, byte* memoryBase, long limit)
    {
        long effective = (uint)address + offset;
        if (effective > limit) throw Traps.MemoryOutOfBounds();
        memoryBase[(effective >> Memory.DirtyPageShift) - Memory.DirtyMapBytes] = 1;
        memoryBase[((effective + 3) >> Memory.DirtyPageShift) - Memory.DirtyMapBytes] = 1;
        Unsafe.WriteUnaligned(memoryBase + effective, (float)value);
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static void StoreF64(int address, double value, long offset, byte* memoryBase, long limit)
    {
        long effective = (uint)address + offset;
        if (effective > limit) throw Traps.MemoryOutOfBounds();
        memoryBase[(effective >> Memory.DirtyPageShift) - Memory.DirtyMapBytes] = 1;
        memoryBase[((effective + 7) >> Memory.DirtyPageShift) - Memory.DirtyMapBytes] = 1;
        Unsafe.WriteUnaligned(memoryBase + effective, (double)value);
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static void StoreI8(int address, int value, long offset, byte* memoryBase, long limit)
    {
        long effective = (uint)address + offset;
        if (effective > limit) throw Traps.MemoryOutOfBounds();
        memoryBase[(effective >> Memory.DirtyPageShift) - Memory.DirtyMapBytes] = 1;
        Unsafe.WriteUnaligned(memoryBase + effective, (byte)value);
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static void StoreI16(int address, int value, long offset, byte* memoryBase, long limit)
    {
        long effective = (uint)address + offset;
        if (effective > limit) throw Traps.MemoryOutOfBounds();
        memoryBase[(effective >> Memory.DirtyPageShift) - Memory.DirtyMapBytes] = 1;
        memoryBase[((effective + 1) >> Memory.DirtyPageShift) - Memory.DirtyMapBytes] = 1;
        Unsafe.WriteUnaligned(memoryBase + effective, (short)value);
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static void StoreI64As8(int address, long value, long offset, byte* memoryBase, long limit)
    {
        long effective = (uint)address + offset;
        if (effective > limit) throw Traps.MemoryOutOfBounds();
        memoryBase[(effective >> Memory.DirtyPageShift) - Memory.DirtyMapBytes] = 1;
        Unsafe.WriteUnaligned(memoryBase + effective, (byte)value);
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static void StoreI64As16(int address, long value, long offset, byte* memoryBase, long limit)
    {
        long effective = (uint)address + offset;
        if (effective > limit) throw Traps.MemoryOutOfBounds();
        memoryBase[(effective >> Memory.DirtyPageShift) - Memory.DirtyMapBytes] = 1;
        memoryBase[((effective + 1) >> Memory.DirtyPageShift) - Memory.DirtyMapBytes] = 1;
        Unsafe.WriteUnaligned(memoryBase + effective, (short)value);
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static void StoreI64As32(int address, long value, long offset, byte* memoryBase, long limit)
    {
        long effective = (uint)address + offset;
        if (effective > limit) throw Traps.MemoryOutOfBounds();
        memoryBase[(effective >> Memory.DirtyPageShift) - Memory.DirtyMapBytes] = 1;
        memoryBase[((effective + 3) >> Memory.DirtyPageShift) - Memory.DirtyMapBytes] = 1;
        Unsafe.WriteUnaligned(memoryBase + effective, (int)value);
    }

}
