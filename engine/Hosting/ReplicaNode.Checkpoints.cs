using Plover.Engine.Checkpoints;
using Plover.Engine.Config;
using Microsoft.Extensions.Logging;

namespace Plover.Engine.Hosting;

// Checkpoints: the one on disk is loaded at start, the writer truncates the log through the consensus loop.
public sealed partial class ReplicaNode
{
    private CheckpointStore? checkpoints;
    private LoadedCheckpoint? loadedCheckpoint;
    private CheckpointWriter? checkpointWriter;

    /// <summary>The checkpoint this node restarted from, if it did.</summary>
    public CheckpointMetadata? RestoredCheckpoint => executor?.Restored;

    /// <summary>The first slot the node's log still holds (1 until it is truncated).</summary>
    public ulong LogFirstSlot => consensus?.FirstSlot ?? 1;

    /// <summary>Reads the stored checkpoint, every record checked (a bad one stops the start: the log below it is gone).</summary>
    private void LoadCheckpoint()
    {
        checkpoints = new CheckpointStore(store!);
        loadedCheckpoint = config.Mode == ReplicationMode.Vsmr ? checkpoints.Load() : null;
    }

    /// <summary>The slot the restored state reflects: consensus hands out committed entries after it.</summary>
    private ulong? CheckpointSlot => loadedCheckpoint?.Metadata.Slot;

    private void StartCheckpoints(ILoggerFactory loggers)
    {
        if (config.Mode == ReplicationMode.Vsmr && config.Checkpoint.EveryEpochs > 0 && consensus is not null)
        {
            ConsensusHost host = consensus;
            checkpointWriter = new CheckpointWriter(checkpoints!, new LogTruncation(CheckpointSlot ?? 0), host.CompactThrough,
                loggers.CreateLogger("plover.checkpoints"));
        }
        executor!.UseCheckpoints(checkpointWriter, config.Checkpoint.EveryEpochs, loadedCheckpoint);
        loadedCheckpoint = null; // its pages are in the guest now; no need to hold them
    }
}
