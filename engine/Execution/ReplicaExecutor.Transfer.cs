using Plover.Engine.Checkpoints;
using Plover.Engine.Epochs;
using Plover.Engine.Wire;

namespace Plover.Engine.Execution;

// State transfer: this node's log gap was truncated away, so it takes the leader's checkpoint by page diff.
public sealed partial class ReplicaExecutor
{
    /// <summary>How long one attempt waits for the leader's parts before asking again.</summary>
    private static readonly TimeSpan TransferAttemptWait = TimeSpan.FromSeconds(20);

    /// <summary>Attempts before the node gives up (and stops: its log no longer covers what it lacks).</summary>
    private const int TransferAttemptsMax = 10;

    private static readonly TimeSpan TransferRequeueWait = TimeSpan.FromMilliseconds(500);

    private static readonly TimeSpan TransferRefusedWait = TimeSpan.FromSeconds(3);

    /// <summary>
    /// The leader as this node knows it now, else the node that offered the snapshot: the offerer
    /// may have died since (or before a restart resumed the transfer), and any leader's checkpoint
    /// at the slot or later will do.
    /// </summary>
    private uint TransferSource(uint offeredBy) =>
        leadership.LeaderId is { } leader && leader != options.Self ? leader : offeredBy;

    /// <summary>Committed slots up to here are in a transferred checkpoint's state already: they are not executed again.</summary>
    private ulong skipCommittedThrough;

    /// <summary>Page bytes received by state transfers since start.</summary>
    public long TransferPageBytes { get; private set; }

    /// <summary>State transfers installed since start (one may need no page at all: the state can already agree).</summary>
    public int TransfersInstalled { get; private set; }

    /// <summary>
    /// Sends the hash of every page this guest has to the leader that offered the checkpoint, waits
    /// for the differing pages, applies them with the checkpoint's globals, table and library OS state,
    /// asserts the digest and adopts the checkpoint's slot, epoch, log hash and connections. Then
    /// checkpoints that state itself, so a restart does not need the leader again.
    /// </summary>
    private void InstallFromLeader(CheckpointInstall install)
    {
        SnapshotOffer offer = SnapshotOffer.Decode(install.Payload);
        Invariant.Require(offer.Metadata.Slot == install.Slot, $"the snapshot at slot {install.Slot} carries {offer.Metadata}");
        if (install.Slot <= lastSlot)
        {
            // An earlier transfer brought a newer checkpoint than consensus knew of: the state already covers this snapshot.
            Invariant.Require(install.Slot <= skipCommittedThrough, $"the snapshot at slot {install.Slot} lies behind the executed slot {lastSlot}");
            return;
        }
        CheckpointLog.TransferStarted(logger, install.Slot, offer.Metadata.Epoch, offer.Source);
        state.Seal(); // the hash table must cover everything the guest wrote since its last boundary
        (CheckpointMetadata Meta, List<(int, ReadOnlyMemory<byte>)> Pages)? received = null;
        string problem = "no answer";
        for (ulong attempt = 1; attempt <= TransferAttemptsMax && received is null && !stopping; attempt++)
            received = RequestPages(TransferSource(offer.Source), install.Slot, attempt, ref problem);
        if (stopping) return;
        if (received is not { } transfer) throw new StateTransferException(install.Slot, offer.Source, $"{TransferAttemptsMax} attempts: {problem}");
        CheckpointMetadata meta = transfer.Meta;
        EpochSeal seal = state.ApplyPatch(meta.PageCount, transfer.Pages, meta.Globals, meta.Table, meta.LibraryOs);
        Invariant.Require(seal.Digest.Value == meta.Digest,
            $"after the transfer from node {offer.Source} the digest is {seal.Digest.Value:x16}, checkpoint {meta.Id}'s is {meta.Digest:x16}");
        long bytes = (long)transfer.Pages.Count * Guest.IGuestMachine.PageBytes;
        TransferPageBytes += bytes;
        TransfersInstalled++;
        AdoptCheckpoint(meta);
        skipCommittedThrough = meta.Slot; // the leader's checkpoint may be newer than the snapshot: those slots are in its state
        outputs.Keep(false);
        CheckpointLog.TransferDone(logger, meta.Slot, offer.Source, transfer.Pages.Count, meta.PageCount, bytes);
        CheckpointNow(meta.Slot);
        RetakeAbsorbedTakeover();
    }

