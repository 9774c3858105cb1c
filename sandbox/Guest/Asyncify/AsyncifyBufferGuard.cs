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
        for (int i = 0; i < _changedSinceMark.Length; i++)
        {
            byte* dirty = memory.DirtyMap + buffer.FirstPage + i;
            if (*dirty == 0) continue;
            _changedSinceMark[i] = true;
            *dirty = 0;
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
        for (int i = 0; i < _changedSinceMark.Length; i++)
            if (memory.DirtyMap[buffer.FirstPage + i] != 0) return buffer.FirstPage + i;
        return -1;
    }

    /// <summary>Adds the buffer pages that changed since the epoch mark but are no longer in the dirty set.</summary>
    public void AddChangedPages(List<int> pages)
    {
        for (int i = 0; i < _changedSinceMark.Length; i++)
            if (_changedSinceMark[i]) pages.Add(buffer.FirstPage + i);
    }

    public void ClearChangedPages() => Array.Clear(_changedSinceMark);
}
