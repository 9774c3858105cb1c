using Plover.Engine.Wire;

namespace Plover.Engine.Epochs;

/// <summary>
/// One epoch's sync at a backup: send the digest, then follow the primary's verdict (synced; send
/// dirty or all page hashes and apply the patch that comes back; or behind). At a takeover epoch the
/// new primary may first ask for this host's state (a pull). The round ends when the primary is done
/// with this host, when it has been silent for too long, or when the executor abandons it (a newer
/// primary exists).
/// </summary>
public sealed class BackupRound
{
    private readonly ISyncLink link;
    private readonly GuestStateTracker state;
    private readonly SyncTimeouts timeouts;
    private readonly TimeProvider time;
    private readonly SyncPoint syncedBefore;
    private readonly StatePatchAssembler patchParts = new();
    private readonly int pagesDirtied;
    private long lastHeardAt;
    private long bytesSent;
    private int hashListsSent;
    private int pagesCompared;

    public BackupRound(uint primary, ulong ballot, ulong epoch, EpochSeal seal, ulong logHash, bool takeover, SyncPoint syncedBefore,
        ISyncLink link, GuestStateTracker state, SyncTimeouts timeouts, TimeProvider time, bool pipelined = false)
    {
        IsPipelined = pipelined;
        Primary = primary;
        Ballot = ballot;
        Epoch = epoch;
        Seal = seal;
        pagesDirtied = seal.DirtyPages.Count;
        LogHash = logHash;
        IsTakeover = takeover;
        this.syncedBefore = syncedBefore;
        this.link = link;
        this.state = state;
        this.timeouts = timeouts;
        this.time = time;
        lastHeardAt = time.GetTimestamp();
        SyncedAfter = syncedBefore;
    }

    public uint Primary { get; }

    public ulong Ballot { get; }

    public ulong Epoch { get; }

    public EpochSeal Seal { get; private set; }

    public ulong LogHash { get; }

    public bool IsTakeover { get; }

    /// <summary>
    /// The executor does not wait: the digest goes out and the guest runs on. Only a verdict of
    /// synced, behind or repair-next can come back; the round changes no state (the executor
    /// adopts its sync point, since the guest has moved past the epoch).
    /// </summary>
    public bool IsPipelined { get; }

    /// <summary>The primary said this backup diverged: its next epoch must wait for a repair.</summary>
    public bool RepairNext { get; private set; }

    /// <summary>For a pipelined round, the pause the executor took (its seal), set by the executor.</summary>
    public long PauseMicroseconds { get; set; }

    public SyncResult? Result { get; private set; }

    public bool IsFinished => Result is not null;

    /// <summary>This host's sync point once the round is over (unchanged unless it synced).</summary>
    public SyncPoint SyncedAfter { get; private set; }

    public int PagesApplied { get; private set; }

    /// <summary>Why a patch could not be applied, when one could not.</summary>
    public string? FailureReason { get; private set; }

    /// <summary>Sends this host's digest to the primary.</summary>
    public void Start()
    {
        var digest = new EpochDigest
        {
            Epoch = Epoch,
            StateDigest = Seal.Digest.Value,
            PrimaryBallot = Ballot,
            LastSyncedEpoch = syncedBefore.Epoch,
            LastSyncedDigest = syncedBefore.Digest,
            Parts = Seal.Digest.ToWire(),
            LogHash = LogHash,
            DirtyPages = (uint)state.DirtySinceSync.Count,
        };
        if (!Send(SyncMessages.Wrap(digest))) Finish(SyncResult.Missed);
    }

    public void Handle(uint from, Envelope message)
    {
        if (IsFinished || from != Primary || SyncMessages.BallotOf(message) != Ballot || SyncMessages.EpochOf(message) != Epoch) return;
        lastHeardAt = time.GetTimestamp();
        switch (message.KindCase)
        {
            case Envelope.KindOneofCase.EpochVerdict: OnVerdict(message.EpochVerdict); break;
            case Envelope.KindOneofCase.PageHashes when message.PageHashes.Pull && !IsPipelined: OnPull(message.PageHashes); break;
            case Envelope.KindOneofCase.StatePatch when !IsPipelined: OnPatch(message.StatePatch); break;
        }
    }

    /// <summary>Ends the round on silence or a lost link; returns how long the executor may wait before calling again.</summary>
    public TimeSpan Advance()
    {
        if (IsFinished) return TimeSpan.Zero;
        if (!link.IsConnected(Primary)) Finish(SyncResult.Missed);
        TimeSpan quiet = time.GetElapsedTime(lastHeardAt);
        if (quiet >= timeouts.PrimaryAnswer) Finish(SyncResult.Missed);
        TimeSpan left = timeouts.PrimaryAnswer - quiet;
        return left < SyncTimeouts.RecheckInterval ? left : SyncTimeouts.RecheckInterval;
    }

