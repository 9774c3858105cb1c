using Plover.Consensus.Messages;

namespace Plover.Consensus;

// The acceptor (and learner) side: promises, accepts, the commit slot a leader announces, snapshots.
public sealed partial class PaxosNode
{
    // Cache of AcceptedThrough: every slot in (commit, _throughSlot] holds an entry of _throughBallot.
    private Ballot _throughBallot;
    private ulong _throughSlot;

    /// <summary>True while this node has recently heard its leader (or is it): it then ignores candidates.</summary>
    private bool InLeaderLease => _role == NodeRole.Leader
        || (_leaderId is not null && _electionElapsed < _config.ElectionTicksMin);

    private void OnPrepare(Prepare m)
    {
        ObserveRound(m.Ballot);
        // A node being rebuilt may have forgotten promises and acceptances: it must not vote.
        if (_rebuilding) return;
        if (m.Ballot < _promised)
        {
            Refuse(m.From, m.Ballot, RejectReason.HigherBallot);
            return;
        }
        if (m.Ballot > _promised)
        {
            // A live leader keeps its followers: a node that merely lost touch with it cannot depose
            // it. The leader itself may renew its leadership with a fresh ballot.
            if (InLeaderLease && m.From != _leaderId) return;
            if (m.CandidateCommit < _commit || m.FromSlot < _log.FirstSlot)
            {
                Refuse(m.From, m.Ballot, RejectReason.CandidateBehind);
                return;
            }
            SetPromised(m.Ballot);
            BecomeFollower(leader: null);
        }
        else
        {
            // The same ballot again: a retransmission or the next page; the promise stands.
            if (m.FromSlot < _log.FirstSlot)
            {
                Refuse(m.From, m.Ballot, RejectReason.CandidateBehind);
                return;
            }
            if (_leaderId is null) ResetElectionTimer();
        }
        SendPromisePage(m);
    }

    private void SendPromisePage(Prepare m)
    {
        var entries = new List<LogEntry>();
        ulong nextPage = 0;
        foreach (LogEntry entry in _log.EntriesFrom(m.FromSlot))
        {
            if (entries.Count == _config.PromiseEntriesMax)
            {
                nextPage = entry.Slot;
                break;
            }
            entries.Add(entry);
        }
        Send(m.From, new Promise(NodeId, m.Ballot, m.FromSlot, _commit, nextPage, entries));
    }

    private void Refuse(int to, Ballot ballot, RejectReason reason) =>
        Send(to, new Rejected(NodeId, ballot, _promised, _commit, reason));

    private void OnAccept(Accept m)
    {
        if (!AcceptLeaderContact(m.From, m.Ballot)) return;
        ulong aheadLimit = _commit + (ulong)_config.FollowerAheadSlotsMax;
        ulong slot = m.FirstSlot;
        foreach (SlotValue value in m.Values)
        {
            if (slot > aheadLimit) break;
            StoreAccepted(slot, m.Ballot, value);
            slot++;
        }
        FinishLeaderContact(m.From, m.Ballot, m.LeaderCommit, received: m.LastSlot);
    }

    private void OnHeartbeat(Heartbeat m)
    {
        if (!AcceptLeaderContact(m.From, m.Ballot)) return;
        FinishLeaderContact(m.From, m.Ballot, m.LeaderCommit, received: 0);
    }

    private void OnInstallSnapshot(InstallSnapshot m)
    {
        if (!AcceptLeaderContact(m.From, m.Ballot)) return;
        if (m.Slot > _commit) InstallLeaderSnapshot(m.Slot, m.Payload);
        FinishLeaderContact(m.From, m.Ballot, m.LeaderCommit, received: m.Slot);
    }

    /// <summary>
    /// A request from a leader in <paramref name="ballot"/>: refused if a higher ballot was promised;
    /// otherwise the ballot is promised (if new), the sender becomes the leader followed, and the
    /// election timer restarts.
    /// </summary>
    private bool AcceptLeaderContact(int from, Ballot ballot)
    {
        ObserveRound(ballot);
        if (ballot < _promised)
        {
            Refuse(from, ballot, RejectReason.HigherBallot);
            return false;
        }
        if (ballot > _promised) SetPromised(ballot);
        if (_role != NodeRole.Follower || _leaderId != from) BecomeFollower(from);
        else ResetElectionTimer();
        return true;
    }

    /// <summary>
    /// Learns the leader's commit slot as far as this node holds the leader's values, then answers.
    /// A node being rebuilt answers as a learner: it claims only the slots it knows chosen.
    /// </summary>
    private void FinishLeaderContact(int leader, Ballot ballot, ulong leaderCommit, ulong received)
    {
        ulong through = AcceptedThrough(ballot);
        AdvanceCommitTo(Math.Min(leaderCommit, through));
        Send(leader, _rebuilding
            ? new Accepted(NodeId, ballot, _commit, _commit, 0, Learner: true)
            : new Accepted(NodeId, ballot, through, _commit, received));
    }

    /// <summary>The leader says this node may vote again (see the class summary for when that is safe).</summary>
    private void OnPromote(Promote m)
    {
        if (!AcceptLeaderContact(m.From, m.Ballot)) return;
        if (_rebuilding && m.Ballot == _promised && _commit >= m.ThroughSlot) _rebuilding = false;
        FinishLeaderContact(m.From, m.Ballot, leaderCommit: 0, received: 0);
    }

    private void StoreAccepted(ulong slot, Ballot ballot, SlotValue value)
    {
        if (slot < _log.FirstSlot) return;
        LogEntry? existing = _log.Get(slot);
        if (slot <= _commit)
        {
            // Chosen already: any later ballot can only carry the same value.
            if (existing is null || !existing.Value.Equals(value))
                throw Invariant.Violated($"ballot {ballot} proposed a different value for chosen slot {slot}");
            return;
        }
        if (existing is not null)
        {
            Invariant.Check(existing.Ballot <= ballot, "an accepted ballot above the promise");
            if (existing.Ballot == ballot)
            {
                if (!existing.Value.Equals(value)) throw Invariant.Violated($"two values for slot {slot} in ballot {ballot}");
                return;
            }
        }
        var entry = new LogEntry(slot, ballot, value);
        _log.Put(entry);
        _unpersisted[slot] = entry;
    }

    /// <summary>The highest slot t such that every slot in (commit, t] holds an entry accepted in <paramref name="ballot"/>.</summary>
    private ulong AcceptedThrough(Ballot ballot)
    {
        if (_throughBallot != ballot || _throughSlot < _commit)
        {
            _throughBallot = ballot;
            _throughSlot = _commit;
        }
        while (_log.Get(_throughSlot + 1) is { } entry && entry.Ballot == ballot) _throughSlot++;
        return _throughSlot;
    }

    /// <summary>Replaces everything up to <paramref name="slot"/> with the leader's snapshot; the log continues after it.</summary>
    private void InstallLeaderSnapshot(ulong slot, byte[] payload)
    {
        Invariant.Check(slot > _commit, "a snapshot must cover more than is committed");
        _log.TruncateThrough(slot);
        DropUnpersistedThrough(slot);
        _commit = slot;
        _applied = slot;
        _snapshotToInstall = new SnapshotInstall(slot, payload);
    }
}
