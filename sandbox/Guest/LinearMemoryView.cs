using Plover.Sandbox.Wasi.Memory;

namespace Plover.Sandbox.Guest;

/// <summary>
/// The library OS's view of a guest's linear memory: bounds-checked spans, and writes that mark
/// exactly the 4 KiB pages they cover dirty. The memory's base never moves, and its length is
/// read at each call, so growth is seen at once.
/// </summary>
internal sealed unsafe class LinearMemoryView(Memory memory) : IGuestMemory
{
    public ReadOnlySpan<byte> Read(uint address, uint length)
    {
        Check(address, length);
        return new ReadOnlySpan<byte>(memory.Base + address, (int)length);
    }

    public Span<byte> Write(uint address, uint length)
    {
        Check(address, length);
        memory.MarkDirty(address, length);
        return new Span<byte>(memory.Base + address, (int)length);
    }

    private void Check(uint address, uint length)
    {
        ulong end = (ulong)address + length;
        if (end > memory.Length)
            throw new GuestMemoryFaultException(address, length, end > uint.MaxValue ? "wraps past 2^32" : $"ends past memory's {memory.Length} bytes");
        // A span holds at most 2^31 - 1 bytes; no WASI call asks for more in one piece.
        if (length > int.MaxValue) throw new GuestMemoryFaultException(address, length, "is longer than one host span can be");
    }
}
