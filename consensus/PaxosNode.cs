using Plover.Consensus.Messages;

namespace Plover.Consensus;

/// <summary>
/// One member of a Multi-Paxos cluster as a pure state machine: no threads, clocks, sockets, files
/// or ambient randomness. The host feeds it <see cref="Tick"/>, <see cref="Step"/> and
/// <see cref="Propose"/>, takes a <see cref="Consensus.Ready"/> whenever <see cref="HasReady"/>, acts
/// on it (persist, send, apply; see <see cref="Consensus.Ready"/>) and calls <see cref="Advance"/>.
/// <para>
/// Protocol: ballots are (round, node). A node that hears no leader for a random election timeout
/// runs phase 1 once for its ballot over every slot above its commit slot; a majority of promises
/// makes it leader, and it re-proposes in its ballot the highest-ballot value reported for each slot,
/// filling holes with no-ops. Phase 2 is pipelined (a window of slots in flight per follower) and
/// batched (many proposals per slot, many slots per Accept). Acknowledgements are cumulative
/// (<see cref="Accepted"/>), and the commit slot rides on accepts and heartbeats. A lagging follower
/// is caught up with accepts from its commit slot, or with a host-supplied snapshot when the leader
/// has truncated those slots.
/// </para>
/// <para>
/// Rebuilding: a node whose store was lost or corrupt restarts from an empty store marked
/// "rebuilding" (<see cref="DurableState.ForRebuild"/>) and does not vote: it ignores prepares,
/// never campaigns, and acknowledges only slots it knows chosen. A leader that hears from it
/// renews its own leadership with a fresh ballot, so that phase 1 runs after the rebuild began;
/// once that phase 1 holds a promise from every other voter and the learner has caught up through
/// every slot it re-proposed, the leader sends <see cref="Promote"/> and the node votes again.
/// Every ballot the node may have promised or accepted in before losing its store is then below a
/// ballot all voters promised (so none can still gather acceptances), and every value it may have
/// helped choose was found by that phase 1 and is back in its log.
/// </para>
/// </summary>
public sealed partial class PaxosNode
{
    private readonly PaxosConfig _config;
    private readonly int[] _peers;
    private readonly int _memberCount;
    private readonly int _majority;
    private readonly DeterministicRandom _random;
    private readonly ReplicaLog _log;

    // The state that must be durable: changes reach the host through Ready.HardState.
    private Ballot _promised;
    private ulong _commit;
    private bool _rebuilding;

    private ulong _applied;
    private NodeRole _role = NodeRole.Follower;
    private int? _leaderId;
    private ulong _roundSeen;
    private long _ticks;
    private int _electionElapsed;
    private int _electionTimeout;
    private PhaseOne? _phaseOne;
    private Leadership? _leadership;

    /// <summary>
    /// Creates a node from its config and what its store holds. <paramref name="appliedSlot"/> is
    /// the last slot the host's state already reflects (its checkpoint); committed entries after it
    /// come out in Ready. It must lie between FirstSlot - 1 and the commit slot.
    /// </summary>
    public PaxosNode(PaxosConfig config, DurableState state, ulong appliedSlot)
    {
        ArgumentNullException.ThrowIfNull(config);
        ArgumentNullException.ThrowIfNull(state);
        config.Validate();
        ValidateDurableState(state);
        if (appliedSlot + 1 < state.FirstSlot || appliedSlot > state.CommitSlot)
            throw new ArgumentOutOfRangeException(nameof(appliedSlot), appliedSlot,
                $"the applied slot must lie in {state.FirstSlot - 1}..{state.CommitSlot} (first slot - 1 .. commit slot)");
        _config = config;
        _memberCount = config.Members.Count;
        _majority = config.Majority;
        _peers = config.Members.Where(m => m != config.NodeId).Order().ToArray();
        _random = new DeterministicRandom(config.Seed ^ (0x9E3779B97F4A7C15UL * (ulong)config.NodeId));
        _log = new ReplicaLog(state.FirstSlot, state.Entries);
        _promised = state.Promised;
        _commit = state.CommitSlot;
        _rebuilding = state.Rebuilding;
        _applied = appliedSlot;
        _persistedHard = CurrentHardState;
        _reportedSoft = CurrentSoftState;
        ResetElectionTimer();
    }

