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
    private CheckpointTransferServer? transferServer;

    /// <summary>The checkpoint this node restarted from, if it did.</summary>
    public CheckpointMetadata? RestoredCheckpoint => executor?.Restored;

    /// <summary>Page bytes this node received by state transfers since it started.</summary>
    public long TransferPageBytes => executor?.TransferPageBytes ?? 0;

    /// <summary>State transfers this node installed since it started.</summary>
    public int TransfersInstalled => executor?.TransfersInstalled ?? 0;

    /// <summary>Pages this node sent to lagging nodes by state transfer since it started.</summary>
    public long TransferPagesServed => transferServer?.PagesSent ?? 0;

    /// <summary>The first slot the node's log still holds (1 until it is truncated).</summary>
    public ulong LogFirstSlot => consensus?.FirstSlot ?? 1;

    /// <summary>The pages of a state transfer wait for room in the peer's queue (they are not retransmitted); a peer gone ends it.</summary>
    private async Task SendTransferPartAsync(uint to, Wire.Envelope message)
    {
        try
        {
            await transport!.SendAsync(to, message, stopping.Token).ConfigureAwait(false);
        }
        catch (Exception e) when (e is ObjectDisposedException or OperationCanceledException)
        {
        }
    }

    /// <summary>A state transfer request (served on the thread pool) or part (for the executor) from a peer.</summary>
    private void OnStateTransfer(uint from, Wire.Envelope message)
    {
        if (message.KindCase == Wire.Envelope.KindOneofCase.StateTransferPart)
            inbox.Post(new Execution.TransferPartReceived(from, message.StateTransferPart));
        else if (transferServer is { } server)
            _ = Task.Run(() => server.ServeAsync(from, message.StateTransferRequest));
    }

    /// <summary>A transfer a previous run of this node began and did not finish; posted to the executor before any entry.</summary>
    private Execution.CheckpointInstall? resumedTransfer;

    /// <summary>
    /// The log must continue right after the checkpoint. A node stopped while installing a
    /// transferred checkpoint, before writing its own, has a log that starts past its checkpoint:
    /// it resumes that transfer from the snapshot record stored with the truncation. Without one,
    /// the store cannot start.
    /// </summary>
    private void RequireLogAfterCheckpoint(Plover.Consensus.DurableState durable)
    {
        ulong applied = CheckpointSlot ?? 0;
        if (applied + 1 >= durable.FirstSlot) return;
        if (PendingSnapshot.Read(store!) is { } pending && pending.Slot + 1 == durable.FirstSlot && config.Mode == ReplicationMode.Vsmr)
        {
            resumedTransfer = new Execution.CheckpointInstall(pending.Slot, pending.Offer);
            HostLog.ResumingTransfer(logger, applied, pending.Slot);
            return;
        }
        throw new CheckpointCorruptionException(loadedCheckpoint?.Metadata.Id, null,
            $"the log starts at slot {durable.FirstSlot} but the stored checkpoint covers slots through {applied} only, and no snapshot record explains it: rebuild this node (its store from a fresh one)");
    }

    /// <summary>The slot the executor will have reached when consensus hands out its first entry.</summary>
    private ulong AppliedSlotAtStart(Plover.Consensus.DurableState durable) => resumedTransfer?.Slot ?? CheckpointSlot ?? durable.FirstSlot - 1;

    /// <summary>Queues the unfinished transfer ahead of every committed entry (consensus has not started yet).</summary>
    private void ResumeTransfer()
    {
        if (resumedTransfer is { } install) inbox.Post(install);
    }

    private CheckpointStatus? CheckpointStatus() => checkpointWriter is null && RestoredCheckpoint is null
        ? null
        : new CheckpointStatus(config.Checkpoint.EveryEpochs, config.Checkpoint.MinIntervalMs, RestoredCheckpoint, checkpointWriter?.Durable, checkpointWriter?.CheckpointsWritten ?? 0,
            LogFirstSlot, TransferPageBytes, TransferPagesServed);

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
            ILogger checkpointLogger = loggers.CreateLogger("plover.checkpoints");
            checkpointWriter = new CheckpointWriter(checkpoints!, new LogTruncation(CheckpointSlot ?? 0), host.CompactThrough, checkpointLogger);
            transferServer = new CheckpointTransferServer(config.NodeId, checkpoints!, checkpointWriter, SendTransferPartAsync, checkpointLogger);
            host.SnapshotSource = transferServer.Offer;
        }
        executor!.UseCheckpoints(checkpointWriter, config.Checkpoint, loadedCheckpoint);
        loadedCheckpoint = null; // its pages are in the guest now; no need to hold them
    }
}
