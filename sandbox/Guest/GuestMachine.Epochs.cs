using Plover.Sandbox.Guest.State;
using Plover.Sandbox.Hashing;

namespace Plover.Sandbox.Guest;

// Epochs: the pages dirtied since a mark, page hashes, and the digest of the whole state.
public sealed partial class GuestMachine
{
    /// <summary>
    /// The 4 KiB pages written since the last <see cref="MarkEpoch"/> (or since the machine was
    /// built), ascending: by the guest's stores, by the library OS (e.g. received bytes), by
    /// Asyncify unwinds, by memory growth and by applied pages. Exact: no page missed, none invented.
    /// </summary>
    public int[] DirtyPagesSinceMark()
    {
        AtRest(nameof(DirtyPagesSinceMark));
        return CollectChangedPages().ToArray();
    }

    /// <summary>Ends an epoch: page hashes are brought up to date and the dirty set is emptied.</summary>
    public void MarkEpoch()
    {
        AtRest(nameof(MarkEpoch));
        _pageHashes.Refresh(_memory, CollectChangedPages());
        _memory.ClearDirtyPages();
        _guard?.ClearChangedPages();
    }

    /// <summary>XXH3-64 of 4 KiB page <paramref name="index"/> as it is now.</summary>
    public ulong HashPage(int index)
    {
        AtRest(nameof(HashPage));
        return Xxh3.Hash(_memory.ReadPage(index));
    }

    /// <summary>XXH3-64 of each of the given 4 KiB pages as they are now, in the order given.</summary>
    public ulong[] HashPages(IReadOnlyList<int> indices)
    {
        AtRest(nameof(HashPages));
        var hashes = new ulong[indices.Count];
        for (int i = 0; i < hashes.Length; i++) hashes[i] = Xxh3.Hash(_memory.ReadPage(indices[i]));
        return hashes;
    }

    /// <summary>XXH3-64 of every 4 KiB page, in order (rehashing only what changed since last asked).</summary>
    public ulong[] HashAllPages()
    {
        AtRest(nameof(HashAllPages));
        RefreshPageHashes();
        return _pageHashes.Hashes(PageCount).ToArray();
    }

    /// <summary>A copy of 4 KiB page <paramref name="index"/>.</summary>
    public byte[] ReadPage(int index)
    {
        AtRest(nameof(ReadPage));
        return _memory.ReadPage(index).ToArray();
    }

    /// <summary>The digest of the whole state, with a sub-hash per part; equal digests mean equal states.</summary>
    public GuestStateDigest ComputeDigest()
    {
        AtRest(nameof(ComputeDigest));
        RefreshPageHashes();
        return GuestStateDigest.Compute(_pageHashes.Hashes(PageCount), _memory.SizeBytes, CaptureGlobals(), CaptureTables(), _os.CaptureState());
    }

    private void RefreshPageHashes() => _pageHashes.Refresh(_memory, CollectChangedPages());

    private List<int> CollectChangedPages()
    {
        var pages = new List<int>();
        _memory.CollectDirtyPages(pages);
        if (_guard is null) return pages;
        int dirtyCount = pages.Count;
        _guard.AddChangedPages(pages);
        if (pages.Count == dirtyCount) return pages;
        pages.Sort();
        int write = 1;
        for (int read = 1; read < pages.Count; read++)
            if (pages[read] != pages[write - 1]) pages[write++] = pages[read];
        pages.RemoveRange(write, pages.Count - write);
        return pages;
    }

    /// <summary>Reads of state need a guest at rest: not started, or blocked (unwound into memory).</summary>
    private void AtRest(string operation)
    {
        Usable();
        if (Phase is not (GuestMachinePhase.Blocked or GuestMachinePhase.NotStarted))
            throw new InvalidOperationException($"{operation} needs a machine at rest (not started, or blocked); this one is {Phase}");
    }
}
