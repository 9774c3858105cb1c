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
    /// <remarks>Asked for every backup at every epoch, usually for one of the last few: so the walk starts at the newest seal.</remarks>
    public SyncBaseline? BaselineAt(ulong epoch, ulong digest)
    {
        LinkedListNode<(ulong Epoch, EpochSeal Seal, ulong LogHash)>? node = seals.Last;
        while (node is not null && node.Value.Epoch > epoch) node = node.Previous;
        if (node is null || node.Value.Epoch != epoch) return null;
        var baseline = new SyncBaseline(epoch, digest);
        for (node = node.Next; node is not null; node = node.Next) baseline.Record(node.Value.Seal);
        return baseline;
    }

    /// <summary>The digest and log hash the primary had at <paramref name="epoch"/>, if still kept.</summary>
    public (ulong Digest, ulong LogHash)? At(ulong epoch)
    {
        for (LinkedListNode<(ulong Epoch, EpochSeal Seal, ulong LogHash)>? node = seals.Last; node is not null && node.Value.Epoch >= epoch; node = node.Previous)
            if (node.Value.Epoch == epoch) return (node.Value.Seal.Digest.Value, node.Value.LogHash);
        return null;
    }
}