    /// <summary>
    /// A node that became leader while its transfer ran may receive a checkpoint that already holds
    /// its own takeover (the serving peer executed the entry before checkpointing): the entry is then
    /// never executed here, its takeover round never runs, and the node would lead without ever
    /// serving (found by `plover torture --seed 2211`). It proposes the takeover again, as it does
    /// when a takeover round fails.
    /// </summary>
    private void RetakeAbsorbedTakeover()
    {
        if (!leadership.IsLeader || leadership.Ballot != epochPrimaryBallot || primary is not null) return;
        ExecutorLog.TakeoverRetry(logger, epoch, epochPrimaryBallot);
        proposer.RetryTakeover(epochPrimaryBallot);
    }

    /// <summary>One attempt: the request, then every part in order until the last. Null (and why) when it failed.</summary>
    private (CheckpointMetadata, List<(int, ReadOnlyMemory<byte>)>)? RequestPages(uint source, ulong slot, ulong attempt, ref string problem)
    {
        var request = new StateTransferRequest { Slot = slot, CheckpointId = attempt, PageCount = (uint)state.Hashes.PageCount };
        for (int page = 0; page < state.Hashes.PageCount; page++) request.Hashes.Add(state.Hashes[page]);
        if (!link.Send(source, new Envelope { StateTransferRequest = request }))
        {
            problem = "the request could not be queued";
            Thread.Sleep(TransferRequeueWait); // the link is down: give it a moment
            return null;
        }
        var pages = new List<(int, ReadOnlyMemory<byte>)>();
        CheckpointMetadata? meta = null;
        uint expectedPart = 0;
        long until = Environment.TickCount64 + (long)TransferAttemptWait.TotalMilliseconds;
        while (!stopping)
        {
            long left = until - Environment.TickCount64;
            if (left <= 0)
            {
                problem = $"no part {expectedPart} within {TransferAttemptWait.TotalSeconds} s";
                return null;
            }
            switch (inbox.Take(TimeSpan.FromMilliseconds(left)))
            {
                case null: break;
                case TransferPartReceived { Part: var part } received when received.From == source && part.Slot == slot && part.CheckpointId == attempt:
                    if (part.Error.Length > 0)
                    {
                        problem = $"node {source} refused: {part.Error}";
                        Thread.Sleep(TransferRefusedWait); // e.g. a new leader whose first checkpoint is still to come
                        return null;
                    }
                    if (part.Part != expectedPart)
                    {
                        problem = $"part {part.Part} arrived where part {expectedPart} was due (a part was lost)";
                        return null;
                    }
                    if (expectedPart++ == 0) meta = ServedCheckpoint(source, slot, part);
                    AddPages(meta!, source, part, pages);
                    if (!part.Last) break;
                    if (part.PagesSent != pages.Count)
                    {
                        problem = $"the last part counts {part.PagesSent} pages, {pages.Count} arrived";
                        return null;
                    }
                    return (meta!, pages);
                case TransferPartReceived: break; // of an earlier attempt
                case LeadershipChanged changed: OnLeadership(changed.Leadership); break;
                case StopExecutor: stopping = true; break;
                case { } other: deferred.Enqueue(other); break;
            }
        }
        return null;
    }

    /// <summary>The metadata part 0 carries: the checkpoint actually served, at the asked slot or later, with a memory this guest can grow to.</summary>
    private CheckpointMetadata ServedCheckpoint(uint source, ulong slot, StateTransferPart first)
    {
        CheckpointMetadata meta = CheckpointMetadataCodec.Decode(first.Metadata.ToByteArray());
        if (meta.Slot < slot) throw new StateTransferException(slot, source, $"served {meta}, behind the asked slot");
        if (state.Hashes.PageCount > meta.PageCount)
            throw new StateTransferException(slot, source, $"this guest has {state.Hashes.PageCount} pages, more than {meta}'s (memory cannot shrink)");
        return meta;
    }

    private static void AddPages(CheckpointMetadata meta, uint source, StateTransferPart part, List<(int, ReadOnlyMemory<byte>)> pages)
    {
        if (part.Pages.Count != part.PageIndexes.Count)
            throw new StateTransferException(meta.Slot, source, $"part {part.Part} has {part.Pages.Count} pages for {part.PageIndexes.Count} indexes");
        for (int i = 0; i < part.Pages.Count; i++)
        {
            if (part.Pages[i].Length != Guest.IGuestMachine.PageBytes || part.PageIndexes[i] >= (uint)meta.PageCount)
                throw new StateTransferException(meta.Slot, source, $"page {part.PageIndexes[i]} of {part.Pages[i].Length} bytes is no page of a {meta.PageCount}-page memory");
            pages.Add(((int)part.PageIndexes[i], part.Pages[i].Memory));
        }
    }
}
