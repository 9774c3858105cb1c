using Plover.Sandbox.Guest.State;
using System.Buffers.Binary;

namespace Plover.Sandbox.Guest.Asyncify;

/// <summary>
/// Where an unwound guest keeps its call stack: a region of linear memory the machine reserves by
/// growing memory the first time the guest blocks. It starts with Asyncify's header
/// <c>{ i32 current; i32 end }</c>; the saved frames grow upward from just past it.
/// </summary>
/// <remarks>
/// Why host-grown pages, and why only at the first block: wasi-libc's dlmalloc (2022-05) takes
/// every byte between <c>__heap_base</c> and the end of memory as its first segment the first time
/// <c>malloc</c> runs, and later uses what <c>sbrk</c> (<c>memory.grow</c>) returns, accepting a
/// segment that does not continue the previous one. Pages grown before that first <c>malloc</c>
/// would be handed out as heap; pages grown after it are never touched by the allocator.
/// wasi-libc's startup calls <c>malloc</c> for <c>argv</c> before <c>main</c> (the library OS always
/// passes argument 0), so by the first block the allocator is set up. A guest that writes into the
/// region anyway (its allocator claimed it, or a stray pointer) is caught by
/// <see cref="AsyncifyBufferGuard"/> before the next unwind would overwrite its data.
/// The pages are part of memory, so an unwound guest's whole state is memory plus globals, and
/// replicas that ran the same inputs reserved the region at the same address.
/// </remarks>
internal sealed class AsyncifyBuffer
{
    public const uint HeaderBytes = 8;

    private AsyncifyBuffer(uint address, uint capacityBytes)
    {
        Address = address;
        CapacityBytes = capacityBytes;
    }

    /// <summary>The header's address (4-byte aligned; the page-aligned start of the region).</summary>
    public uint Address { get; }

    /// <summary>Bytes available for saved frames after the header.</summary>
    public uint CapacityBytes { get; }

    /// <summary>Asyncify's <c>end</c>: unwinding past it is an overflow.</summary>
    public uint End => Address + HeaderBytes + CapacityBytes;

    /// <summary>The first 4 KiB page of the region.</summary>
    public int FirstPage => (int)(Address >> Memory.DirtyPageShift);

    /// <summary>The 4 KiB pages of the region: header, capacity, and the rest of the last 64 KiB page, all the machine's.</summary>
    public int PageCount => (int)(RegionWasmPages(CapacityBytes) * (Memory.WasmPageBytes / Memory.DirtyPageBytes));

    /// <summary>Grows memory by enough 64 KiB pages for the header and <paramref name="capacityBytes"/>; null when memory may not grow that far.</summary>
    public static AsyncifyBuffer? Reserve(Memory memory, uint capacityBytes)
    {
        int oldPages = memory.Grow(RegionWasmPages(capacityBytes));
        if (oldPages < 0) return null;
        return new AsyncifyBuffer((uint)oldPages * Memory.WasmPageBytes, capacityBytes);
    }

    /// <summary>
    /// The buffer whose header is at <paramref name="address"/> in restored memory, checked
    /// against the capacity this machine is configured with.
    /// </summary>
    public static AsyncifyBuffer Adopt(Memory memory, uint address, uint capacityBytes)
    {
        var buffer = new AsyncifyBuffer(address, capacityBytes);
        ulong regionEnd = address + (ulong)RegionWasmPages(capacityBytes) * Memory.WasmPageBytes;
        if (address % Memory.WasmPageBytes != 0 || regionEnd > memory.SizeBytes)
            throw new GuestStateException(
                $"Asyncify's data global points to 0x{address:x8}, which is not the start of a {capacityBytes}-byte buffer inside memory of {memory.SizeBytes} bytes");
        uint end = buffer.ReadEnd(memory);
        if (end != buffer.End)
            throw new GuestStateException(
                $"the Asyncify buffer at 0x{address:x8} ends at 0x{end:x8}, not at 0x{buffer.End:x8}: it was made for another buffer size");
        return buffer;
    }

    private static uint RegionWasmPages(uint capacityBytes) =>
        (uint)((HeaderBytes + (ulong)capacityBytes + Memory.WasmPageBytes - 1) / Memory.WasmPageBytes);

    /// <summary>Sets the header for a new unwind: nothing saved yet.</summary>
    public void ResetForUnwind(Memory memory)
    {
        Span<byte> header = memory.Write(Address, (int)HeaderBytes);
        BinaryPrimitives.WriteUInt32LittleEndian(header, Address + HeaderBytes);
        BinaryPrimitives.WriteUInt32LittleEndian(header[4..], End);
    }

    /// <summary>Asyncify's <c>current</c>: one past the last saved byte.</summary>
    public uint ReadCurrent(Memory memory) => BinaryPrimitives.ReadUInt32LittleEndian(memory.Read(Address, 4));

    public uint ReadEnd(Memory memory) => BinaryPrimitives.ReadUInt32LittleEndian(memory.Read(Address + 4, 4));

    /// <summary>Bytes of saved frames, from the header.</summary>
    public long UsedBytes(Memory memory) => (long)ReadCurrent(memory) - (Address + HeaderBytes);
}
