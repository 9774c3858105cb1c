using Plover.Engine.Wire;

namespace Plover.Engine.Epochs;

/// <summary>
/// What a primary remembers of one backup across epochs: the baseline of their last sync, a
/// baseline awaiting the backup's ack of a patch (it becomes the baseline when the ack comes, even
/// late), and a digest the backup sent for an epoch the primary has not reached yet.
/// </summary>
internal sealed class BackupLedger(uint peer)
{
    public uint Peer { get; } = peer;

    public SyncBaseline? Baseline { get; private set; }

    public SyncBaseline? AwaitingAck { get; private set; }

    public EpochDigest? EarlyDigest { get; set; }

    /// <summary>Its digest differed in a pipelined epoch: the next round waits for it and repairs it.</summary>
    public bool NeedsRepair { get; set; }

    /// <summary>The primary sealed an epoch: both baselines remember the hashes the newly dirtied pages had.</summary>
    public void Record(EpochSeal seal)
    {
        Baseline?.Record(seal);
        AwaitingAck?.Record(seal);
    }

    /// <summary>The digests agreed at <paramref name="epoch"/>: that is the new baseline (null when it cannot be rebuilt: the next repair compares every page).</summary>
    public void SyncedAt(ulong epoch, SyncBaseline? baseline)
    {
        if (Baseline is { } current && current.Epoch >= epoch) return;
        Baseline = baseline;
        if (AwaitingAck is { } awaited && awaited.Epoch <= epoch) AwaitingAck = null;
        NeedsRepair = false;
    }

    /// <summary>A patch to reach <paramref name="digest"/> at <paramref name="epoch"/> was sent.</summary>
    public void PatchSent(ulong epoch, ulong digest) => AwaitingAck = new SyncBaseline(epoch, digest);

    /// <summary>The backup acknowledged a patch: true when it is the one awaited (its baseline takes over).</summary>
    public bool Acknowledged(ulong epoch, ulong digest)
    {
        if (AwaitingAck is not { } awaited || awaited.Epoch != epoch) return false;
        Invariant.Require(awaited.Digest == digest,
            $"backup {Peer} acknowledged epoch {epoch} with digest {digest:x16}, but the primary's was {awaited.Digest:x16}");
        Baseline = awaited;
        AwaitingAck = null;
        NeedsRepair = false;
        return true;
    }
}
