using Plover.Consensus;

namespace Plover.Simulation;

/// <summary>
/// One seed's run: three replicas, a client, a faulty network and crash-prone disks on one thread in
/// virtual time, the whole of it a function of the seed. A safety phase injects the seed's faults;
/// then every fault heals and the liveness phase must converge (one leader, every node at the same
/// commit slot with identical logs, the client's last operations acknowledged). The invariants are
/// checked as events happen; the first violation ends the run with a report.
/// </summary>
public sealed partial class Simulation
{
    private readonly EventQueue _queue = new();
    private readonly TraceRecorder _trace;
    private readonly DeterministicRandom _faultRandom;
    private readonly List<SimulatedReplica> _replicas = [];
    private long _deadline;
    private bool _healed;
    private bool _converged;
    private int _crashes, _powerLosses, _diskLosses, _partitions, _pauses, _leaderChanges;
    private long _overlappingLeaderships;

    public Simulation(ulong seed, SimulationOptions? options = null)
    {
        Seed = seed;
        Options = options ?? new SimulationOptions();
        Faults = Options.Faults ?? FaultParameters.Draw(Stream(1));
        _trace = new TraceRecorder(Options.TraceEventsKept, Options.Verbose);
        _faultRandom = Stream(2);
        Checker = new SafetyChecker(Options.NodeCount);
        Network = new SimulatedNetwork(this, Options.NodeCount, Stream(3));
        Client = new SimulatedClient(this, Stream(4));
        for (int id = 1; id <= Options.NodeCount; id++)
        {
            double skew = 1 + (_faultRandom.NextDouble() * 2 - 1) * Faults.ClockSkew;
            _replicas.Add(new SimulatedReplica(this, id, Stream(100 + (ulong)id), skew));
        }
    }

    public ulong Seed { get; }

    public SimulationOptions Options { get; }

    public FaultParameters Faults { get; }

    internal long Now { get; private set; }

    internal IReadOnlyList<SimulatedReplica> Replicas => _replicas;

    internal SafetyChecker Checker { get; }

    internal SimulatedNetwork Network { get; }

    internal SimulatedClient Client { get; }

    /// <summary>An independent generator per purpose, so that one part drawing more never shifts another.</summary>
    private DeterministicRandom Stream(ulong purpose) => new(Seed ^ (purpose * 0xD1B54A32D192ED03UL));

    internal void Schedule(long time, SimEvent simEvent)
    {
        Invariant.Check(time >= Now, "an event scheduled in the past");
        _queue.Schedule(time, simEvent);
    }

    internal void Note(string text) => _trace.Record(Now, new NoteEvent(text));

    internal void OnLeadership(int node, SoftState soft)
    {
        if (soft.Role == NodeRole.Leader) _leaderChanges++;
        Note($"n{node} now {soft}");
    }

    /// <summary>Runs the seed to convergence or to the first violation.</summary>
    public SimulationResult Run()
    {
        try
        {
            ScheduleStart();
            _deadline = Options.SafetyPhaseMicros + Options.LivenessDeadlineMicros;
            while (!_converged && _queue.TryDequeue(out SimEvent simEvent, out long time))
            {
                if (time > _deadline) throw new SimulationViolationException($"liveness: no convergence {Options.LivenessDeadlineMicros / 1000} ms after healing; {DescribeReplicas()}");
                if (_trace.EventCount >= Options.EventsMax) throw new SimulationViolationException($"event budget of {Options.EventsMax} exhausted (a message storm?); {DescribeReplicas()}");
                Now = time;
                if (DeferWhilePaused(simEvent)) continue;
                _trace.Record(time, simEvent);
                Dispatch(simEvent);
                CountLeaders();
            }
            if (!_converged) throw new SimulationViolationException("the event queue ran dry before convergence");
            return Result(violation: null);
        }
        catch (Exception e) when (e is SimulationViolationException or InvariantViolationException)
        {
            return Result(e.Message);
        }
        catch (Exception e)
        {
            return Result($"unexpected {e.GetType().Name}: {e.Message}\n{e.StackTrace}");
        }
    }

    private void ScheduleStart()
    {
        foreach (SimulatedReplica replica in _replicas)
            Schedule(_faultRandom.NextInRange(0, Options.TickMicros), new RestartEvent(replica.Id));
        if (Faults.PartitionsPerSecond > 0) ScheduleArrival(FaultKind.Partition, Faults.PartitionsPerSecond);
        if (Faults.CrashesPerSecond > 0) ScheduleArrival(FaultKind.Crash, Faults.CrashesPerSecond);
        if (Faults.PausesPerSecond > 0) ScheduleArrival(FaultKind.Pause, Faults.PausesPerSecond);
        if (Faults.ProposalsPerSecond > 0) Schedule(NextArrival(Faults.ProposalsPerSecond), new ProposeEvent());
        foreach (ScriptStep step in Options.Script) Schedule(step.AtMicros, new ScriptEvent(step));
        Schedule(Options.SafetyPhaseMicros, new HealEvent());
    }

    private long NextArrival(double perSecond) => Now + 1 + (long)(-Math.Log(1 - _faultRandom.NextDouble()) / perSecond * 1_000_000);

    private void ScheduleArrival(FaultKind kind, double perSecond) => Schedule(NextArrival(perSecond), new FaultArrivalEvent(kind));

