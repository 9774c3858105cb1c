using Plover.Consensus;
using Plover.Consensus.Messages;
using Plover.Consensus.Storage;

namespace Plover.Simulation;

/// <summary>
/// The invariants, checked as the run goes (each at the events that could break it, which is
/// every event that changes what it reads):
/// one value per slot; executed logs prefix-compatible and growing; only proposed values or no-ops
/// chosen, each proposal at most once; every acknowledged proposal survives; a promise never
/// decreases; nothing is sent before the write behind it is durable. (Caught-up logs being
/// identical is checked at convergence.)
/// </summary>
internal sealed class SafetyChecker
{
    private readonly int _nodeCount;
    private readonly int _majority;
    private readonly Dictionary<ulong, SlotTally> _tallies = [];
    private readonly HashSet<ulong> _proposed = [];
    private readonly Dictionary<ulong, (ulong Slot, int Index)> _chosenAt = [];
    private readonly Dictionary<ulong, (ulong Slot, int Index)> _acknowledged = [];
    private readonly Ballot[] _durablePromised;
    private readonly Ballot[] _livePromised;
    private readonly ulong[] _verifiedChosenThrough;
    private readonly bool[] _diskLost;

    public SafetyChecker(int nodeCount)
    {
        _nodeCount = nodeCount;
        _majority = nodeCount / 2 + 1;
        _durablePromised = new Ballot[nodeCount];
        _livePromised = new Ballot[nodeCount];
        _verifiedChosenThrough = new ulong[nodeCount];
        _diskLost = new bool[nodeCount];
    }

    /// <summary>
    /// Node <paramref name="node"/> lost its disk: it is a blank acceptor now, holding nothing and
    /// promising nothing, until it is rebuilt (its store's rebuilding mark clears on promotion).
    /// </summary>
    public void OnDiskLost(int node)
    {
        int index = node - 1;
        _durablePromised[index] = Ballot.Zero;
        _livePromised[index] = Ballot.Zero;
        _verifiedChosenThrough[index] = 0;
        _diskLost[index] = true;
        foreach (SlotTally tally in _tallies.Values) tally.Forget(index);
    }

    public int ChosenSlots { get; private set; }

    public IReadOnlyDictionary<ulong, (ulong Slot, int Index)> Acknowledged => _acknowledged;

    public SlotValue? ChosenValue(ulong slot) => _tallies.TryGetValue(slot, out SlotTally? tally) ? tally.Chosen : null;

    public void OnProposed(ulong id)
    {
        if (!_proposed.Add(id)) throw new SimulationViolationException($"the client proposed id {id} twice");
    }

    /// <summary>Writes of node <paramref name="node"/> became durable (a sync, or the prefix kept by a crash).</summary>
    public void OnDurable(int node, StoreImage durable, IReadOnlyList<PersistBatch> batches)
    {
        int index = node - 1;
        if (durable.Promised < _durablePromised[index])
            throw new SimulationViolationException($"node {node}'s durable promise went from {_durablePromised[index]} down to {durable.Promised}");
        foreach (PersistBatch batch in batches)
        {
            foreach (LogEntry entry in batch.Entries)
            {
                if (entry.Ballot < _durablePromised[index])
                    throw new SimulationViolationException($"node {node} accepted slot {entry.Slot} in {entry.Ballot}, below its durable promise {_durablePromised[index]}");
                Tally(index, entry);
            }
        }
        _durablePromised[index] = durable.Promised;
        if (!durable.Rebuilding) _diskLost[index] = false;
    }

    private void Tally(int index, LogEntry entry)
    {
        if (!_tallies.TryGetValue(entry.Slot, out SlotTally? tally)) _tallies[entry.Slot] = tally = new SlotTally(_nodeCount);
        if (!tally.Record(index, entry, _majority)) return;
        ChosenSlots++;
        IReadOnlyList<byte[]> payloads = entry.Value.Payloads;
        for (int i = 0; i < payloads.Count; i++)
        {
            ulong id = Payloads.IdOf(payloads[i]);
            if (!_proposed.Contains(id)) throw new SimulationViolationException($"slot {entry.Slot} chose id {id}, which no client proposed");
            if (_chosenAt.TryGetValue(id, out var earlier))
                throw new SimulationViolationException($"id {id} chosen twice: slot {earlier.Slot}.{earlier.Index} and slot {entry.Slot}.{i}");
            _chosenAt[id] = (entry.Slot, i);
        }
    }

    /// <summary>Node <paramref name="node"/> is about to send <paramref name="message"/>: what it promises must be durable.</summary>
    public void OnSend(int node, StoreImage durable, PaxosMessage message)
    {
        // A refusal promises nothing, and a candidate promises its own ballot only once a majority has.
        if (message is Rejected or Prepare) return;
        if (durable.Promised < message.Ballot)
            throw new SimulationViolationException($"node {node} sent {MessageText.Describe(message)} while its durable promise is only {durable.Promised}");
        if (durable.Rebuilding && message is Promise or Accepted { Learner: false })
            throw new SimulationViolationException($"node {node} voted ({MessageText.Describe(message)}) while still being rebuilt");
        switch (message)
        {
            case Promise promise:
                foreach (LogEntry entry in promise.Entries) RequireDurable(node, durable, entry.Slot, entry.Ballot, message);
                break;
            case Accepted accepted:
                RequireChosenThrough(node, accepted.Commit, message);
                for (ulong slot = Math.Max(accepted.Commit + 1, durable.FirstSlot); slot <= accepted.Through; slot++)
                    RequireDurable(node, durable, slot, accepted.Ballot, message);
                break;
        }
    }

