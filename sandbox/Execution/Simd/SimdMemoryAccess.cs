using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;
using V = System.Runtime.Intrinsics.Vector128<byte>;

namespace Plover.Sandbox.Execution;

/// <summary>
/// The SIMD loads and stores, with the bounds check and dirty marking of <see cref="MemoryAccess"/>:
/// <c>address + offset</c> in 64 bits compared with the memory length minus the bytes accessed
/// (16 for v128.load/store, 8 for the extending loads, the lane or element size otherwise); a
/// store marks the pages of its first and last byte. Lane indices are validated constants.
/// </summary>
internal static unsafe class SimdMemoryAccess
{
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static V V128Load(int address, long offset, byte* memoryBase, long limit)
    {
        byte* at = Checked(address, offset, memoryBase, limit);
        return Unsafe.ReadUnaligned<V>(at);
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static V V128Load8x8S(int address, long offset, byte* memoryBase, long limit)
    {
        byte* at = Checked(address, offset, memoryBase, limit);
        return Vector128.WidenLower(Vector128.CreateScalarUnsafe(Unsafe.ReadUnaligned<ulong>(at)).AsSByte()).AsByte();
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static V V128Load8x8U(int address, long offset, byte* memoryBase, long limit)
    {
        byte* at = Checked(address, offset, memoryBase, limit);
        return Vector128.WidenLower(Vector128.CreateScalarUnsafe(Unsafe.ReadUnaligned<ulong>(at)).AsByte()).AsByte();
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static V V128Load16x4S(int address, long offset, byte* memoryBase, long limit)
    {
        byte* at = Checked(address, offset, memoryBase, limit);
        return Vector128.WidenLower(Vector128.CreateScalarUnsafe(Unsafe.ReadUnaligned<ulong>(at)).AsInt16()).AsByte();
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static V V128Load16x4U(int address, long offset, byte* memoryBase, long limit)
    {
        byte* at = Checked(address, offset, memoryBase, limit);
        return Vector128.WidenLower(Vector128.CreateScalarUnsafe(Unsafe.ReadUnaligned<ulong>(at)).AsUInt16()).AsByte();
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static V V128Load32x2S(int address, long offset, byte* memoryBase, long limit)
    {
        byte* at = Checked(address, offset, memoryBase, limit);
        return Vector128.WidenLower(Vector128.CreateScalarUnsafe(Unsafe.ReadUnaligned<ulong>(at)).AsInt32()).AsByte();
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static V V128Load32x2U(int address, long offset, byte* memoryBase, long limit)
    {
        byte* at = Checked(address, offset, memoryBase, limit);
        return Vector128.WidenLower(Vector128.CreateScalarUnsafe(Unsafe.ReadUnaligned<ulong>(at)).AsUInt32()).AsByte();
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static V V128Load8Splat(int address, long offset, byte* memoryBase, long limit)
    {
        byte* at = Checked(address, offset, memoryBase, limit);
        return Vector128.Create(Unsafe.ReadUnaligned<byte>(at)).AsByte();
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static V V128Load16Splat(int address, long offset, byte* memoryBase, long limit)
    {
        byte* at = Checked(address, offset, memoryBase, limit);
        return Vector128.Create(Unsafe.ReadUnaligned<ushort>(at)).AsByte();
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static V V128Load32Splat(int address, long offset, byte* memoryBase, long limit)
    {
        byte* at = Checked(address, offset, memoryBase, limit);
        return Vector128.Create(Unsafe.ReadUnaligned<uint>(at)).AsByte();
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static V V128Load64Splat(int address, long offset, byte* memoryBase, long limit)
    {
        byte* at = Checked(address, offset, memoryBase, limit);
        return Vector128.Create(Unsafe.ReadUnaligned<ulong>(at)).AsByte();
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static V V128Load32Zero(int address, long offset, byte* memoryBase, long limit)
    {
        byte* at = Checked(address, offset, memoryBase, limit);
        return Vector128.CreateScalar(Unsafe.ReadUnaligned<uint>(at)).AsByte();
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static V V128Load64Zero(int address, long offset, byte* memoryBase, long limit)
    {
        byte* at = Checked(address, offset, memoryBase, limit);
        return Vector128.CreateScalar(Unsafe.ReadUnaligned<ulong>(at)).AsByte();
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static V V128Load8Lane(int address, V vector, long offset, byte* memoryBase, long limit, int lane)
    {
        byte* at = Checked(address, offset, memoryBase, limit);
        return vector.AsByte().WithElement(lane, Unsafe.ReadUnaligned<byte>(at)).AsByte();
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static V V128Load16Lane(int address, V vector, long offset, byte* memoryBase, long limit, int lane)
    {
        byte* at = Checked(address, offset, memoryBase, limit);
        return vector.AsUInt16().WithElement(lane, Unsafe.ReadUnaligned<ushort>(at)).AsByte();
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static V V128Load32Lane(int address, V vector, long offset, byte* memoryBase, long limit, int lane)
    {
        byte* at = Checked(address, offset, memoryBase, limit);
        return vector.AsUInt32().WithElement(lane, Unsafe.ReadUnaligned<uint>(at)).AsByte();
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static V V128Load64Lane(int address, V vector, long offset, byte* memoryBase, long limit, int lane)
    {
        byte* at = Checked(address, offset, memoryBase, limit);
        return vector.AsUInt64().WithElement(lane, Unsafe.ReadUnaligned<ulong>(at)).AsByte();
    }

    /// <summary>
    /// v128.store without the dirty mark, which compiled code does itself (see
    /// <see cref="MemoryAccess.MarkStore"/>); returns the effective address.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static long V128Store(int address, V vector, long offset, byte* memoryBase, long limit)
    {
        long effective = (uint)address + offset;
        if (effective > limit) throw Traps.MemoryOutOfBounds();
        Unsafe.WriteUnaligned(memoryBase + effective, vector);
        return effective;
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static void V128Store8Lane(int address, V vector, long offset, byte* memoryBase, long limit, int lane)
    {
        byte* at = CheckedAndMarked(address, offset, memoryBase, limit, 1);
        Unsafe.WriteUnaligned(at, vector.AsByte().GetElement(lane));
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static void V128Store16Lane(int address, V vector, long offset, byte* memoryBase, long limit, int lane)
    {
        byte* at = CheckedAndMarked(address, offset, memoryBase, limit, 2);
        Unsafe.WriteUnaligned(at, vector.AsUInt16().GetElement(lane));
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static void V128Store32Lane(int address, V vector, long offset, byte* memoryBase, long limit, int lane)
    {
        byte* at = CheckedAndMarked(address, offset, memoryBase, limit, 4);
        Unsafe.WriteUnaligned(at, vector.AsUInt32().GetElement(lane));
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static void V128Store64Lane(int address, V vector, long offset, byte* memoryBase, long limit, int lane)
    {
        byte* at = CheckedAndMarked(address, offset, memoryBase, limit, 8);
        Unsafe.WriteUnaligned(at, vector.AsUInt64().GetElement(lane));
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static byte* Checked(int address, long offset, byte* memoryBase, long limit)
    {
        long effective = (uint)address + offset;
        if (effective > limit) throw Traps.MemoryOutOfBounds();
        return memoryBase + effective;
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static byte* CheckedAndMarked(int address, long offset, byte* memoryBase, long limit, int bytes)
    {
        long effective = (uint)address + offset;
        if (effective > limit) throw Traps.MemoryOutOfBounds();
        memoryBase[(effective >> Memory.DirtyPageShift) - Memory.DirtyMapBytes] = 1;
        memoryBase[((effective + bytes - 1) >> Memory.DirtyPageShift) - Memory.DirtyMapBytes] = 1;
        return memoryBase + effective;
    }
}
