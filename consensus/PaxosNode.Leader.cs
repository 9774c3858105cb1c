using Plover.Consensus.Messages;

namespace Plover.Consensus;

// Phase 2 at the leader: batching proposals into slots, feeding followers, counting acceptances.
public sealed partial class PaxosNode
{
    /// <summary>
    /// The host's answer to a snapshot request: <paramref name="payload"/> covers every slot up to
    /// <paramref name="slot"/>, which must reach the leader's log (slot + 1 ≥ first slot) and be
    /// committed. Returns false when this node no longer leads (the request is void).
    /// </summary>
    public bool SendSnapshot(int to, ulong slot, byte[] payload)
    {
        ArgumentNullException.ThrowIfNull(payload);
        if (_leadership is not { } leadership) return false;
        if (Array.IndexOf(_peers, to) < 0) throw new ArgumentException($"node {to} is not a peer", nameof(to));
        if (slot + 1 < _log.FirstSlot || slot > _commit)
            throw new ArgumentOutOfRangeException(nameof(slot), slot, $"a snapshot must cover {_log.FirstSlot - 1}..{_commit} (first slot - 1 .. commit slot)");
        FollowerProgress progress = leadership.Follower(to);
        progress.EnterMode(ReplicationMode.Snapshot, _ticks);
        progress.SnapshotSlot = slot;
        progress.Next = slot + 1;
        Send(to, new InstallSnapshot(NodeId, leadership.Ballot, slot, _commit, payload));
        return true;
    }

    private bool CanFlushProposals(Leadership leadership) =>
        leadership.Queue.Count > 0 && leadership.LastSlot - _commit < (ulong)_config.PipelineSlotsMax;

    /// <summary>Packs queued proposals into new slots (group commit: one Ready persists them all) and sends them.</summary>
    private void FlushProposals(Leadership leadership)
    {
        if (!CanFlushProposals(leadership)) return;
        while (CanFlushProposals(leadership))
        {
            List<byte[]> batch = leadership.Queue.TakeBatch(_config.BatchEntriesMax, _config.BatchBytesMax);
            leadership.LastSlot++;
            var entry = new LogEntry(leadership.LastSlot, leadership.Ballot, SlotValue.Batch(batch));
            _log.Put(entry);
            _unpersisted[entry.Slot] = entry;
        }
        foreach (FollowerProgress progress in leadership.Followers) SendAccepts(leadership, progress);
    }

    /// <summary>Sends the follower what it lacks, within its window; past truncation, asks the host for a snapshot.</summary>
    private void SendAccepts(Leadership leadership, FollowerProgress progress)
    {
        if (progress.Mode == ReplicationMode.Snapshot) return;
        if (progress.Next <= progress.Match) progress.Next = progress.Match + 1;
        if (progress.Next < _log.FirstSlot)
        {
            RequestSnapshot(progress);
            return;
        }
        ulong window = (ulong)(progress.Mode == ReplicationMode.Probe ? _config.AcceptSlotsMax : _config.InflightSlotsMax);
        while (progress.Next <= leadership.LastSlot && progress.Next - 1 - progress.Match < window)
        {
            Send(progress.Peer, NextAccept(leadership, progress));
            if (progress.Mode == ReplicationMode.Probe) break;
        }
    }

    private Accept NextAccept(Leadership leadership, FollowerProgress progress)
    {
        ulong first = progress.Next;
        var values = new List<SlotValue>();
        long bytes = 0;
        while (progress.Next <= leadership.LastSlot && values.Count < _config.AcceptSlotsMax)
        {
            LogEntry entry = _log.Get(progress.Next) ?? throw Invariant.Violated($"leader's log has a hole at slot {progress.Next}");
            if (values.Count > 0 && bytes + entry.Value.PayloadBytes > _config.AcceptBytesMax) break;
            values.Add(entry.Value);
            bytes += entry.Value.PayloadBytes;
            progress.Next++;
        }
        return new Accept(NodeId, leadership.Ballot, first, _commit, values);
    }

    private void RequestSnapshot(FollowerProgress progress)
    {
        progress.EnterMode(ReplicationMode.Snapshot, _ticks);
        if (!_snapshotRequests.Contains(progress.Peer)) _snapshotRequests.Add(progress.Peer);
    }

    private void OnAccepted(Accepted m)
    {
        if (_leadership is not { } leadership || m.Ballot != leadership.Ballot) return;
        if (m.Through > leadership.LastSlot)
            throw new ProtocolViolationException(m.From, m.Kind, $"acknowledged slot {m.Through} beyond the last proposed {leadership.LastSlot}");
        FollowerProgress progress = leadership.Follower(m.From);
        progress.RecentlyActive = true;
        progress.IsLearner = m.Learner;
        progress.Commit = m.Commit;
        if (m.Through > progress.Match)
        {
            progress.Match = m.Through;
            bool snapshotDone = progress.Mode == ReplicationMode.Snapshot && progress.SnapshotSlot != 0 && m.Through >= progress.SnapshotSlot;
            if (progress.Mode == ReplicationMode.Probe || snapshotDone) progress.EnterMode(ReplicationMode.Replicate, _ticks);
        }
        if (SnapshotWasLost(progress, m))
        {
            progress.EnterMode(ReplicationMode.Probe, _ticks);
            progress.Next = progress.Match + 1;
        }
        if (progress.Next <= progress.Match) progress.Next = progress.Match + 1;
        if (m.Received > m.Through && progress.Next > m.Through + 1 && progress.Mode != ReplicationMode.Snapshot)
        {
            // The follower lacks slot Through + 1 although it saw later ones: resend from there, one message at a time.
            progress.Next = m.Through + 1;
            progress.EnterMode(ReplicationMode.Probe, _ticks);
        }
        TryAdvanceCommit(leadership);
        if (m.Learner && !HandleLearner(leadership, progress, m.Commit)) return;
        SendAccepts(leadership, progress);
    }

