using System.Runtime.CompilerServices;

namespace Plover.Sandbox.Execution;

/// <summary>
/// Loads and stores of linear memory as compiled code performs them: the effective address is
/// <c>address + offset</c> computed in 64 bits (so it cannot wrap), checked against the current
/// length before any access, and every store marks the 4 KiB page of its first and last byte
/// dirty (two pages when it straddles a boundary). Operands come first, in wasm stack order, then
/// the static offset and the memory state the function keeps in locals.
/// </summary>
internal static unsafe class MemoryAccess
{
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static int LoadI32(int address, ulong offset, byte* memoryBase, ulong length)
    {
        ulong effective = (uint)address + offset;
        if (effective + 4 > length) throw Traps.MemoryOutOfBounds();
        return Unsafe.ReadUnaligned<int>(memoryBase + effective);
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static long LoadI64(int address, ulong offset, byte* memoryBase, ulong length)
    {
        ulong effective = (uint)address + offset;
        if (effective + 8 > length) throw Traps.MemoryOutOfBounds();
        return Unsafe.ReadUnaligned<long>(memoryBase + effective);
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static float LoadF32(int address, ulong offset, byte* memoryBase, ulong length)
    {
        ulong effective = (uint)address + offset;
        if (effective + 4 > length) throw Traps.MemoryOutOfBounds();
        return Unsafe.ReadUnaligned<float>(memoryBase + effective);
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static double LoadF64(int address, ulong offset, byte* memoryBase, ulong length)
    {
        ulong effective = (uint)address + offset;
        if (effective + 8 > length) throw Traps.MemoryOutOfBounds();
        return Unsafe.ReadUnaligned<double>(memoryBase + effective);
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static int LoadI8(int address, ulong offset, byte* memoryBase, ulong length)
    {
        ulong effective = (uint)address + offset;
        if (effective + 1 > length) throw Traps.MemoryOutOfBounds();
        return Unsafe.ReadUnaligned<sbyte>(memoryBase + effective);
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static int LoadU8(int address, ulong offset, byte* memoryBase, ulong length)
    {
        ulong effective = (uint)address + offset;
        if (effective + 1 > length) throw Traps.MemoryOutOfBounds();
        return Unsafe.ReadUnaligned<byte>(memoryBase + effective);
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static int LoadI16(int address, ulong offset, byte* memoryBase, ulong length)
    {
        ulong effective = (uint)address + offset;
        if (effective + 2 > length) throw Traps.MemoryOutOfBounds();
        return Unsafe.ReadUnaligned<short>(memoryBase + effective);
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static int LoadU16(int address, ulong offset, byte* memoryBase, ulong length)
    {
        ulong effective = (uint)address + offset;
        if (effective + 2 > length) throw Traps.MemoryOutOfBounds();
        return Unsafe.ReadUnaligned<ushort>(memoryBase + effective);
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static long LoadU32(int address, ulong offset, byte* memoryBase, ulong length)
    {
        ulong effective = (uint)address + offset;
        if (effective + 4 > length) throw Traps.MemoryOutOfBounds();
        return Unsafe.ReadUnaligned<uint>(memoryBase + effective);
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static long LoadI32AsI64(int address, ulong offset, byte* memoryBase, ulong length)
    {
        ulong effective = (uint)address + offset;
        if (effective + 4 > length) throw Traps.MemoryOutOfBounds();
        return Unsafe.ReadUnaligned<int>(memoryBase + effective);
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static void StoreI32(int address, int value, ulong offset, byte* memoryBase, ulong length, byte* dirty)
    {
        ulong effective = (uint)address + offset;
        if (effective + 4 > length) throw Traps.MemoryOutOfBounds();
        dirty[effective >> Memory.DirtyPageShift] = 1;
        dirty[(effective + 3) >> Memory.DirtyPageShift] = 1;
        Unsafe.WriteUnaligned(memoryBase + effective, (int)value);
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static void StoreI64(int address, long value, ulong offset, byte* memoryBase, ulong length, byte* dirty)
    {
        ulong effective = (uint)address + offset;
        if (effective + 8 > length) throw Traps.MemoryOutOfBounds();
        dirty[effective >> Memory.DirtyPageShift] = 1;
        dirty[(effective + 7) >> Memory.DirtyPageShift] = 1;
        Unsafe.WriteUnaligned(memoryBase + effective, (long)value);
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static void StoreF32(int address, float value, ulong offset, byte* memoryBase, ulong length, byte* dirty)
    {
        ulong effective = (uint)address + offset;
        if (effective + 4 > length) throw Traps.MemoryOutOfBounds();
        dirty[effective >> Memory.DirtyPageShift] = 1;
        dirty[(effective + 3) >> Memory.DirtyPageShift] = 1;
        Unsafe.WriteUnaligned(memoryBase + effective, (float)value);
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static void StoreF64(int address, double value, ulong offset, byte* memoryBase, ulong length, byte* dirty)
    {
        ulong effective = (uint)address + offset;
        if (effective + 8 > length) throw Traps.MemoryOutOfBounds();
        dirty[effective >> Memory.DirtyPageShift] = 1;
        dirty[(effective + 7) >> Memory.DirtyPageShift] = 1;
        Unsafe.WriteUnaligned(memoryBase + effective, (double)value);
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static void StoreI8(int address, int value, ulong offset, byte* memoryBase, ulong length, byte* dirty)
    {
        ulong effective = (uint)address + offset;
        if (effective + 1 > length) throw Traps.MemoryOutOfBounds();
        dirty[effective >> Memory.DirtyPageShift] = 1;
        Unsafe.WriteUnaligned(memoryBase + effective, (byte)value);
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static void StoreI16(int address, int value, ulong offset, byte* memoryBase, ulong length, byte* dirty)
    {
        ulong effective = (uint)address + offset;
        if (effective + 2 > length) throw Traps.MemoryOutOfBounds();
        dirty[effective >> Memory.DirtyPageShift] = 1;
        dirty[(effective + 1) >> Memory.DirtyPageShift] = 1;
        Unsafe.WriteUnaligned(memoryBase + effective, (short)value);
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static void StoreI64As8(int address, long value, ulong offset, byte* memoryBase, ulong length, byte* dirty)
    {
        ulong effective = (uint)address + offset;
        if (effective + 1 > length) throw Traps.MemoryOutOfBounds();
        dirty[effective >> Memory.DirtyPageShift] = 1;
        Unsafe.WriteUnaligned(memoryBase + effective, (byte)value);
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static void StoreI64As16(int address, long value, ulong offset, byte* memoryBase, ulong length, byte* dirty)
    {
        ulong effective = (uint)address + offset;
        if (effective + 2 > length) throw Traps.MemoryOutOfBounds();
        dirty[effective >> Memory.DirtyPageShift] = 1;
        dirty[(effective + 1) >> Memory.DirtyPageShift] = 1;
        Unsafe.WriteUnaligned(memoryBase + effective, (short)value);
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static void StoreI64As32(int address, long value, ulong offset, byte* memoryBase, ulong length, byte* dirty)
    {
        ulong effective = (uint)address + offset;
        if (effective + 4 > length) throw Traps.MemoryOutOfBounds();
        dirty[effective >> Memory.DirtyPageShift] = 1;
        dirty[(effective + 3) >> Memory.DirtyPageShift] = 1;
        Unsafe.WriteUnaligned(memoryBase + effective, (int)value);
    }

}