    private static void RequireDurable(int node, StoreImage durable, ulong slot, Ballot ballot, PaxosMessage message)
    {
        if (slot < durable.FirstSlot) return;
        if (!durable.Entries.TryGetValue(slot, out LogEntry? held) || held.Ballot < ballot)
            throw new SimulationViolationException(
                $"node {node} sent {MessageText.Describe(message)} but slot {slot} is not durable in {ballot} (holds {held?.Ballot.ToString() ?? "nothing"})");
    }

    private void RequireChosenThrough(int node, ulong commit, PaxosMessage message)
    {
        int index = node - 1;
        for (ulong slot = _verifiedChosenThrough[index] + 1; slot <= commit; slot++)
        {
            if (ChosenValue(slot) is null)
                throw new SimulationViolationException($"node {node} sent {MessageText.Describe(message)} claiming slot {slot} chosen, but it is not");
        }
        _verifiedChosenThrough[index] = Math.Max(_verifiedChosenThrough[index], commit);
    }

    /// <summary>A replica applied <paramref name="committed"/>: it must be the chosen value, proposal for proposal.</summary>
    public void OnApplied(int node, CommittedEntry committed)
    {
        SlotValue chosen = ChosenValue(committed.Slot)
            ?? throw new SimulationViolationException($"node {node} applied slot {committed.Slot}, which is not chosen");
        bool matches = committed.IsNoOp
            ? chosen.IsNoOp
            : !chosen.IsNoOp && committed.CountInSlot == chosen.Payloads.Count && committed.Index < chosen.Payloads.Count
              && committed.Payload.AsSpan().SequenceEqual(chosen.Payloads[committed.Index]);
        if (!matches)
            throw new SimulationViolationException($"node {node} applied {committed} but slot {committed.Slot} chose {MessageText.Describe(chosen)}");
    }

    /// <summary>A replica's state came from a snapshot or a checkpoint: every entry in it must be the chosen one.</summary>
    public void OnStateLoaded(int node, ExecutedLog state, string source)
    {
        foreach (Executed e in state.Entries)
        {
            SlotValue? chosen = ChosenValue(e.Slot);
            bool matches = chosen is not null && (e.IsNoOp
                ? chosen.IsNoOp
                : !chosen.IsNoOp && e.Index < chosen.Payloads.Count && Payloads.IdOf(chosen.Payloads[e.Index]) == e.PayloadId);
            if (!matches) throw new SimulationViolationException($"node {node}'s {source} holds {e} at slot {e.Slot}, which does not match what was chosen");
        }
    }

    public void OnAcknowledged(ulong id, ulong slot, int index)
    {
        if (!_chosenAt.TryGetValue(id, out var chosen) || chosen != (slot, index))
            throw new SimulationViolationException($"id {id} acknowledged at slot {slot}.{index}, but it was not chosen there");
        _acknowledged.TryAdd(id, (slot, index));
    }

    /// <summary>Every acknowledged proposal is still held durably by a majority (in the log, or under a durable checkpoint).</summary>
    public void CheckSurvival(IReadOnlyList<StoreImage> durables, IReadOnlyList<ulong> checkpointSlots)
    {
        foreach ((ulong id, (ulong slot, int index)) in _acknowledged)
        {
            SlotValue chosen = ChosenValue(slot)!;
            int holders = 0;
            for (int i = 0; i < durables.Count; i++)
            {
                StoreImage image = durables[i];
                bool inLog = image.Entries.TryGetValue(slot, out LogEntry? held) && held.Value.Equals(chosen);
                bool underCheckpoint = slot < image.FirstSlot && checkpointSlots[i] >= slot;
                if (inLog || underCheckpoint) holders++;
            }
            // A node whose disk was lost holds nothing until it is rebuilt; the others must make up for it.
            int required = _majority - _diskLost.Count(lost => lost);
            if (holders < required)
                throw new SimulationViolationException($"acknowledged id {id} (slot {slot}.{index}) is durable on only {holders} node(s)");
        }
    }

    /// <summary>The live node's promise never decreases within an incarnation, and starts from the durable one.</summary>
    public void CheckLivePromise(int node, PaxosNode paxos, bool restarted)
    {
        int index = node - 1;
        if (restarted) _livePromised[index] = _durablePromised[index];
        if (paxos.Promised < _livePromised[index])
            throw new SimulationViolationException($"node {node}'s promise went from {_livePromised[index]} down to {paxos.Promised}");
        _livePromised[index] = paxos.Promised;
    }
}
