namespace Plover.Engine.Epochs;

/// <summary>
/// The primary's most recent seals, so that a backup found in sync at an epoch the primary has
/// already moved past (a pipelined epoch) still gets an exact baseline: the seals after that epoch
/// say which pages the primary dirtied since, and what they hashed to at the sync.
/// </summary>
public sealed class SealHistory
{
    /// <summary>Seals kept; a sync older than this gets no baseline (its next repair compares every page).</summary>
    public const int EpochsKept = 256;

    private readonly LinkedList<(ulong Epoch, EpochSeal Seal, ulong LogHash)> seals = new();

    public void Add(ulong epoch, EpochSeal seal, ulong logHash)
    {
        Invariant.Require(seals.Last is null || seals.Last.Value.Epoch < epoch, $"seals are kept in epoch order ({epoch} after {seals.Last?.Value.Epoch})");
        seals.AddLast((epoch, seal, logHash));
        while (seals.Count > EpochsKept) seals.RemoveFirst();
    }

    /// <summary>The baseline of a sync at <paramref name="epoch"/> with every later seal recorded, or null when that epoch is no longer kept.</summary>
    public SyncBaseline? BaselineAt(ulong epoch, ulong digest)
    {
        if (seals.All(s => s.Epoch != epoch)) return null;
        var baseline = new SyncBaseline(epoch, digest);
        foreach ((ulong later, EpochSeal seal, _) in seals)
            if (later > epoch) baseline.Record(seal);
        return baseline;
    }

    /// <summary>The digest and log hash the primary had at <paramref name="epoch"/>, if still kept.</summary>
    public (ulong Digest, ulong LogHash)? At(ulong epoch)
    {
        foreach ((ulong kept, EpochSeal seal, ulong logHash) in seals)
            if (kept == epoch) return (seal.Digest.Value, logHash);
        return null;
    }
}
