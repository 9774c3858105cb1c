using System.Diagnostics;
using Plover.Engine.Checkpoints;
using Plover.Engine.Config;
using Plover.Engine.Epochs;
using Plover.Engine.Guest;

namespace Plover.Engine.Execution;

// Checkpoints: restoring one before the first input, and capturing one at an epoch boundary for the writer.
public sealed partial class ReplicaExecutor
{
    private readonly CheckpointBaseline checkpointBaseline = new();
    private CheckpointWriter? checkpointWriter;
    private LoadedCheckpoint? checkpointToRestore;
    private int checkpointEveryEpochs;
    private TimeSpan checkpointIntervalMin;
    private long lastCheckpointAt = long.MinValue;
    private ulong nextCheckpointId = 1;
    private ulong lastCheckpointEpoch;
    private bool boundaryEndsBatch;

    /// <summary>
    /// Before <see cref="Start"/>: restore <paramref name="restore"/> (if any) once the guest has
    /// started, and hand a checkpoint to <paramref name="writer"/> every <paramref name="everyEpochs"/>
    /// epochs and at most once per its minimum interval (vsmr only; 0 epochs or no writer: none are taken).
    /// </summary>
    public void UseCheckpoints(CheckpointWriter? writer, CheckpointSettings settings, LoadedCheckpoint? restore)
    {
        Invariant.Require(thread is null, "checkpoints are set up before the executor starts");
        Invariant.Require(settings.EveryEpochs >= 0 && settings.MinIntervalMs >= 0, $"checkpoint intervals {settings} are not negative");
        checkpointWriter = writer;
        checkpointEveryEpochs = settings.EveryEpochs;
        checkpointIntervalMin = TimeSpan.FromMilliseconds(settings.MinIntervalMs);
        checkpointToRestore = restore;
    }

    /// <summary>The checkpoint this executor restored at start, if it did (its slot is where the log replay begins).</summary>
    public CheckpointMetadata? Restored { get; private set; }

    /// <summary>Restores the checkpoint, then lets the guest go on if the restored state can (as it did after that boundary).</summary>
    private void ResumeFromCheckpoint(LoadedCheckpoint restore)
    {
        checkpointToRestore = null;
        RestoreCheckpoint(restore);
        if (!machine.CanResume) return;
        GuestRunResult after = RunOnLargeStack(machine.RunUntilBlocked);
        if (!after.IsBlocked) throw new GuestStartException(after);
        NoteDeadline(after);
    }

    /// <summary>
    /// Makes the freshly started guest and the executor hold the checkpoint's state: every stored
    /// page, zeros for pages without a record, memory size, globals, table, library OS state, then
    /// the epoch, log hash, slot and open connections. The resealed digest must equal the recorded one.
    /// </summary>
    private void RestoreCheckpoint(LoadedCheckpoint loaded)
    {
        long started = Stopwatch.GetTimestamp();
        CheckpointMetadata meta = loaded.Metadata;
        if (meta.PageCount < machine.PageCount)
            throw new CheckpointCorruptionException(meta.Id, null, $"{meta.PageCount} pages, fewer than the {machine.PageCount} the guest starts with");
        var stored = new HashSet<int>(loaded.Pages.Select(p => p.Index));
        var zero = new byte[Guest.IGuestMachine.PageBytes];
        IEnumerable<(int, ReadOnlyMemory<byte>)> zeroed = Enumerable.Range(0, state.Hashes.PageCount)
            .Where(page => !stored.Contains(page) && state.Hashes[page] != PageHashTable.ZeroPageHash)
            .Select(page => (page, (ReadOnlyMemory<byte>)zero));
        EpochSeal seal = state.ApplyPatch(meta.PageCount, loaded.Pages.Concat(zeroed), meta.Globals, meta.Table, meta.LibraryOs);
        if (seal.Digest.Value != meta.Digest)
            throw new CheckpointCorruptionException(meta.Id, null, $"the restored state's digest {seal.Digest.Value:x16} is not the recorded {meta.Digest:x16}");
        AdoptCheckpoint(meta);
        checkpointBaseline.Adopt(state.Hashes); // the stored image is this state: the next checkpoint writes what changes from here
        nextCheckpointId = meta.Id + 1;
        lastCheckpointEpoch = meta.Epoch;
        Restored = meta;
        CheckpointLog.Restored(logger, meta.Id, meta.Slot, meta.Epoch, loaded.Pages.Count,
            (long)Stopwatch.GetElapsedTime(started).TotalMilliseconds, meta.Slot + 1);
    }

