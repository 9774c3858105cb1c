namespace Plover.Simulation;

// Fault injection during the safety phase: each kind arrives as a Poisson process at the seed's rate.
public sealed partial class Simulation
{
    private const long FaultMicrosMin = 1_000;

    private void OnFaultArrival(FaultKind kind)
    {
        if (_healed) return;
        switch (kind)
        {
            case FaultKind.Crash:
                InjectCrash();
                ScheduleArrival(kind, Faults.CrashesPerSecond);
                break;
            case FaultKind.Partition:
                InjectPartition();
                ScheduleArrival(kind, Faults.PartitionsPerSecond);
                break;
            case FaultKind.Pause:
                int node = RandomNode();
                Schedule(Now, new PauseEvent(node, _faultRandom.NextInRange(FaultMicrosMin, Math.Max(FaultMicrosMin, Faults.PauseMicrosMax))));
                ScheduleArrival(kind, Faults.PausesPerSecond);
                break;
        }
    }

    private int RandomNode() => (int)_faultRandom.NextInRange(1, _replicas.Count);

    private long RestartDelay() => _faultRandom.NextInRange(FaultMicrosMin, Math.Max(FaultMicrosMin, Faults.RestartMicrosMax));

    private void InjectCrash()
    {
        if (_faultRandom.Chance(Faults.TotalPowerLossShare))
        {
            _powerLosses++;
            foreach (SimulatedReplica replica in _replicas)
            {
                Schedule(Now, new CrashEvent(replica.Id));
                Schedule(Now + RestartDelay(), new RestartEvent(replica.Id));
            }
            return;
        }
        int node = RandomNode();
        // One lost disk at a time: with two gone before the first is rebuilt, no protocol could keep
        // what only those two held.
        bool loseDisk = _faultRandom.Chance(Faults.DiskLossShare) && !_replicas.Any(r => r.Store.Durable.Rebuilding);
        Schedule(Now, loseDisk ? new DiskLossEvent(node) : new CrashEvent(node));
        Schedule(Now + RestartDelay(), new RestartEvent(node));
    }

    private void InjectPartition()
    {
        LinkCut cut = DrawCut();
        long duration = _faultRandom.NextInRange(FaultMicrosMin * 10, Math.Max(FaultMicrosMin * 10, Faults.PartitionMicrosMax));
        Schedule(Now, new LinkCutEvent(cut, restore: false));
        Schedule(Now + duration, new LinkCutEvent(cut, restore: true));
    }

    /// <summary>A symmetric split, a node isolated, a node deaf or mute (asymmetric), or one directed link.</summary>
    private LinkCut DrawCut()
    {
        int node = RandomNode();
        var others = _replicas.Select(r => r.Id).Where(id => id != node).ToList();
        switch (_faultRandom.NextInRange(0, 4))
        {
            case 0:
                return new LinkCut($"n{node} isolated", others.SelectMany(o => new[] { (node, o), (o, node) }).ToList());
            case 1:
                return new LinkCut($"n{node} cannot receive", others.Select(o => (o, node)).ToList());
            case 2:
                return new LinkCut($"n{node} cannot send", others.Select(o => (node, o)).ToList());
            case 3:
                int to = others[(int)_faultRandom.NextInRange(0, others.Count - 1)];
                return new LinkCut($"link n{node}->n{to} down", [(node, to)]);
            default:
                var side = _replicas.Select(r => r.Id).Where(_ => _faultRandom.Chance(0.5)).ToList();
                var rest = _replicas.Select(r => r.Id).Except(side).ToList();
                var links = side.SelectMany(a => rest.SelectMany(b => new[] { (a, b), (b, a) })).ToList();
                return new LinkCut($"split [{string.Join(",", side)}] | [{string.Join(",", rest)}]", links);
        }
    }
}
