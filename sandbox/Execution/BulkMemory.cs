namespace Plover.Sandbox.Execution;

/// <summary>
/// memory.grow, memory.fill, memory.copy, memory.init and data.drop as compiled code calls them:
/// operands in wasm stack order, immediates next, the instance context last. Ranges are checked in
/// 64 bits before anything is written, and written pages are marked dirty.
/// </summary>
internal static unsafe class BulkMemory
{
    public static int Grow(int deltaPages, InstanceContext context) => context.Memory!.Grow((uint)deltaPages);

    public static void Fill(int destination, int value, int count, InstanceContext context)
    {
        Memory memory = context.Memory!;
        ulong start = (uint)destination, length = (uint)count;
        if (start + length > memory.Length) throw Traps.MemoryOutOfBounds();
        new Span<byte>(memory.Base + start, (int)length).Fill((byte)value);
        memory.MarkDirty(start, length);
    }

    public static void Copy(int destination, int source, int count, InstanceContext context)
    {
        Memory memory = context.Memory!;
        ulong to = (uint)destination, from = (uint)source, length = (uint)count;
        if (to + length > memory.Length || from + length > memory.Length) throw Traps.MemoryOutOfBounds();
        Buffer.MemoryCopy(memory.Base + from, memory.Base + to, length, length);
        memory.MarkDirty(to, length);
    }

    public static void Init(int destination, int source, int count, int segmentIndex, InstanceContext context)
    {
        byte[] segment = context.DataSegments[segmentIndex];
        Memory memory = context.Memory!;
        ulong to = (uint)destination, from = (uint)source, length = (uint)count;
        if (from + length > (ulong)segment.Length || to + length > memory.Length) throw Traps.MemoryOutOfBounds();
        segment.AsSpan((int)from, (int)length).CopyTo(new Span<byte>(memory.Base + to, (int)length));
        memory.MarkDirty(to, length);
    }

    public static void DataDrop(int segmentIndex, InstanceContext context) => context.DataSegments[segmentIndex] = [];
}
