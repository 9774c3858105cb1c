namespace Plover.Consensus;

/// <summary>
/// How one node of a cluster behaves. Times are in ticks (the host decides how long a tick is);
/// every queue and batch has a bound here. <see cref="Validate"/> rejects a config that could not
/// work, naming the field.
/// </summary>
public sealed record PaxosConfig
{
    /// <summary>Largest payload one proposal may carry.</summary>
    public const int PayloadBytesLimit = 16 << 20;

    public required int NodeId { get; init; }

    /// <summary>Every member of the cluster, this node included (usually three).</summary>
    public required IReadOnlyList<int> Members { get; init; }

    /// <summary>A follower campaigns after a random number of quiet ticks in [min, max].</summary>
    public int ElectionTicksMin { get; init; } = 10;

    public int ElectionTicksMax { get; init; } = 20;

    /// <summary>The leader sends a heartbeat (and retransmits what is stuck) every this many ticks.</summary>
    public int HeartbeatTicks { get; init; } = 2;

    /// <summary>Most proposals packed into one slot.</summary>
    public int BatchEntriesMax { get; init; } = 256;

    /// <summary>Most payload bytes packed into one slot (a single larger proposal still gets a slot of its own).</summary>
    public int BatchBytesMax { get; init; } = 1 << 20;

    /// <summary>Largest payload of one proposal.</summary>
    public int PayloadBytesMax { get; init; } = 1 << 20;

    /// <summary>Most slots one Accept message carries.</summary>
    public int AcceptSlotsMax { get; init; } = 64;

    /// <summary>Most payload bytes one Accept message carries (at least one slot is always sent).</summary>
    public int AcceptBytesMax { get; init; } = 4 << 20;

    /// <summary>Most slots sent to a follower and not yet acknowledged by it.</summary>
    public int InflightSlotsMax { get; init; } = 1024;

    /// <summary>Most slots the leader proposes beyond its commit slot; further proposals wait in the queue.</summary>
    public int PipelineSlotsMax { get; init; } = 1024;

    /// <summary>Most proposals waiting in the leader's queue before <see cref="ProposeStatus.QueueFull"/>.</summary>
    public int ProposalsQueuedMax { get; init; } = 1 << 16;

    /// <summary>Most accepted entries in one Promise page; the candidate asks for the next page.</summary>
    public int PromiseEntriesMax { get; init; } = 512;

    /// <summary>
    /// A follower ignores accepts this far beyond its commit slot (the leader then backs up); at least
    /// the pipeline plus the in-flight window, so a healthy follower never ignores one.
    /// </summary>
    public int FollowerAheadSlotsMax { get; init; } = 8192;

    /// <summary>Most slots of committed entries handed out in one Ready.</summary>
    public int CommittedSlotsPerReadyMax { get; init; } = 4096;

    /// <summary>Ticks before the leader asks its host again for a snapshot a follower did not acknowledge.</summary>
    public int SnapshotRetryTicks { get; init; } = 40;

    /// <summary>Seed of the node's own generator (election timeouts).</summary>
    public ulong Seed { get; init; }

    /// <summary>The smallest number of members that forms a quorum.</summary>
    public int Majority => Members.Count / 2 + 1;

    /// <summary>Throws <see cref="ArgumentException"/> naming the first field that cannot work.</summary>
    public void Validate()
    {
        if (Members is null || Members.Count == 0) throw new ArgumentException("Members: at least one member is required", nameof(Members));
        if (Members.Distinct().Count() != Members.Count) throw new ArgumentException($"Members: duplicate id in [{string.Join(", ", Members)}]", nameof(Members));
        foreach (int member in Members) RequireRange(member, 1, Ballot.NodeMax, "Members");
        if (!Members.Contains(NodeId)) throw new ArgumentException($"NodeId: {NodeId} is not one of the members [{string.Join(", ", Members)}]", nameof(NodeId));
        RequireRange(ElectionTicksMin, 2, int.MaxValue, nameof(ElectionTicksMin));
        RequireRange(ElectionTicksMax, ElectionTicksMin, int.MaxValue, nameof(ElectionTicksMax));
        RequireRange(HeartbeatTicks, 1, ElectionTicksMin - 1, nameof(HeartbeatTicks));
        RequireRange(BatchEntriesMax, 1, 1 << 16, nameof(BatchEntriesMax));
        RequireRange(BatchBytesMax, 1, int.MaxValue, nameof(BatchBytesMax));
        RequireRange(PayloadBytesMax, 0, PayloadBytesLimit, nameof(PayloadBytesMax));
        RequireRange(AcceptSlotsMax, 1, 1 << 16, nameof(AcceptSlotsMax));
        RequireRange(AcceptBytesMax, 1, int.MaxValue, nameof(AcceptBytesMax));
        RequireRange(InflightSlotsMax, AcceptSlotsMax, int.MaxValue, nameof(InflightSlotsMax));
        RequireRange(PipelineSlotsMax, 1, int.MaxValue, nameof(PipelineSlotsMax));
        RequireRange(ProposalsQueuedMax, 1, int.MaxValue, nameof(ProposalsQueuedMax));
        RequireRange(PromiseEntriesMax, 1, 1 << 16, nameof(PromiseEntriesMax));
        RequireRange(FollowerAheadSlotsMax, InflightSlotsMax + PipelineSlotsMax, int.MaxValue, nameof(FollowerAheadSlotsMax));
        RequireRange(CommittedSlotsPerReadyMax, 1, int.MaxValue, nameof(CommittedSlotsPerReadyMax));
        RequireRange(SnapshotRetryTicks, 1, int.MaxValue, nameof(SnapshotRetryTicks));
    }

    private static void RequireRange(int value, int min, int max, string field)
    {
        if (value < min || value > max)
            throw new ArgumentException($"{field}: {value} is outside {min}..{max}", field);
    }
}
