using Plover.Consensus;

namespace Plover.Simulation;

/// <summary>The shape of a simulated run (the faults come from <see cref="FaultParameters"/>).</summary>
public sealed record SimulationOptions
{
    public int NodeCount { get; init; } = 3;

    /// <summary>Virtual length of one node tick.</summary>
    public long TickMicros { get; init; } = 10_000;

    /// <summary>How long faults are injected before everything heals.</summary>
    public long SafetyPhaseMicros { get; init; } = 3_000_000;

    /// <summary>After healing, the cluster must converge within this much virtual time.</summary>
    public long LivenessDeadlineMicros { get; init; } = 60_000_000;

    /// <summary>Client operations (each retried until acknowledged) issued after healing.</summary>
    public int LivenessOperations { get; init; } = 5;

    /// <summary>A client attempt without acknowledgement for this long is abandoned and retried with a fresh proposal.</summary>
    public long OperationTimeoutMicros { get; init; } = 600_000;

    public long ConvergenceCheckMicros { get; init; } = 50_000;

    /// <summary>Largest filler after a payload's 8-byte id.</summary>
    public int PayloadFillerBytesMax { get; init; } = 24;

    /// <summary>A run that needs more events than this is reported as a message storm instead of running on.</summary>
    public long EventsMax { get; init; } = 5_000_000;

    /// <summary>Events kept for the failure report.</summary>
    public int TraceEventsKept { get; init; } = 60;

    /// <summary>When set, every event is written here as it happens.</summary>
    public TextWriter? Verbose { get; init; }

    /// <summary>Scripted steps of a named scenario, on top of (or instead of) the random faults.</summary>
    public IReadOnlyList<ScriptStep> Script { get; init; } = [];

    /// <summary>Fault parameters to use instead of drawing them from the seed.</summary>
    public FaultParameters? Faults { get; init; }

    /// <summary>The node config of every member; node id, members and seed are filled in per node.</summary>
    public Func<PaxosConfig, PaxosConfig> ConfigureNode { get; init; } = SmallWindows;

    /// <summary>Small batches, windows and promise pages, so that short runs still page, pipeline and back off.</summary>
    public static PaxosConfig SmallWindows(PaxosConfig config) => config with
    {
        ElectionTicksMin = 10,
        ElectionTicksMax = 20,
        HeartbeatTicks = 2,
        BatchEntriesMax = 4,
        AcceptSlotsMax = 4,
        InflightSlotsMax = 16,
        PipelineSlotsMax = 32,
        PromiseEntriesMax = 8,
        FollowerAheadSlotsMax = 64,
        CommittedSlotsPerReadyMax = 64,
        SnapshotRetryTicks = 20,
        ProposalsQueuedMax = 256,
    };
}
