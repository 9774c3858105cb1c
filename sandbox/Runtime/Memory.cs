using System.Buffers.Binary;
using Plover.Sandbox.Runtime;

namespace Plover.Sandbox;

/// <summary>
/// A linear memory: one native block whose base never moves (the whole limit is reserved up front,
/// pages are committed as the memory grows), with a byte per 4 KiB page marking the pages written
/// since the dirty set was last cleared. Every write path marks it: compiled stores, bulk memory
/// instructions, data segments, <see cref="Grow"/> and the host writes below.
/// </summary>
public sealed unsafe class Memory
{
    /// <summary>Size of a WebAssembly page.</summary>
    public const int WasmPageBytes = 65536;

    /// <summary>Size of the pages the dirty set tracks.</summary>
    public const int DirtyPageBytes = 4096;

    internal const int DirtyPageShift = 12;
    private const int WasmPagesMax = 65536;

    /// <summary>
    /// The dirty map (a byte per 4 KiB page of the largest memory, 4 GiB) sits this many bytes below
    /// the memory's base in the same reservation, so compiled code reaches it from the base register
    /// with a constant displacement instead of keeping another pointer live.
    /// </summary>
    internal const int DirtyMapBytes = (int)(((ulong)WasmPagesMax * WasmPageBytes) >> DirtyPageShift);

    // Read by compiled code (fields, not properties, so the JIT sees plain loads).
    internal readonly byte* Base;
    internal ulong Length;
    internal readonly byte* DirtyMap;

    private readonly byte* reservation;
    private readonly ulong reservedBytes;

    public Memory(MemoryType type, uint limitPages = WasmPagesMax)
    {
        if (type.Limits.Maximum is uint declaredMax && type.Limits.Minimum > declaredMax)
            throw new ArgumentException("memory minimum exceeds its maximum", nameof(type));
        Type = type;
        LimitPages = Math.Min(Math.Min(limitPages, WasmPagesMax), type.Limits.Maximum ?? WasmPagesMax);
        if (type.Limits.Minimum > LimitPages)
            throw new WasmLimitException($"memory needs {type.Limits.Minimum} pages at start but this instance allows {LimitPages}");
        reservedBytes = DirtyMapBytes + (ulong)LimitPages * WasmPageBytes;
        reservation = ReserveWithRetry(reservedBytes);
        DirtyMap = reservation;
        Base = reservation + DirtyMapBytes;
        VirtualMemory.Commit(DirtyMap, VirtualMemory.RoundToHostPage(((ulong)LimitPages * WasmPageBytes) >> DirtyPageShift));
        Grow(type.Limits.Minimum);
    }

    ~Memory() => VirtualMemory.Release(reservation, reservedBytes);

    public MemoryType Type { get; }

    /// <summary>The most pages this memory may reach: its declared maximum or the instance's limit, whichever is smaller.</summary>
    public uint LimitPages { get; }

    /// <summary>Set when a grow was refused because of the instance's limit (not the module's declared maximum).</summary>
    public bool LimitHit { get; private set; }

    public uint Pages => (uint)(Length / WasmPageBytes);
    public ulong SizeBytes => Length;

    /// <summary>Number of 4 KiB pages tracked by the dirty set (the current size).</summary>
    public int DirtyPageCapacity => (int)(Length >> DirtyPageShift);

    /// <summary>
    /// Grows by <paramref name="deltaPages"/> 64 KiB pages; returns the old size in pages, or -1 when
    /// the result would exceed the declared maximum or the instance's limit. New pages count as dirty.
    /// </summary>
    public int Grow(uint deltaPages)
    {
        uint oldPages = Pages;
        ulong newPages = (ulong)oldPages + deltaPages;
        if (newPages > LimitPages)
        {
            bool declaredAllows = newPages <= (Type.Limits.Maximum ?? WasmPagesMax);
            if (declaredAllows) LimitHit = true;
            return -1;
        }
        ulong newLength = newPages * WasmPageBytes;
        VirtualMemory.Commit(Base + Length, newLength - Length);
        MarkDirty(Length, newLength - Length);
        Length = newLength;
        return (int)oldPages;
    }

    /// <summary>Read-only view of <paramref name="length"/> bytes at <paramref name="address"/>; traps when out of bounds.</summary>
    public ReadOnlySpan<byte> Read(ulong address, int length)
    {
        CheckRange(address, length);
        return new ReadOnlySpan<byte>(Base + address, length);
    }

