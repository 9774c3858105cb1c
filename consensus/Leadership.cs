namespace Plover.Consensus;

/// <summary>
/// What a node holds only while it leads a ballot: the slots it proposed, how durable its own copy
/// is, its view of each follower, its proposal queue and its timers.
/// </summary>
internal sealed class Leadership
{
    // A list in member order, so that every pass over the followers is deterministic.
    private readonly List<FollowerProgress> _followers = [];

    public Leadership(Ballot ballot, ulong lastSlot, ulong selfMatch, int queueMax)
    {
        Ballot = ballot;
        LastSlot = lastSlot;
        PhaseOneLastSlot = lastSlot;
        SelfMatch = selfMatch;
        Queue = new ProposalQueue(queueMax);
    }

    public Ballot Ballot { get; }

    /// <summary>The peers whose complete promise phase 1 received.</summary>
    public IReadOnlySet<int> PhaseOnePromisers { get; init; } = new HashSet<int>();

    /// <summary>Members known to be rebuilding when phase 1 began: only those may be promoted in this ballot.</summary>
    public HashSet<int> KnownLearners { get; init; } = [];

    /// <summary>The last slot phase 1 re-proposed: a learner must hold everything up to it to be promoted.</summary>
    public ulong PhaseOneLastSlot { get; }

    /// <summary>The highest slot proposed in this ballot.</summary>
    public ulong LastSlot { get; set; }

    /// <summary>Every slot up to here is durable in the leader's own store in this ballot (or chosen before it).</summary>
    public ulong SelfMatch { get; set; }

    public ProposalQueue Queue { get; }

    public int HeartbeatElapsed { get; set; }

    public int QuorumCheckElapsed { get; set; }

    public IReadOnlyList<FollowerProgress> Followers => _followers;

    public void AddFollower(FollowerProgress progress) => _followers.Add(progress);

    public FollowerProgress Follower(int peer)
    {
        foreach (FollowerProgress progress in _followers)
        {
            if (progress.Peer == peer) return progress;
        }
        throw Invariant.Violated($"node {peer} is not a follower of ballot {Ballot}");
    }
}
