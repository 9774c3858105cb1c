using Plover.Engine.Wire;

namespace Plover.Engine.Epochs;

/// <summary>Where one backup stands in the primary's current round.</summary>
internal enum PeerPhase
{
    AwaitDigest,
    AwaitHashes,
    AwaitAck,
    Done,
}

/// <summary>One backup's progress through one epoch round at the primary.</summary>
internal sealed class PeerRound(uint peer)
{
    public uint Peer { get; } = peer;

    public PeerPhase Phase { get; set; } = PeerPhase.AwaitDigest;

    public SyncResult? Result { get; private set; }

    public EpochDigest? Digest { get; set; }

    public int PagesCompared { get; set; }

    public int PagesSent { get; set; }

    public long BytesSent { get; set; }

    public bool HashesRequested { get; set; }

    public void Finish(SyncResult result)
    {
        Phase = PeerPhase.Done;
        Result = result;
    }

    public PeerSync ToStatistics() => new(Peer, Result ?? SyncResult.Missed, PagesCompared, PagesSent, BytesSent);
}
