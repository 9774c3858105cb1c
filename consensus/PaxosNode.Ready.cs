using Plover.Consensus.Messages;

namespace Plover.Consensus;

// The hand-off to the host: collecting a Ready and learning, on Advance, that it is durable.
public sealed partial class PaxosNode
{
    private readonly Dictionary<ulong, LogEntry> _unpersisted = [];
    private readonly List<OutboundMessage> _outbox = [];
    private readonly List<int> _snapshotRequests = [];
    private readonly List<byte[]> _dropped = [];
    private SnapshotInstall? _snapshotToInstall;
    private HardState _persistedHard;
    private SoftState _reportedSoft;
    private Ready? _outstanding;
    private ulong _readySequence;

    /// <summary>True when a Ready has work for the host and the previous one was advanced.</summary>
    public bool HasReady =>
        _outstanding is null
        && (_outbox.Count > 0
            || _unpersisted.Count > 0
            || _applied < _commit
            || _snapshotToInstall is not null
            || _snapshotRequests.Count > 0
            || _dropped.Count > 0
            || CurrentHardState != _persistedHard
            || CurrentSoftState != _reportedSoft
            || (_leadership is { } leadership && CanFlushProposals(leadership)));

    /// <summary>
    /// Takes the pending work: state and entries to persist, messages to send after that, committed
    /// entries to apply. Only one Ready may be outstanding: the next comes after <see cref="Advance"/>.
    /// </summary>
    public Ready Ready()
    {
        if (_outstanding is not null) throw new InvalidOperationException("the previous Ready has not been advanced yet");
        if (_leadership is { } leadership) FlushProposals(leadership);
        HardState hard = CurrentHardState;
        SoftState soft = CurrentSoftState;
        List<LogEntry> entries = TakeUnpersisted();
        (OutboundMessage[] early, OutboundMessage[] late) = SplitOutbox(hard);
        var ready = new Ready(++_readySequence)
        {
            HardState = hard != _persistedHard ? hard : null,
            Entries = entries,
            MustSync = entries.Count > 0 || _snapshotToInstall is not null || hard.Promised != _persistedHard.Promised
                || hard.Rebuilding != _persistedHard.Rebuilding,
            Messages = late,
            EarlyMessages = early,
            CommittedEntries = CollectCommitted(),
            Snapshot = _snapshotToInstall,
            SnapshotRequests = _snapshotRequests.ToArray(),
            SoftState = soft != _reportedSoft ? soft : null,
            DroppedProposals = _dropped.ToArray(),
            LeaderBallot = _leadership?.Ballot ?? Ballot.Zero,
            LeaderAppendedThrough = _leadership?.LastSlot ?? 0,
        };
        CheckDurabilityOrder(ready, hard);
        _outbox.Clear();
        _snapshotRequests.Clear();
        _dropped.Clear();
        _snapshotToInstall = null;
        _reportedSoft = soft;
        _outstanding = ready;
        return ready;
    }

    /// <summary>
    /// The host persisted (and synced, if required) <paramref name="ready"/>, sent its messages and
    /// applied its entries. The leader now counts its own copy of the entries toward the majority.
    /// </summary>
    public void Advance(Ready ready)
    {
        ArgumentNullException.ThrowIfNull(ready);
        if (!ReferenceEquals(ready, _outstanding)) throw new InvalidOperationException($"Ready {ready.Sequence} is not the outstanding one");
        _outstanding = null;
        if (ready.HardState is { } hard) _persistedHard = hard;
        if (_leadership is { } leadership && ready.LeaderBallot == leadership.Ballot && ready.LeaderAppendedThrough > leadership.SelfMatch)
        {
            // The leader's own acceptance counts only from here: its accepts may have left before this write was durable.
            Invariant.Check(ready.LeaderAppendedThrough <= leadership.LastSlot, "the leader counts only slots it appended");
            leadership.SelfMatch = ready.LeaderAppendedThrough;
            TryAdvanceCommit(leadership);
        }
    }