    /// <summary>Writable view of <paramref name="length"/> bytes at <paramref name="address"/>; marks its pages dirty; traps when out of bounds.</summary>
    public Span<byte> Write(ulong address, int length)
    {
        CheckRange(address, length);
        MarkDirty(address, (ulong)length);
        return new Span<byte>(Base + address, length);
    }

    public void Write(ulong address, ReadOnlySpan<byte> data) => data.CopyTo(Write(address, data.Length));

    public byte ReadByte(ulong address) => Read(address, 1)[0];
    public int ReadInt32(ulong address) => BinaryPrimitives.ReadInt32LittleEndian(Read(address, 4));
    public long ReadInt64(ulong address) => BinaryPrimitives.ReadInt64LittleEndian(Read(address, 8));
    public void WriteByte(ulong address, byte value) => Write(address, 1)[0] = value;
    public void WriteInt32(ulong address, int value) => BinaryPrimitives.WriteInt32LittleEndian(Write(address, 4), value);
    public void WriteInt64(ulong address, long value) => BinaryPrimitives.WriteInt64LittleEndian(Write(address, 8), value);

    /// <summary>The bytes of 4 KiB page <paramref name="pageIndex"/> (for hashing and capture).</summary>
    public ReadOnlySpan<byte> ReadPage(int pageIndex)
    {
        CheckPage(pageIndex);
        return new ReadOnlySpan<byte>(Base + ((ulong)pageIndex << DirtyPageShift), DirtyPageBytes);
    }

    /// <summary>Overwrites 4 KiB page <paramref name="pageIndex"/> (for restore); marks it dirty.</summary>
    public void WritePage(int pageIndex, ReadOnlySpan<byte> contents)
    {
        CheckPage(pageIndex);
        if (contents.Length != DirtyPageBytes) throw new ArgumentException($"a page is {DirtyPageBytes} bytes, got {contents.Length}", nameof(contents));
        Write((ulong)pageIndex << DirtyPageShift, contents);
    }

    public bool IsPageDirty(int pageIndex) => (uint)pageIndex < (uint)DirtyPageCapacity && DirtyMap[pageIndex] != 0;

    /// <summary>Indices of the 4 KiB pages written since the last <see cref="ClearDirtyPages"/>, ascending.</summary>
    public int[] GetDirtyPages()
    {
        var pages = new List<int>();
        CollectDirtyPages(pages);
        return [.. pages];
    }

    /// <summary>Appends the indices of the dirty 4 KiB pages, ascending, to <paramref name="pages"/>.</summary>
    public void CollectDirtyPages(List<int> pages)
    {
        var map = new ReadOnlySpan<byte>(DirtyMap, DirtyPageCapacity);
        int offset = 0;
        while (true)
        {
            int next = map[offset..].IndexOfAnyExcept((byte)0);
            if (next < 0) return;
            pages.Add(offset + next);
            offset += next + 1;
        }
    }

    public void ClearDirtyPages() => new Span<byte>(DirtyMap, DirtyPageCapacity).Clear();

    /// <summary>The dirty pages, ascending, and an empty dirty set afterwards (one epoch's worth).</summary>
    public int[] TakeDirtyPages()
    {
        int[] pages = GetDirtyPages();
        ClearDirtyPages();
        return pages;
    }

    private void CheckPage(int pageIndex)
    {
        if ((uint)pageIndex >= (uint)DirtyPageCapacity)
            throw new ArgumentOutOfRangeException(nameof(pageIndex), $"page {pageIndex} is beyond the memory's {DirtyPageCapacity} pages of {DirtyPageBytes} bytes");
    }

    internal void CheckRange(ulong address, long length)
    {
        if (length < 0 || address + (ulong)length > Length || address + (ulong)length < address)
            throw new WasmTrap(TrapCode.MemoryOutOfBounds, $"host access of {length} bytes at {address}, memory size {Length}");
    }

    /// <summary>Marks every 4 KiB page overlapping [<paramref name="address"/>, +<paramref name="length"/>) dirty.</summary>
    internal void MarkDirty(ulong address, ulong length)
    {
        if (length == 0) return;
        ulong first = address >> DirtyPageShift;
        ulong last = (address + length - 1) >> DirtyPageShift;
        new Span<byte>(DirtyMap + first, checked((int)(last - first + 1))).Fill(1);
    }

    private static byte* ReserveWithRetry(ulong bytes)
    {
        try
        {
            return VirtualMemory.Reserve(bytes);
        }
        catch (OutOfMemoryException)
        {
            // Unreachable memories give their address space back only when finalized.
            GC.Collect();
            GC.WaitForPendingFinalizers();
            return VirtualMemory.Reserve(bytes);
        }
    }
}