    /// <summary>A newer primary exists (or this one is gone): stop waiting for it.</summary>
    public void Abandon()
    {
        if (!IsFinished) Finish(SyncResult.Skipped);
    }

    private void OnVerdict(EpochVerdict verdict)
    {
        switch (verdict.Kind)
        {
            case EpochVerdict.Types.Kind.Synced:
                if (IsPipelined) SyncedAfter = new SyncPoint(Epoch, Seal.Digest.Value);
                else MarkSynced(Seal.Digest.Value);
                Finish(SyncResult.Equal);
                break;
            case EpochVerdict.Types.Kind.RepairNext:
                RepairNext = true;
                Finish(SyncResult.Diverged);
                break;
            case EpochVerdict.Types.Kind.SendDirtyHashes:
            case EpochVerdict.Types.Kind.SendAllHashes:
                if (IsPipelined)
                {
                    Finish(SyncResult.Missed); // the guest has moved on: it cannot answer for this epoch
                    break;
                }
                SendHashes(verdict.Kind == EpochVerdict.Types.Kind.SendAllHashes || state.DirtySetUnknown);
                break;
            case EpochVerdict.Types.Kind.Behind:
                Finish(SyncResult.Behind);
                break;
        }
    }

    private void SendHashes(bool allPages)
    {
        PageHashTable table = state.Hashes;
        IEnumerable<int> pages = allPages ? Enumerable.Range(0, table.PageCount) : state.DirtySinceSync.Ascending();
        hashListsSent++;
        if (!Send(SyncMessages.Wrap(SyncMessages.Hashes(Epoch, Ballot, table, pages, allPages, pull: false)))) Finish(SyncResult.Missed);
    }

    private void OnPatch(StatePatch part)
    {
        IReadOnlyList<StatePatch>? whole;
        try
        {
            whole = patchParts.Add(part);
        }
        catch (PatchFormatException e)
        {
            FailureReason = e.Message;
            Finish(SyncResult.Missed);
            return;
        }
        if (whole is null) return;
        StatePatch last = whole[^1];
        Invariant.Require(last.LogHash == LogHash, $"the primary's log hash at epoch {Epoch} is {last.LogHash:x16}, this host's {LogHash:x16}");
        try
        {
            Seal = StatePatchApplier.Apply(state, whole);
        }
        catch (PatchFormatException e)
        {
            FailureReason = e.Message;
            Finish(SyncResult.Missed);
            return;
        }
        PagesApplied = whole.Sum(p => p.Pages.Count);
        Invariant.Require(Seal.Digest.Value == last.StateDigest,
            $"after the patch of epoch {Epoch} this backup's digest is {Seal.Digest.Value:x16}, the primary's {last.StateDigest:x16}");
        MarkSynced(Seal.Digest.Value);
        Send(SyncMessages.Wrap(new EpochAck { Epoch = Epoch, StateDigest = Seal.Digest.Value, PrimaryBallot = Ballot }));
        Finish(SyncResult.Repaired);
    }

    /// <summary>The new primary wants this host's state: send every page that differs from its hashes, and every part.</summary>
    private void OnPull(PageHashes request)
    {
        Dictionary<int, ulong> theirs = SyncMessages.ReportedHashes(request);
        PatchPlan plan = PatchPlan.Diff(state.Hashes, null, theirs, allPages: true, Seal.Digest, Seal.Digest) with { Globals = true, Table = true, OsState = true };
        pagesCompared = plan.PagesCompared;
        foreach (StatePatch part in StatePatchWriter.Write(Epoch, Ballot, plan, state, Seal, LogHash))
        {
            if (!Send(SyncMessages.Wrap(part))) return;
        }
    }

    private void MarkSynced(ulong digest)
    {
        state.MarkSynced();
        SyncedAfter = new SyncPoint(Epoch, digest);
    }

    private bool Send(Envelope message)
    {
        if (!link.Send(Primary, message)) return false;
        bytesSent += message.CalculateSize();
        return true;
    }

    private void Finish(SyncResult result) => Result ??= result;

    public EpochStatistics Statistics(long pauseMicroseconds, long unixTimeMs) => new()
    {
        Epoch = Epoch,
        Role = "backup",
        Takeover = IsTakeover,
        PagesDirtied = pagesDirtied,
        PagesCompared = pagesCompared,
        PagesSent = PagesApplied,
        BytesSent = bytesSent,
        HashListsSent = hashListsSent,
        PauseMicroseconds = pauseMicroseconds,
        Digest = Seal.Digest.Value,
        DigestsEqual = Result is SyncResult.Equal or SyncResult.Repaired,
        Peers = [new PeerSync(Primary, Result ?? SyncResult.Missed, pagesCompared, PagesApplied, bytesSent)],
        UnixTimeMs = unixTimeMs,
    };
}
