using Plover.Consensus;

namespace Plover.Simulation;

/// <summary>
/// Carries encoded messages between replicas with the seed's faults: loss, duplication, random
/// delay (which reorders), and directed links cut by partitions. A cut applies when a message is
/// sent; messages already in flight still arrive.
/// </summary>
internal sealed class SimulatedNetwork
{
    private readonly Simulation _sim;
    private readonly DeterministicRandom _random;
    private readonly int[,] _cuts;

    public SimulatedNetwork(Simulation sim, int nodeCount, DeterministicRandom random)
    {
        _sim = sim;
        _random = random;
        _cuts = new int[nodeCount + 1, nodeCount + 1];
    }

    public long Sent { get; private set; }

    public long Dropped { get; private set; }

    public long Duplicated { get; private set; }

    /// <summary>Faults apply only while true (the safety phase).</summary>
    public bool Faulty { get; set; } = true;

    public void Send(int from, int to, byte[] bytes)
    {
        Sent++;
        FaultParameters faults = _sim.Faults;
        if (_cuts[from, to] > 0 || (Faulty && _random.Chance(faults.DropRate)))
        {
            Dropped++;
            return;
        }
        Schedule(from, to, bytes);
        if (Faulty && _random.Chance(faults.DuplicateRate))
        {
            Duplicated++;
            Schedule(from, to, bytes);
        }
    }

    private void Schedule(int from, int to, byte[] bytes)
    {
        FaultParameters faults = _sim.Faults;
        long delay = Faulty
            ? _random.NextInRange(faults.DelayMinMicros, faults.DelayMaxMicros)
            : _random.NextInRange(FaultParameters.Calm.DelayMinMicros, FaultParameters.Calm.DelayMaxMicros);
        _sim.Schedule(_sim.Now + delay, new DeliverEvent(from, to, bytes));
    }

    public void Apply(LinkCut cut, bool restore)
    {
        foreach ((int from, int to) in cut.Links) _cuts[from, to] += restore ? -1 : 1;
    }

    public void HealAll()
    {
        Array.Clear(_cuts);
        Faulty = false;
    }

    public bool IsCut(int from, int to) => _cuts[from, to] > 0;
}