    /// <summary>
    /// The follower answers heartbeats sent well after the snapshot yet still lacks it: the snapshot
    /// was lost (the follower was down, say), so ask the host for one again rather than wait out
    /// the retry timeout.
    /// </summary>
    private bool SnapshotWasLost(FollowerProgress progress, Accepted m) =>
        progress.Mode == ReplicationMode.Snapshot
        && progress.SnapshotSlot != 0
        && m.Through < progress.SnapshotSlot
        && _ticks - progress.ModeSinceTick >= 2 * _config.HeartbeatTicks;

    /// <summary>
    /// A follower being rebuilt answered. If this ballot's phase 1 began before the leader knew of
    /// the rebuild, it cannot vouch for the learner: renew leadership with a fresh ballot (returns
    /// false, this leadership is over). Otherwise promote the learner once every voter promised in
    /// phase 1 and the learner holds every slot phase 1 re-proposed.
    /// </summary>
    private bool HandleLearner(Leadership leadership, FollowerProgress progress, ulong learnerCommit)
    {
        // Answers to messages sent before the promotion arrived still say "learner": give them time.
        if (progress.PromotedAtTick >= 0 && _ticks - progress.PromotedAtTick < _config.ElectionTicksMin) return true;
        if (!leadership.KnownLearners.Contains(progress.Peer))
        {
            RenewLeadership(leadership);
            return false;
        }
        if (AllVotersPromised(leadership) && learnerCommit >= leadership.PhaseOneLastSlot)
        {
            // From now on a "learner" answer means the promotion was lost or the node lost its store again.
            leadership.KnownLearners.Remove(progress.Peer);
            progress.PromotedAtTick = _ticks;
            Send(progress.Peer, new Promote(NodeId, leadership.Ballot, leadership.PhaseOneLastSlot));
        }
        return true;
    }

    /// <summary>Every follower that votes (neither reporting itself a learner nor known as one) promised in phase 1.</summary>
    private static bool AllVotersPromised(Leadership leadership) =>
        leadership.Followers.All(p => p.IsLearner || leadership.KnownLearners.Contains(p.Peer) || leadership.PhaseOnePromisers.Contains(p.Peer));

    /// <summary>Runs phase 1 again under a fresh ballot, recording which members are being rebuilt.</summary>
    private void RenewLeadership(Leadership leadership)
    {
        HashSet<int> learners = leadership.Followers.Where(p => p.IsLearner).Select(p => p.Peer).ToHashSet();
        BecomeFollower(leader: null);
        Campaign(learners);
    }

    /// <summary>The commit slot becomes the highest slot that a majority (the leader's own durable copy included) holds.</summary>
    private void TryAdvanceCommit(Leadership leadership)
    {
        Span<ulong> matches = stackalloc ulong[_memberCount];
        matches[0] = leadership.SelfMatch;
        int i = 1;
        foreach (FollowerProgress progress in leadership.Followers) matches[i++] = progress.Match;
        matches.Sort();
        ulong quorum = matches[_memberCount - _majority];
        if (quorum <= _commit) return;
        Invariant.Check(quorum <= leadership.LastSlot, "a majority cannot hold slots never proposed");
        AdvanceCommitTo(quorum);
    }

    private void LeaderTick(Leadership leadership)
    {
        leadership.HeartbeatElapsed++;
        leadership.QuorumCheckElapsed++;
        if (leadership.HeartbeatElapsed >= _config.HeartbeatTicks)
        {
            leadership.HeartbeatElapsed = 0;
            foreach (FollowerProgress progress in leadership.Followers) HeartbeatFollower(leadership, progress);
        }
        if (leadership.QuorumCheckElapsed >= _config.ElectionTicksMax)
        {
            leadership.QuorumCheckElapsed = 0;
            int active = 1 + leadership.Followers.Count(p => p.RecentlyActive && !p.IsLearner);
            if (active < _majority)
            {
                // Cut off from a majority: stop claiming leadership so that the host stops acting as primary.
                BecomeFollower(leader: null);
                return;
            }
            if (LearnerAwaitsRenewal(leadership))
            {
                RenewLeadership(leadership);
                return;
            }
            foreach (FollowerProgress progress in leadership.Followers) progress.RecentlyActive = false;
        }
    }

    /// <summary>
    /// A learner cannot be promoted in this ballot because some voter's promise was missing from
    /// phase 1, and every voter is reachable now: a new phase 1 can gather them all.
    /// </summary>
    private static bool LearnerAwaitsRenewal(Leadership leadership) =>
        leadership.Followers.Any(p => p.IsLearner)
        && !AllVotersPromised(leadership)
        && leadership.Followers.All(p => p.IsLearner || p.RecentlyActive);

    /// <summary>A heartbeat, plus recovery of whatever stalled since the previous one.</summary>
    private void HeartbeatFollower(Leadership leadership, FollowerProgress progress)
    {
        if (progress.Mode == ReplicationMode.Snapshot)
        {
            if (_ticks - progress.ModeSinceTick >= _config.SnapshotRetryTicks)
            {
                progress.EnterMode(ReplicationMode.Probe, _ticks);
                progress.Next = progress.Match + 1;
            }
        }
        else if (progress.Match < leadership.LastSlot && progress.Match == progress.MatchAtLastHeartbeat)
        {
            progress.Next = progress.Match + 1;
            progress.EnterMode(ReplicationMode.Probe, _ticks);
        }
        progress.MatchAtLastHeartbeat = progress.Match;
        Send(progress.Peer, new Heartbeat(NodeId, leadership.Ballot, _commit));
        SendAccepts(leadership, progress);
    }
}
