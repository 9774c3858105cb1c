using Plover.Consensus;

namespace Plover.Simulation;

// The liveness phase's goal and the final checks once it is reached.
public sealed partial class Simulation
{
    private void OnConvergenceCheck()
    {
        if (IsConverged())
        {
            VerifyConverged();
            _converged = true;
            Note("converged");
            return;
        }
        Schedule(Now + Options.ConvergenceCheckMicros, new ConvergenceCheckEvent());
    }

    /// <summary>One leader that everyone follows, every node at its commit slot with all of it applied, nothing in flight.</summary>
    private bool IsConverged()
    {
        if (!Client.AllOperationsDone) return false;
        if (_replicas.Any(r => !r.IsUp || r.IsPaused || r.Node!.IsRebuilding)) return false;
        List<SimulatedReplica> leaders = _replicas.Where(r => r.Node!.IsLeader).ToList();
        if (leaders.Count != 1) return false;
        PaxosNode leader = leaders[0].Node!;
        if (leader.LastSlot != leader.CommitSlot || leader.QueuedProposals > 0) return false;
        return _replicas.All(r =>
            r.Node!.LeaderId == leader.NodeId
            && r.Node.CommitSlot == leader.CommitSlot
            && r.Node.AppliedSlot == leader.CommitSlot
            && r.State!.LastSlot == leader.CommitSlot);
    }

    /// <summary>Caught-up replicas must be identical: service state, log contents, and every acknowledged proposal in place.</summary>
    private void VerifyConverged()
    {
        IReadOnlyList<Executed> reference = _replicas[0].State!.Entries;
        foreach (SimulatedReplica replica in _replicas.Skip(1))
        {
            IReadOnlyList<Executed> executed = replica.State!.Entries;
            if (executed.Count != reference.Count || !executed.SequenceEqual(reference))
                throw new SimulationViolationException($"caught-up replicas n1 and n{replica.Id} executed different logs ({reference.Count} vs {executed.Count} entries)");
        }
        VerifyLogsIdentical();
        var position = new Dictionary<ulong, (ulong, int)>();
        foreach (Executed e in reference) if (!e.IsNoOp) position[e.PayloadId] = (e.Slot, e.Index);
        foreach ((ulong id, (ulong slot, int index)) in Checker.Acknowledged)
        {
            if (!position.TryGetValue(id, out var at) || at != (slot, index))
                throw new SimulationViolationException($"acknowledged id {id} (slot {slot}.{index}) is missing from the converged log");
        }
        Checker.CheckSurvival(_replicas.Select(r => r.Store.Durable).ToList(), _replicas.Select(r => r.DurableCheckpointSlot).ToList());
    }

    private void VerifyLogsIdentical()
    {
        ulong from = _replicas.Max(r => r.Node!.FirstSlot);
        ulong to = _replicas.Min(r => r.Node!.CommitSlot);
        for (ulong slot = from; slot <= to; slot++)
        {
            SlotValue chosen = Checker.ChosenValue(slot) ?? throw new SimulationViolationException($"committed slot {slot} was never chosen");
            foreach (SimulatedReplica replica in _replicas)
            {
                LogEntry? entry = replica.Node!.EntryAt(slot);
                if (entry is null || !entry.Value.Equals(chosen))
                    throw new SimulationViolationException($"caught-up n{replica.Id} holds {entry?.Value.ToString() ?? "nothing"} at slot {slot}, not the chosen {MessageText.Describe(chosen)}");
            }
        }
    }

    private string DescribeReplicas() => string.Join("; ", _replicas.Select(r => r.Node is { } node
        ? $"n{r.Id} {node.Role} leader {node.LeaderId?.ToString() ?? "-"} promised {node.Promised} commit {node.CommitSlot} applied {node.AppliedSlot} last {node.LastSlot} first {node.FirstSlot}{(r.IsPaused ? " paused" : "")}"
        : $"n{r.Id} down")) + $"; client operations done: {Client.AllOperationsDone}";
}
