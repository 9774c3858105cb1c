using System.Runtime.CompilerServices;

namespace Plover.Sandbox.Execution;

/// <summary>
/// Loads and stores of linear memory as compiled code performs them. The effective address is
/// <c>address + offset</c> computed in 64 bits (so it cannot wrap) and compared, before any
/// access, with <paramref name="limit"/>: the memory length minus the access size, which the
/// function keeps in a local per access size and recomputes whenever the length may have changed
/// (a negative limit, for a memory smaller than the access, fails every address). So a check is
/// one compare and branch. Every store marks the 4 KiB pages of its first and last byte dirty (the
/// same page unless it straddles a boundary; a v128.store skips that when it lies wholly in the page
/// the function marked last, see <see cref="MarkStore"/>); the dirty map lies at a fixed distance below the base.
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

    // Stores without their dirty mark, which compiled code does itself (see Mark); each
    // returns the effective address. One overload per stored type (int, long, float, double, byte,
    // short); narrower integer stores are narrowed in IL first.

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static long Store(int address, int value, long offset, byte* memoryBase, long limit) =>
        Write(Checked(address, offset, limit), value, memoryBase);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static long Store(int address, long value, long offset, byte* memoryBase, long limit) =>
        Write(Checked(address, offset, limit), value, memoryBase);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static long Store(int address, float value, long offset, byte* memoryBase, long limit) =>
        Write(Checked(address, offset, limit), value, memoryBase);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static long Store(int address, double value, long offset, byte* memoryBase, long limit) =>
        Write(Checked(address, offset, limit), value, memoryBase);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static long Store(int address, byte value, long offset, byte* memoryBase, long limit) =>
        Write(Checked(address, offset, limit), value, memoryBase);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static long Store(int address, short value, long offset, byte* memoryBase, long limit) =>
        Write(Checked(address, offset, limit), value, memoryBase);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static long Checked(int address, long offset, long limit)
    {
        long effective = (uint)address + offset;
        if (effective > limit) throw Traps.MemoryOutOfBounds();
        return effective;
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static long Write<T>(long effective, T value, byte* memoryBase) where T : unmanaged
    {
        Unsafe.WriteUnaligned(memoryBase + effective, value);
        return effective;
    }

    /// <summary>
    /// Marks the pages of the first and last byte of a scalar store of <paramref name="width"/> bytes
    /// at <paramref name="effective"/>, every time: scalar stores often alternate between distant
    /// pages (a sort's swaps), where testing for the page marked last cost more than it saved.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static void Mark(long effective, byte* memoryBase, int width)
    {
        memoryBase[(effective >> Memory.DirtyPageShift) - Memory.DirtyMapBytes] = 1;
        if (width > 1) memoryBase[((effective + width - 1) >> Memory.DirtyPageShift) - Memory.DirtyMapBytes] = 1;
    }

    /// <summary>
    /// A marked-page start no effective address lies just after (nothing known marked), negated as
    /// compiled code keeps it: added to any effective address (below 2^33) it gives more than the
    /// span of any store.
    /// </summary>
    public const long NoMarkedPageNegated = 1L << 40;

    /// <summary>
    /// Bytes past the start of a marked page where a store of <paramref name="width"/> bytes still
    /// lies wholly inside that page: such a store needs no mark when
    /// <c>effective - markedPageStart</c>, as an unsigned number, is at most this.
    /// </summary>
    public static long MarkedPageSpan(int width) => Memory.DirtyPageBytes - width;

    /// <summary>
    /// Marks the pages of the first and last byte of a store of <paramref name="width"/> bytes at
    /// <paramref name="effective"/>; returns the negated start of the last byte's page, now known to
    /// be marked. Compiled code remembers it in a local and skips the marks of stores that fall
    /// wholly within that page, until a call (a host function may clear the dirty map) makes it
    /// forget. Negated, so the test is one add (a <c>lea</c>) and one compare.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static long MarkStore(long effective, byte* memoryBase, int width)
    {
        memoryBase[(effective >> Memory.DirtyPageShift) - Memory.DirtyMapBytes] = 1;
        long last = effective + width - 1;
        memoryBase[(last >> Memory.DirtyPageShift) - Memory.DirtyMapBytes] = 1;
        return -(last & ~(long)(Memory.DirtyPageBytes - 1));
    }
}
