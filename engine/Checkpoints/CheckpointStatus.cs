namespace Plover.Engine.Checkpoints;

/// <summary>Checkpoints as /status shows them: what this node restarted from, its newest durable one, its log's first slot, state transfers.</summary>
public sealed record CheckpointStatus(
    int EveryEpochs,
    int MinIntervalMs,
    CheckpointMetadata? Restored,
    CheckpointMetadata? Durable,
    long Written,
    ulong LogFirstSlot,
    long TransferPageBytesReceived,
    long TransferPagesServed);
