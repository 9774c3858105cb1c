using Plover.Sandbox.Hashing;

namespace Plover.Sandbox.Guest;

/// <summary>
/// The XXH3-64 hash of every 4 KiB page, kept current by rehashing only the pages that changed:
/// the machine refreshes it from the dirty set before each epoch mark clears that set, so a page
/// not dirtied since the mark still has its hash as of the mark.
/// </summary>
internal sealed class PageHashTable
{
    private ulong[] _hashes = [];
    private int _known;

    /// <summary>Rehashes <paramref name="changedPages"/>, and every page memory gained since the last refresh.</summary>
    public void Refresh(Memory memory, IReadOnlyList<int> changedPages)
    {
        int count = memory.DirtyPageCapacity;
        GuestInvariant.Require(count >= _known, "memory never shrinks");
        if (_hashes.Length < count) Array.Resize(ref _hashes, Math.Max(count, _hashes.Length * 2));
        for (int page = _known; page < count; page++) _hashes[page] = Xxh3.Hash(memory.ReadPage(page));
        foreach (int page in changedPages)
            if (page < _known) _hashes[page] = Xxh3.Hash(memory.ReadPage(page));
        _known = count;
    }

    /// <summary>The hashes of the first <paramref name="count"/> pages, as of the last refresh.</summary>
    public ReadOnlySpan<ulong> Hashes(int count)
    {
        GuestInvariant.Require(count <= _known, "page hashes are refreshed before they are read");
        return _hashes.AsSpan(0, count);
    }
}