    /// <summary>The executor's own state at the checkpoint's boundary: epoch, primary, slot, log hash, connections; the dirty set is unknown.</summary>
    private void AdoptCheckpoint(CheckpointMetadata meta)
    {
        state.SyncedEarlier(null); // not synced with anyone since: the next repair compares every page
        synced = SyncPoint.Never;
        epoch = meta.Epoch;
        epochPrimaryBallot = meta.EpochPrimaryBallot;
        lastSlot = meta.Slot;
        logHash.Restore(meta.LogHashValue, meta.LogHashEntries);
        connections.ReplaceWith(meta.Connections);
        outputs.Open(epoch + 1);
        Status.Epoch = epoch;
        Status.EpochPrimaryBallot = epochPrimaryBallot;
        Status.LastSlot = meta.Slot;
        Status.LogHash = logHash.Value;
        Status.LastSynced = synced;
    }

    /// <summary>After a state transfer: this node checkpoints the installed state at once (its log starts after it).</summary>
    private void CheckpointNow(ulong slot)
    {
        if (checkpointWriter is null) return;
        Invariant.Require(checkpointWriter.WaitIdle(TimeSpan.FromSeconds(60)), "the checkpoint writer finished its previous write within 60 s");
        lastCheckpointEpoch = 0;
        lastCheckpointAt = long.MinValue;
        bool wasEnd = boundaryEndsBatch;
        boundaryEndsBatch = true;
        int every = checkpointEveryEpochs;
        checkpointEveryEpochs = Math.Max(every, 1);
        MaybeCheckpoint();
        checkpointEveryEpochs = every;
        boundaryEndsBatch = wasEnd;
        Invariant.Require(lastCheckpointEpoch == epoch && lastSlot == slot, $"the transferred state at slot {slot} was handed to the checkpoint writer");
    }

    /// <summary>
    /// At the end of an epoch boundary (guest blocked, state sealed or patched, hash table current):
    /// when due, copies out the pages changed since the previous checkpoint and queues the write. A
    /// boundary inside a batch is skipped (the entries after it would belong to neither side of the slot).
    /// </summary>
    private void MaybeCheckpoint()
    {
        if (checkpointWriter is null || checkpointEveryEpochs == 0 || options.Mode != ReplicationMode.Vsmr) return;
        if (fault is not null || !boundaryEndsBatch || epoch - lastCheckpointEpoch < (ulong)checkpointEveryEpochs) return;
        if (lastCheckpointAt != long.MinValue && time.GetElapsedTime(lastCheckpointAt) < checkpointIntervalMin) return;
        Invariant.Require(machine.DirtyPageCount == 0, $"at epoch {epoch}'s checkpoint the guest has {machine.DirtyPageCount} pages not yet hashed");
        EpochSeal seal = state.Last!;
        var changed = new List<(int, byte[]?)>();
        foreach (int page in checkpointBaseline.ChangedPages(state.Hashes))
            changed.Add((page, state.Hashes[page] == PageHashTable.ZeroPageHash ? null : state.CopyPage(page)));
        var meta = new CheckpointMetadata
        {
            Id = nextCheckpointId,
            Slot = lastSlot,
            Epoch = epoch,
            EpochPrimaryBallot = epochPrimaryBallot,
            LogHashValue = logHash.Value,
            LogHashEntries = logHash.Entries,
            Connections = connections.All.ToArray(),
            PageCount = state.Hashes.PageCount,
            Digest = seal.Digest.Value,
            Globals = seal.Globals,
            Table = seal.Table,
            LibraryOs = seal.OsState,
        };
        if (!checkpointWriter.TryQueue(new CheckpointCapture(meta, changed))) return; // still writing the previous one: next boundary
        checkpointBaseline.Adopt(state.Hashes);
        nextCheckpointId++;
        lastCheckpointEpoch = epoch;
        lastCheckpointAt = time.GetTimestamp();
    }
}