    /// <summary>A paused process handles nothing: its events wait until the pause ends.</summary>
    private bool DeferWhilePaused(SimEvent simEvent)
    {
        int node = simEvent switch
        {
            TickEvent e => e.Node,
            DeliverEvent e => e.To,
            PersistDoneEvent e => e.Node,
            _ => 0,
        };
        if (node == 0 || !_replicas[node - 1].IsPaused) return false;
        Schedule(_replicas[node - 1].PausedUntil, simEvent);
        return true;
    }

    private void Dispatch(SimEvent simEvent)
    {
        switch (simEvent)
        {
            case TickEvent e: _replicas[e.Node - 1].OnTick(e); break;
            case DeliverEvent e: _replicas[e.To - 1].OnDeliver(e); break;
            case PersistDoneEvent e: _replicas[e.Node - 1].OnPersistDone(e); break;
            case CrashEvent e: Crash(e.Node); break;
            case DiskLossEvent e: LoseDisk(e.Node); break;
            case RestartEvent e: if (!_replicas[e.Node - 1].IsUp) _replicas[e.Node - 1].Start(); break;
            case PauseEvent e: Pause(e); break;
            case LinkCutEvent e: Cut(e); break;
            case FaultArrivalEvent e: OnFaultArrival(e.Kind); break;
            case ProposeEvent: OnProposeArrival(); break;
            case OperationEvent e: Client.OnOperation(e); break;
            case ScriptEvent e: e.Step.Run(new ScenarioControl(this)); break;
            case HealEvent: Heal(); break;
            case ConvergenceCheckEvent: OnConvergenceCheck(); break;
            default: throw new InvalidOperationException($"no handler for {simEvent.GetType().Name}");
        }
    }

    private void Crash(int node)
    {
        SimulatedReplica replica = _replicas[node - 1];
        if (!replica.IsUp) return;
        replica.Crash();
        _crashes++;
        Checker.CheckSurvival(_replicas.Select(r => r.Store.Durable).ToList(), _replicas.Select(r => r.DurableCheckpointSlot).ToList());
    }

    private void LoseDisk(int node)
    {
        SimulatedReplica replica = _replicas[node - 1];
        if (replica.IsUp) replica.Crash();
        replica.Store.LoseDisk();
        Checker.OnDiskLost(node);
        _crashes++;
        _diskLosses++;
        Checker.CheckSurvival(_replicas.Select(r => r.Store.Durable).ToList(), _replicas.Select(r => r.DurableCheckpointSlot).ToList());
    }

    private void Pause(PauseEvent e)
    {
        SimulatedReplica replica = _replicas[e.Node - 1];
        if (!replica.IsUp) return;
        replica.PausedUntil = Math.Max(replica.PausedUntil, Now + e.Micros);
        _pauses++;
    }

    private void Cut(LinkCutEvent e)
    {
        if (_healed) return;
        Network.Apply(e.Cut, e.Restore);
        if (!e.Restore) _partitions++;
    }

    private void OnProposeArrival()
    {
        if (_healed) return;
        Client.ProposeOnce(out _);
        Schedule(NextArrival(Faults.ProposalsPerSecond), new ProposeEvent());
    }

    /// <summary>The safety phase is over: heal the network, restart and resume everyone, then watch for convergence.</summary>
    private void Heal()
    {
        _healed = true;
        Network.HealAll();
        foreach (SimulatedReplica replica in _replicas)
        {
            replica.PausedUntil = Math.Min(replica.PausedUntil, Now);
            if (!replica.IsUp) Schedule(Now, new RestartEvent(replica.Id));
        }
        _deadline = Now + Options.LivenessDeadlineMicros;
        Client.StartOperations(Options.LivenessOperations);
        Schedule(Now + Options.ConvergenceCheckMicros, new ConvergenceCheckEvent());
    }

    private void CountLeaders()
    {
        int leaders = 0;
        foreach (SimulatedReplica replica in _replicas) if (replica.Node is { IsLeader: true }) leaders++;
        if (leaders > 1) _overlappingLeaderships++;
    }

    private SimulationResult Result(string? violation) => new(
        Seed,
        violation is null,
        violation,
        Faults,
        _trace.Hash,
        _trace.EventCount,
        Now,
        _trace.Recent(),
        new SimulationStats
        {
            ProposalsAccepted = Client.Proposed,
            ProposalsAcknowledged = Client.Acknowledged,
            ChosenSlots = Checker.ChosenSlots,
            MessagesSent = Network.Sent,
            MessagesDropped = Network.Dropped,
            MessagesDuplicated = Network.Duplicated,
            Crashes = _crashes,
            TotalPowerLosses = _powerLosses,
            DiskLosses = _diskLosses,
            Promotions = _replicas.Sum(r => r.Promotions),
            Partitions = _partitions,
            Pauses = _pauses,
            LeaderChanges = _leaderChanges,
            OverlappingLeaderships = _overlappingLeaderships,
            SnapshotsInstalled = _replicas.Sum(r => r.SnapshotsInstalled),
            FinalCommitSlot = _replicas.Max(r => r.Node?.CommitSlot ?? 0),
        },
        _replicas.Select(r => new ReplicaSummary(
            r.Id, r.IsUp, r.Node?.CommitSlot ?? 0, r.Node?.FirstSlot ?? 0, r.State?.Entries.Count ?? 0, r.SnapshotsInstalled)).ToList());
}