    public int NodeId => _config.NodeId;

    public NodeRole Role => _role;

    public bool IsLeader => _role == NodeRole.Leader;

    /// <summary>The leader this node follows (itself when leading), or null when it knows of none.</summary>
    public int? LeaderId => _leaderId;

    /// <summary>True while the node is being rebuilt from its peers: it follows and learns but does not vote.</summary>
    public bool IsRebuilding => _rebuilding;

    /// <summary>The highest ballot this node promised (its own when it leads).</summary>
    public Ballot Promised => _promised;

    /// <summary>The ballot of the current leader as this node knows it, or <see cref="Ballot.Zero"/>.</summary>
    public Ballot LeaderBallot => _leadership?.Ballot ?? (_leaderId is null ? Ballot.Zero : _promised);

    /// <summary>Every slot up to here is known chosen.</summary>
    public ulong CommitSlot => _commit;

    /// <summary>Every committed slot up to here has been handed to the host in a Ready.</summary>
    public ulong AppliedSlot => _applied;

    /// <summary>Slots below this were dropped under a checkpoint.</summary>
    public ulong FirstSlot => _log.FirstSlot;

    /// <summary>The highest slot this node holds an entry for.</summary>
    public ulong LastSlot => _log.LastSlot;

    /// <summary>Proposals waiting at the leader for a slot (0 on other nodes).</summary>
    public int QueuedProposals => _leadership?.Queue.Count ?? 0;

    /// <summary>The entry this node holds for <paramref name="slot"/>, or null (a hole, or truncated).</summary>
    public LogEntry? EntryAt(ulong slot) => _log.Get(slot);

    /// <summary>Advances logical time by one tick: election timeouts, heartbeats and retransmissions.</summary>
    public void Tick()
    {
        _ticks++;
        if (_leadership is { } leadership) LeaderTick(leadership);
        else ElectionTick();
    }

    /// <summary>Starts phase 1 for a new ballot now, without waiting for the election timeout (never while rebuilding).</summary>
    public void StartElection()
    {
        if (_leadership is null && !_rebuilding) Campaign();
    }

    /// <summary>
    /// Handles one message from a peer. A sender that is not a member is a
    /// <see cref="NonMemberMessageException"/>; a message no correct peer sends is a
    /// <see cref="ProtocolViolationException"/>. The host drops the message and may log or disconnect.
    /// </summary>
    public void Step(PaxosMessage message)
    {
        ArgumentNullException.ThrowIfNull(message);
        ValidateSender(message);
        switch (message)
        {
            case Prepare m: OnPrepare(m); break;
            case Promise m: OnPromise(m); break;
            case Accept m: OnAccept(m); break;
            case Accepted m: OnAccepted(m); break;
            case Heartbeat m: OnHeartbeat(m); break;
            case Rejected m: OnRejected(m); break;
            case InstallSnapshot m: OnInstallSnapshot(m); break;
            case Promote m: OnPromote(m); break;
            default: throw new ArgumentException($"unknown message type {message.GetType().Name}", nameof(message));
        }
    }

    /// <summary>
    /// Offers a proposal (an opaque payload the node takes ownership of; the caller must not change
    /// it). Only the leader queues it; any other node answers <see cref="ProposeStatus.NotLeader"/>
    /// with the leader it knows of.
    /// </summary>
    public ProposeResult Propose(byte[] payload)
    {
        ArgumentNullException.ThrowIfNull(payload);
        if (payload.Length > _config.PayloadBytesMax)
            throw new ArgumentException($"payload of {payload.Length} bytes exceeds PayloadBytesMax {_config.PayloadBytesMax}", nameof(payload));
        if (_leadership is not { } leadership) return new ProposeResult(ProposeStatus.NotLeader, _leaderId);
        if (leadership.Queue.IsFull) return new ProposeResult(ProposeStatus.QueueFull, NodeId);
        leadership.Queue.Enqueue(payload);
        return new ProposeResult(ProposeStatus.Accepted, NodeId);
    }

