namespace Plover.Consensus;

/// <summary>How the leader currently feeds one follower.</summary>
internal enum ReplicationMode
{
    /// <summary>Pipelined: up to the in-flight window of slots unacknowledged.</summary>
    Replicate,
    /// <summary>Something was lost or the follower has a gap: one message at a time until it answers.</summary>
    Probe,
    /// <summary>The follower needs slots the leader truncated: waiting for the host's snapshot or its acknowledgement.</summary>
    Snapshot,
}

/// <summary>The leader's view of one follower in the current ballot (the etcd/raft "progress" idea).</summary>
internal sealed class FollowerProgress
{
    public FollowerProgress(int peer, ulong next, ulong match)
    {
        Peer = peer;
        Next = next;
        Match = match;
    }

    public int Peer { get; }

    /// <summary>The next slot to send.</summary>
    public ulong Next { get; set; }

    /// <summary>Every slot up to here is chosen at the follower or durably accepted by it in this ballot.</summary>
    public ulong Match { get; set; }

    /// <summary>The follower's commit slot as it last reported it.</summary>
    public ulong Commit { get; set; }

    public ReplicationMode Mode { get; set; } = ReplicationMode.Probe;

    /// <summary>Tick at which the current mode began (for the snapshot retry).</summary>
    public long ModeSinceTick { get; set; }

    /// <summary>The slot of the snapshot sent, or 0 while waiting for the host to supply one.</summary>
    public ulong SnapshotSlot { get; set; }

    /// <summary>Match as of the previous heartbeat: no movement between two means something was lost.</summary>
    public ulong MatchAtLastHeartbeat { get; set; }

    /// <summary>The follower said it is being rebuilt (it acknowledges only chosen slots and awaits promotion).</summary>
    public bool IsLearner { get; set; }

    /// <summary>Tick at which a promotion was last sent to this follower, or -1.</summary>
    public long PromotedAtTick { get; set; } = -1;

    /// <summary>Answered in this ballot since the last quorum check.</summary>
    public bool RecentlyActive { get; set; }

    public void EnterMode(ReplicationMode mode, long tick)
    {
        Mode = mode;
        ModeSinceTick = tick;
        if (mode != ReplicationMode.Snapshot) SnapshotSlot = 0;
    }
}
