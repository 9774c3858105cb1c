namespace Plover.Simulation;

/// <summary>A step of a scripted scenario, run at a point of virtual time.</summary>
public sealed record ScriptStep(long AtMicros, string Name, Action<ScenarioControl> Run);

/// <summary>What a scenario script may do to a running simulation.</summary>
public sealed class ScenarioControl
{
    private readonly Simulation _sim;

    internal ScenarioControl(Simulation sim) => _sim = sim;

    public long NowMicros => _sim.Now;

    public int NodeCount => _sim.Replicas.Count;

    public bool IsUp(int node) => _sim.Replicas[node - 1].IsUp;

    public ulong CommitSlot(int node) => _sim.Replicas[node - 1].Node?.CommitSlot ?? 0;

    public ulong FirstSlot(int node) => _sim.Replicas[node - 1].Node?.FirstSlot ?? 0;

    /// <summary>Power loss of one node now (it stays down until <see cref="Restart"/> or the heal).</summary>
    public void Crash(int node) => _sim.Schedule(_sim.Now, new CrashEvent(node));

    public void Restart(int node) => _sim.Schedule(_sim.Now, new RestartEvent(node));

    /// <summary>The node crashes and its disk is gone: it restarts (with <see cref="Restart"/>) empty, to be rebuilt.</summary>
    public void LoseDisk(int node) => _sim.Schedule(_sim.Now, new DiskLossEvent(node));

    /// <summary>Every node loses power at this same instant.</summary>
    public void CrashAll()
    {
        for (int node = 1; node <= NodeCount; node++) Crash(node);
    }

    /// <summary>Proposes <paramref name="count"/> payloads at the believed leader; returns how many were accepted.</summary>
    public int ProposeBurst(int count) => _sim.Client.ProposeBurst(count);

    /// <summary>Takes <paramref name="links"/> down for <paramref name="micros"/>.</summary>
    public void Cut(string name, IReadOnlyList<(int From, int To)> links, long micros)
    {
        var cut = new LinkCut(name, links);
        _sim.Schedule(_sim.Now, new LinkCutEvent(cut, restore: false));
        _sim.Schedule(_sim.Now + micros, new LinkCutEvent(cut, restore: true));
    }
}

internal sealed class ScriptEvent(ScriptStep step) : SimEvent
{
    public ScriptStep Step { get; } = step;
    public override string Describe() => $"script: {Step.Name}";
    public override void MixInto(TraceRecorder trace) { trace.Mix(16); MixText(trace, Step.Name); }
}