    /// <summary>
    /// The host's checkpoint covers every slot up to <paramref name="throughSlot"/>: the log below
    /// it may go. The next Ready carries the new first slot; the store deletes the range in the same
    /// synced batch. Slots not yet handed out as committed cannot be dropped.
    /// </summary>
    public void Compact(ulong throughSlot)
    {
        if (throughSlot > _applied)
            throw new ArgumentOutOfRangeException(nameof(throughSlot), throughSlot, $"slot {throughSlot} is not applied yet (applied slot {_applied})");
        if (throughSlot < _log.FirstSlot) return;
        _log.TruncateThrough(throughSlot);
        DropUnpersistedThrough(throughSlot);
    }

    private void ValidateSender(PaxosMessage message)
    {
        if (message.From == NodeId || Array.IndexOf(_peers, message.From) < 0)
            throw new NonMemberMessageException(message.From, message.Kind, NodeId);
        bool isRequest = message is Prepare or Accept or Heartbeat or InstallSnapshot or Promote;
        int owner = isRequest ? message.From : NodeId;
        if (message.Ballot.Node != owner || message.Ballot.Round == 0)
            throw new ProtocolViolationException(message.From, message.Kind, $"ballot {message.Ballot} does not belong to node {owner}");
        if (message is Rejected { Reason: RejectReason.HigherBallot } r && r.Promised <= r.Ballot)
            throw new ProtocolViolationException(message.From, message.Kind, $"refused {r.Ballot} for promised {r.Promised}, which is not higher");
    }

    private static void ValidateDurableState(DurableState state)
    {
        if (state.FirstSlot < 1) throw new ArgumentException("durable state: the first slot must be at least 1", nameof(state));
        if (state.CommitSlot + 1 < state.FirstSlot)
            throw new ArgumentException($"durable state: commit slot {state.CommitSlot} is below first slot {state.FirstSlot} - 1", nameof(state));
        ulong expected = state.FirstSlot;
        ulong previous = 0;
        foreach (LogEntry entry in state.Entries)
        {
            if (entry.Slot < state.FirstSlot || entry.Slot <= previous)
                throw new ArgumentException($"durable state: entry for slot {entry.Slot} is out of order or below the first slot", nameof(state));
            if (entry.Slot <= state.CommitSlot && entry.Slot != expected)
                throw new ArgumentException($"durable state: committed slot {expected} is missing", nameof(state));
            if (entry.Ballot > state.Promised)
                throw new ArgumentException($"durable state: slot {entry.Slot} accepted in {entry.Ballot}, above the promise {state.Promised}", nameof(state));
            previous = entry.Slot;
            expected = entry.Slot + 1;
        }
        if (state.CommitSlot >= expected)
            throw new ArgumentException($"durable state: committed slot {expected} is missing", nameof(state));
    }

    private HardState CurrentHardState => new(_promised, _commit, _log.FirstSlot, _rebuilding);

    private SoftState CurrentSoftState => new(_role, _leaderId, LeaderBallot);

    private void Send(int to, PaxosMessage message) => _outbox.Add(new OutboundMessage(to, message));

    private void SetPromised(Ballot ballot)
    {
        Invariant.Check(ballot >= _promised, "a promise never decreases");
        _promised = ballot;
    }

    private void ObserveRound(Ballot ballot) => _roundSeen = Math.Max(_roundSeen, ballot.Round);

    private void ResetElectionTimer()
    {
        _electionElapsed = 0;
        _electionTimeout = (int)_random.NextInRange(_config.ElectionTicksMin, _config.ElectionTicksMax);
    }

    /// <summary>Leaves any leadership or candidacy; <paramref name="leader"/> is the node now followed, if known.</summary>
    private void BecomeFollower(int? leader)
    {
        if (_leadership is { } leadership)
        {
            _dropped.AddRange(leadership.Queue.Drain());
            _leadership = null;
        }
        _phaseOne = null;
        _role = NodeRole.Follower;
        _leaderId = leader;
        ResetElectionTimer();
    }

    /// <summary>Moves the commit slot forward; every slot up to the new one must be in the log.</summary>
    private void AdvanceCommitTo(ulong target)
    {
        if (target <= _commit) return;
        for (ulong slot = Math.Max(_commit + 1, _log.FirstSlot); slot <= target; slot++)
        {
            if (_log.Get(slot) is null) throw Invariant.Violated($"commit to {target} over a hole at slot {slot}");
        }
        _commit = target;
    }
}
