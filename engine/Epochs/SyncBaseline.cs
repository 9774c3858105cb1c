namespace Plover.Engine.Epochs;

/// <summary>
/// What the primary knows of one backup's state since their last sync at <see cref="Epoch"/>: the
/// backup then held the primary's state (digest <see cref="Digest"/>), so any page the primary has
/// not dirtied since still has the primary's current hash there, and for the pages it has dirtied
/// this keeps the hash they had at the sync. With the backup's own dirty pages, that is enough to
/// find every page that differs, however many epochs the backup missed in between.
/// </summary>
public sealed class SyncBaseline
{
    private readonly Dictionary<int, ulong> hashAtSync = [];

    public SyncBaseline(ulong epoch, ulong digest)
    {
        Epoch = epoch;
        Digest = digest;
    }

    public ulong Epoch { get; }

    public ulong Digest { get; }

    /// <summary>Pages the primary dirtied since the sync.</summary>
    public IEnumerable<int> PagesDirtiedSince => hashAtSync.Keys;

    public int PagesDirtiedSinceCount => hashAtSync.Count;

    /// <summary>Records a seal of the primary: the first time a page is dirtied after the sync, its hash at the sync is kept.</summary>
    public void Record(EpochSeal seal)
    {
        for (int i = 0; i < seal.DirtyPages.Count; i++) hashAtSync.TryAdd(seal.DirtyPages[i], seal.PreviousHashes[i]);
    }

    /// <summary>The hash the backup's page holds if the backup has not written it since the sync.</summary>
    public ulong HashAtSync(int page, PageHashTable primaryNow) =>
        hashAtSync.TryGetValue(page, out ulong hash) ? hash : primaryNow[page];

    /// <summary>Whether a backup reporting this last sync shares this baseline.</summary>
    public bool Matches(ulong epoch, ulong digest) => epoch == Epoch && digest == Digest;
}