    /// <summary>
    /// Splits the outbox: a leader whose promise of its ballot is already durable (not changing in
    /// this Ready) may send its accepts and heartbeats before its own write; everything else waits
    /// for the write.
    /// </summary>
    private (OutboundMessage[] Early, OutboundMessage[] Late) SplitOutbox(HardState hard)
    {
        bool leaderWithDurablePromise = _leadership is { } leadership && !hard.Rebuilding
            && hard.Promised == _persistedHard.Promised && leadership.Ballot == _persistedHard.Promised;
        if (!leaderWithDurablePromise) return ([], _outbox.ToArray());
        var early = new List<OutboundMessage>();
        var late = new List<OutboundMessage>();
        foreach (OutboundMessage outbound in _outbox) (outbound.Message is Accept or Heartbeat ? early : late).Add(outbound);
        return (early.ToArray(), late.ToArray());
    }

    private List<LogEntry> TakeUnpersisted()
    {
        var entries = new List<LogEntry>(_unpersisted.Values);
        _unpersisted.Clear();
        entries.Sort(static (a, b) => a.Slot.CompareTo(b.Slot));
        return entries;
    }

    private void DropUnpersistedThrough(ulong slot)
    {
        if (_unpersisted.Count == 0) return;
        foreach (ulong pending in _unpersisted.Keys.Where(s => s <= slot).ToList()) _unpersisted.Remove(pending);
    }

    /// <summary>One entry per proposal (one per no-op slot) for the next run of committed slots.</summary>
    private List<CommittedEntry> CollectCommitted()
    {
        ulong upTo = Math.Min(_commit, _applied + (ulong)_config.CommittedSlotsPerReadyMax);
        var committed = new List<CommittedEntry>();
        for (ulong slot = _applied + 1; slot <= upTo; slot++)
        {
            LogEntry entry = _log.Get(slot) ?? throw Invariant.Violated($"committed slot {slot} is missing from the log");
            SlotValue value = entry.Value;
            if (value.IsNoOp)
            {
                committed.Add(new CommittedEntry(slot, 0, 1, [], IsNoOp: true));
                continue;
            }
            IReadOnlyList<byte[]> payloads = value.Payloads;
            for (int i = 0; i < payloads.Count; i++) committed.Add(new CommittedEntry(slot, i, payloads.Count, payloads[i], IsNoOp: false));
        }
        if (upTo > _applied) _applied = upTo;
        return committed;
    }

    /// <summary>
    /// Pair check of the durability rule: a promise or an acceptance may only leave in a Ready
    /// whose writes (or an earlier, already durable one's) record it.
    /// </summary>
    private void CheckDurabilityOrder(Ready ready, HardState hard)
    {
        foreach (OutboundMessage outbound in ready.Messages)
        {
            switch (outbound.Message)
            {
                case Promise p:
                    Invariant.Check(p.Ballot <= hard.Promised, "a promise sent before the promised ballot is persisted");
                    Invariant.Check(!hard.Rebuilding, "a node being rebuilt never promises");
                    break;
                case Accepted a:
                    Invariant.Check(a.Learner || !hard.Rebuilding, "a node being rebuilt votes only once its promotion is persisted");
                    Invariant.Check(a.Ballot <= hard.Promised, "an acceptance sent before the promised ballot is persisted");
                    Invariant.Check(a.Through <= Math.Max(_log.LastSlot, _commit), "an acceptance of slots the log does not hold");
                    break;
            }
        }
        if (hard.Promised != _persistedHard.Promised || ready.Entries.Count > 0)
            Invariant.Check(ready.MustSync, "new promises and entries must be synced before anything is sent");
        foreach (OutboundMessage outbound in ready.EarlyMessages)
        {
            Invariant.Check(outbound.Message is Accept or Heartbeat, "only a leader's accepts and heartbeats may leave before the write");
            Invariant.Check(_leadership is not null && outbound.Message.Ballot == _persistedHard.Promised,
                "a message sent before the write is of a leader's ballot whose promise is already durable");
        }
    }
}
