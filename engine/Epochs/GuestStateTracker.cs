using Plover.Engine.Guest;
using Plover.Sandbox.Hashing;

namespace Plover.Engine.Epochs;

/// <summary>
/// A guest's state as the epoch sync sees it: the page-hash table, kept current by hashing only the
/// pages dirtied since the previous seal, the pages dirtied since this host's last sync, and the
/// digest. Used only while the guest is blocked, on the executor's thread.
/// </summary>
public sealed class GuestStateTracker
{
    private readonly IGuestMachine machine;
    private readonly byte[] pageBuffer = new byte[IGuestMachine.PageBytes];

    public GuestStateTracker(IGuestMachine machine)
    {
        this.machine = machine;
    }

    public PageHashTable Hashes { get; } = new();

    /// <summary>Pages dirtied since this host's state was last made equal to its primary's.</summary>
    public PageSet DirtySinceSync { get; } = new();

    /// <summary>The most recent seal (null before the first).</summary>
    public EpochSeal? Last { get; private set; }

    /// <summary>Hashes every page dirtied since the previous seal and computes the state digest.</summary>
    public EpochSeal Seal()
    {
        IReadOnlyList<int> dirty = machine.TakeDirtyPages();
        Hashes.GrowTo(machine.PageCount);
        var previous = new ulong[dirty.Count];
        for (int i = 0; i < dirty.Count; i++)
        {
            int page = dirty[i];
            previous[i] = Hashes[page];
            Hashes.Set(page, HashPage(page));
        }
        DirtySinceSync.AddRange(dirty);
        Last = new EpochSeal(DigestNow(out byte[] globals, out byte[] table, out byte[] os), dirty, previous, globals, table, os);
        return Last;
    }

    /// <summary>Whether <see cref="DirtySinceSync"/> is not known exactly (a sync found after the fact, too old to rebuild it): a repair then compares every page.</summary>
    public bool DirtySetUnknown { get; private set; }

    /// <summary>The state now equals the primary's (digests compared, or a patch applied): the dirty set restarts.</summary>
    public void MarkSynced()
    {
        DirtySinceSync.Clear();
        DirtySetUnknown = false;
    }

    /// <summary>
    /// The state was found equal to the primary's at an earlier seal (a pipelined epoch): the dirty
    /// set becomes what was dirtied since, or unknown when that is no longer known.
    /// </summary>
    public void SyncedEarlier(IEnumerable<int>? dirtiedSince)
    {
        DirtySinceSync.Clear();
        DirtySetUnknown = dirtiedSince is null;
        if (dirtiedSince is not null) DirtySinceSync.AddRange(dirtiedSince);
    }

    /// <summary>
    /// Applies a patch from another host (pages, then memory size, globals, table, library OS state
    /// where given) and reseals, so that the hash table covers the written pages. The writes are the
    /// other host's state, not this guest's work: they do not join <see cref="DirtySinceSync"/>.
    /// </summary>
    public EpochSeal ApplyPatch(int pageCount, IEnumerable<(int Index, ReadOnlyMemory<byte> Data)> pages, byte[]? globals, byte[]? table, byte[]? os)
    {
        if (pageCount > machine.PageCount) machine.GrowTo(pageCount);
        Invariant.Require(machine.PageCount == pageCount, $"after the patch memory has {machine.PageCount} pages, the sender has {pageCount}");
        foreach ((int index, ReadOnlyMemory<byte> data) in pages)
        {
            Invariant.Require(index < pageCount && data.Length == IGuestMachine.PageBytes, $"patched page {index} is a whole page within memory");
            machine.WritePage(index, data.Span);
        }
        if (globals is not null) machine.RestoreGlobals(globals);
        if (table is not null) machine.RestoreTable(table);
        if (os is not null) machine.RestoreLibraryOs(os);
        IReadOnlyList<int> written = machine.TakeDirtyPages();
        Hashes.GrowTo(machine.PageCount);
        foreach (int page in written) Hashes.Set(page, HashPage(page));
        Last = new EpochSeal(DigestNow(out byte[] g, out byte[] t, out byte[] o), [], [], g, t, o);
        return Last;
    }

    /// <summary>Copies page <paramref name="index"/> into a new array (to send it).</summary>
    public byte[] CopyPage(int index)
    {
        var copy = new byte[IGuestMachine.PageBytes];
        machine.ReadPage(index, copy);
        return copy;
    }

    private ulong HashPage(int page)
    {
        machine.ReadPage(page, pageBuffer);
        return PageHashTable.HashPage(pageBuffer);
    }

    private StateDigest DigestNow(out byte[] globals, out byte[] table, out byte[] os)
    {
        globals = machine.CaptureGlobals();
        table = machine.CaptureTable();
        os = machine.CaptureLibraryOs();
        return StateDigest.Combine(Hashes.HashOfTable(), Hashes.PageCount, Xxh3.Hash(globals), Xxh3.Hash(table), Xxh3.Hash(os));
    }
}
