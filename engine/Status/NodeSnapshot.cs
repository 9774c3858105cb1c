using Plover.Engine.Epochs;
using Plover.Engine.Execution;
using Plover.Engine.Transport;

namespace Plover.Engine.Status;

/// <summary>Everything /status and /metrics show, taken at one moment.</summary>
public sealed record NodeSnapshot
{
    public required string ClusterId { get; init; }

    public required uint NodeId { get; init; }

    public required string Mode { get; init; }

    public required string Nondeterminism { get; init; }

    /// <summary>serving, following, electing, taking-over, guest-stopped, failed, starting.</summary>
    public required string Health { get; init; }

    /// <summary>primary, backup or unreplicated.</summary>
    public required string Role { get; init; }

    public required Leadership Leadership { get; init; }

    public required ulong ServingBallot { get; init; }

    public required ulong CommitSlot { get; init; }

    public required ExecutorStatus Executor { get; init; }

    public required string ServiceEndpoint { get; init; }

    public IReadOnlyList<PeerStatus> Peers { get; init; } = [];

    public IReadOnlyList<PeerTrafficSnapshot> Traffic { get; init; } = [];

    public required int ClientsOpen { get; init; }

    public required long ClientsAccepted { get; init; }

    public required int ForwardedClientsOpen { get; init; }

    public required long ClientBytesIn { get; init; }

    /// <summary>Times a client session found no room in the input budget and stopped reading its socket.</summary>
    public long ClientInputWaits { get; init; }

    /// <summary>Clients closed because their input stayed at the per-connection limit without executing.</summary>
    public long ClientsClosedStalled { get; init; }

    public string? Fatal { get; init; }

    public NodeMemory Memory { get; init; } = new();

    /// <summary>Null when the node takes no checkpoints and restored none.</summary>
    public Checkpoints.CheckpointStatus? Checkpoints { get; init; }

    public required DateTimeOffset StartedAt { get; init; }

    public ReplicationBytes Replication => ReplicationBytes.From(Traffic);

    public IReadOnlyList<EpochStatistics> RecentEpochs => Executor.RecentEpochs();
}
