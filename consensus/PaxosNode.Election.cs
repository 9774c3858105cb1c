using Plover.Consensus.Messages;

namespace Plover.Consensus;

// Phase 1: campaigning, collecting promises, becoming leader.
public sealed partial class PaxosNode
{
    private void ElectionTick()
    {
        _electionElapsed++;
        if (_electionElapsed >= _electionTimeout)
        {
            if (_rebuilding) BecomeFollower(leader: null);
            else Campaign();
            return;
        }
        if (_phaseOne is { } phase && _electionElapsed % _config.HeartbeatTicks == 0) ResendPrepares(phase);
    }

    /// <summary>
    /// Starts phase 1 for a fresh ballot over every slot above the commit slot. The candidate does
    /// not promise its own ballot until a majority of peers has: a node cut off from the cluster
    /// (and likely behind) then never raises its promise, so it cannot disrupt a working leader
    /// once it reconnects.
    /// </summary>
    private void Campaign(HashSet<int>? knownLearners = null)
    {
        Invariant.Check(_leadership is null, "a leader does not campaign");
        Invariant.Check(!_rebuilding, "a node being rebuilt does not campaign");
        ulong round = Math.Max(_promised.Round, _roundSeen) + 1;
        var ballot = new Ballot(round, NodeId);
        _roundSeen = round;
        _role = NodeRole.Candidate;
        _leaderId = null;
        _phaseOne = new PhaseOne(ballot, _commit + 1, _commit, knownLearners ?? []);
        ResetElectionTimer();
        foreach (int peer in _peers) Send(peer, new Prepare(NodeId, ballot, _commit + 1, _commit));
        TryCompletePhaseOne();
    }

    private void ResendPrepares(PhaseOne phase)
    {
        foreach (int peer in _peers)
        {
            if (!phase.HasAnswered(peer)) Send(peer, new Prepare(NodeId, phase.Ballot, phase.ExpectedPage(peer), phase.CandidateCommit));
        }
    }

    private void OnPromise(Promise m)
    {
        if (_phaseOne is not { } phase || m.Ballot != phase.Ballot) return;
        foreach (LogEntry entry in m.Entries)
        {
            if (entry.Ballot >= m.Ballot)
                throw new ProtocolViolationException(m.From, m.Kind, $"reported slot {entry.Slot} accepted in {entry.Ballot}, not below the prepared ballot {m.Ballot}");
        }
        ulong nextPage = phase.RecordPage(m);
        if (nextPage != 0) Send(m.From, new Prepare(NodeId, phase.Ballot, nextPage, phase.CandidateCommit));
        TryCompletePhaseOne();
    }

    private void OnRejected(Rejected m)
    {
        ObserveRound(m.Promised);
        if (_phaseOne is { } phase && m.Ballot == phase.Ballot)
        {
            phase.RecordRefusal(m.From);
            if (_memberCount - phase.RefusedCount < _majority) BecomeFollower(leader: null);
            return;
        }
        // A leader whose ballot an acceptor refused has been superseded: it steps down and lets the
        // election timers pick the next leader (re-preparing at once would let two nodes duel).
        if (_leadership is { } leadership && m.Ballot == leadership.Ballot && m.Promised > leadership.Ballot)
            BecomeFollower(leader: null);
    }

    private void TryCompletePhaseOne()
    {
        if (_phaseOne is not { } phase || phase.PromisedCommits.Count + 1 < _majority) return;
        Invariant.Check(_promised <= phase.Ballot, "a candidate that promised a higher ballot is no longer a candidate");
        SetPromised(phase.Ballot);
        phase.RecordOwn(_log.EntriesFrom(phase.FromSlot));
        BecomeLeader(phase);
    }

    /// <summary>
    /// Phase 1 is done: re-propose in this ballot, for every slot from the commit slot + 1 up to the
    /// highest one reported, the value of the highest ballot reported (a no-op where none was).
    /// </summary>
    private void BecomeLeader(PhaseOne phase)
    {
        ulong lastSlot = Math.Max(_commit, phase.MaxSlot);
        var leadership = new Leadership(phase.Ballot, lastSlot, selfMatch: _commit, _config.ProposalsQueuedMax)
        {
            PhaseOnePromisers = phase.PromisedCommits.Keys.ToHashSet(),
            KnownLearners = phase.KnownLearners,
        };
        for (ulong slot = _commit + 1; slot <= lastSlot; slot++)
        {
            var entry = new LogEntry(slot, phase.Ballot, phase.ValueFor(slot));
            _log.Put(entry);
            _unpersisted[slot] = entry;
        }
        foreach (int peer in _peers)
        {
            bool promised = phase.PromisedCommits.TryGetValue(peer, out ulong peerCommit);
            var progress = promised
                ? new FollowerProgress(peer, next: peerCommit + 1, match: peerCommit)
                : new FollowerProgress(peer, next: _commit + 1, match: 0);
            progress.EnterMode(promised ? ReplicationMode.Replicate : ReplicationMode.Probe, _ticks);
            leadership.AddFollower(progress);
        }
        _leadership = leadership;
        _phaseOne = null;
        _role = NodeRole.Leader;
        _leaderId = NodeId;
        foreach (FollowerProgress progress in leadership.Followers)
        {
            Send(progress.Peer, new Heartbeat(NodeId, leadership.Ballot, _commit));
            SendAccepts(leadership, progress);
        }
    }
}
