namespace Plover.Sandbox.Guest.Asyncify;

/// <summary>
/// Catches a guest that writes into the Asyncify buffer while it runs (its allocator claimed the
/// region, or a stray pointer), which the next unwind would silently overwrite. Once a rewind
/// has finished, the buffer's pages are moved out of the memory's dirty set into a set of its
/// own; any of them dirty again before the next unwind was written by the guest.
/// </summary>
/// <remarks>
/// The moved pages still changed in the current epoch, so <see cref="AddChangedPages"/> reports
/// them with the dirty pages until the epoch is marked: dirty tracking stays exact.
/// </remarks>
internal sealed unsafe class AsyncifyBufferGuard(AsyncifyBuffer buffer)
{
    private readonly bool[] _changedSinceMark = new bool[buffer.PageCount];
    private bool _armed;

    /// <summary>The rewind is over and the buffer holds nothing live: watch it until the next unwind.</summary>
    public void Arm(Memory memory)
    {
        Span<byte> dirty = DirtyBytes(memory);
        for (int i = dirty.IndexOfAnyExcept((byte)0); i >= 0; i = NextDirty(dirty, i))
        {
            _changedSinceMark[i] = true;
            dirty[i] = 0;
        }
        _armed = true;
    }

    /// <summary>
    /// Called before an unwind writes the buffer: the first buffer page the guest wrote since
    /// <see cref="Arm"/>, or -1. Disarms.
    /// </summary>
    public int TakeGuestWrite(Memory memory)
    {
        if (!_armed) return -1;
        _armed = false;
        int written = DirtyBytes(memory).IndexOfAnyExcept((byte)0);
        return written < 0 ? -1 : buffer.FirstPage + written;
    }

    /// <summary>Adds the buffer pages that changed since the epoch mark but are no longer in the dirty set.</summary>
    public void AddChangedPages(List<int> pages)
    {
        for (int i = 0; i < _changedSinceMark.Length; i++)
            if (_changedSinceMark[i]) pages.Add(buffer.FirstPage + i);
    }

    public void ClearChangedPages() => Array.Clear(_changedSinceMark);

    /// <summary>Marks the pages changed since the epoch mark dirty again in memory (this guard is being replaced).</summary>
    public void ReturnChangedPagesToDirtySet(Memory memory)
    {
        Span<byte> dirty = DirtyBytes(memory);
        for (int i = 0; i < _changedSinceMark.Length; i++)
            if (_changedSinceMark[i]) dirty[i] = 1;
        Array.Clear(_changedSinceMark);
        _armed = false;
    }

    // The memory's dirty bytes (one per 4 KiB page) of the buffer's region.
    private Span<byte> DirtyBytes(Memory memory)
    {
        GuestInvariant.Require(buffer.FirstPage + _changedSinceMark.Length <= memory.DirtyPageCapacity, "the buffer lies inside memory");
        return new Span<byte>(memory.DirtyMap + buffer.FirstPage, _changedSinceMark.Length);
    }

    private static int NextDirty(Span<byte> dirty, int after)
    {
        int next = dirty[(after + 1)..].IndexOfAnyExcept((byte)0);
        return next < 0 ? -1 : after + 1 + next;
    }
}
