namespace Plover.Engine.Hosting;

// Log truncation once a checkpoint is durable.
public sealed partial class ConsensusHost
{
    private ulong compactionAsked;

    /// <summary>What the leader sends a node whose gap was truncated: its pinned checkpoint's slot and metadata (null: none to offer yet).</summary>
    public Func<(ulong Slot, byte[] Payload)?>? SnapshotSource { get; set; }

    /// <summary>A follower needs slots the log no longer holds: offer the checkpoint; without one it asks again later.</summary>
    private void OfferSnapshot(int peer)
    {
        HostLog.SnapshotRequested(logger, peer);
        if (SnapshotSource?.Invoke() is not { } offer) return;
        if (offer.Slot + 1 < node.FirstSlot || offer.Slot > node.CommitSlot) return; // not servable from this log now: asked again
        node.SendSnapshot(peer, offer.Slot, offer.Payload);
    }
    private ulong compactedThrough;

    /// <summary>The log through <paramref name="slot"/> is covered by a durable checkpoint (any thread): the loop truncates it.</summary>
    public void CompactThrough(ulong slot)
    {
        ulong asked;
        do
        {
            asked = Volatile.Read(ref compactionAsked);
            if (slot <= asked) return;
        }
        while (Interlocked.CompareExchange(ref compactionAsked, slot, asked) != asked);
        wake.Set();
    }

    /// <summary>The first slot the log still holds (after truncation).</summary>
    public ulong FirstSlot => Volatile.Read(ref firstSlot);

    private ulong firstSlot;

    /// <summary>Between Readies (the node's applied slot covers every slot the executor was given): the next Ready deletes the range, synced.</summary>
    private void ApplyCompaction()
    {
        ulong asked = Volatile.Read(ref compactionAsked);
        ulong through = Math.Min(asked, node.AppliedSlot);
        if (through > compactedThrough)
        {
            node.Compact(through);
            compactedThrough = through;
            while (node.HasReady && !stopping) HandleReady(node.Ready());
        }
        Volatile.Write(ref firstSlot, node.FirstSlot);
    }
}
